package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Integrity checks. excelize is lenient where pairstat must not be: it
// ignores a zip member that fails its checksum, and its streaming row
// reader stops without an error where a sheet's XML breaks off or breaks
// down (its XML decoder's errors are dropped). Both would load a damaged
// file as if it held fewer rows, so ingest checks:
//
//   - at Open, that every XML part excelize holds in memory matches the
//     size and CRC-32 the zip archive recorded for it (parts that excelize
//     spooled to temporary files were checked by the zip reader then);
//   - when a row stream ends, that the sheet's XML is complete: it ends
//     with the end tag of its root element; it has no row element the
//     stream did not reach (the r number of the last one, and for a part in
//     memory the count of row elements); its rows are in order; and its
//     last row, which excelize reads up to </sheetData> without reporting
//     errors, is well-formed.
//
// Only the ends of the part are looked at, plus one scan for "<row" of a
// part in memory (at most 16 MiB), so the check costs little: about 0.1 s
// for a 200,000-row sheet, whose reading takes excelize seconds. For a
// sheet too large for excelize to keep in memory (over 16 MiB of XML) the
// part is unpacked once more to see its end (about 0.2 s for 57 MB).
// A full well-formedness pass with encoding/xml would cost 3 to 4 s there.

// pkgPartName is the name under which excelize keeps a zip member in
// File.Pkg: forward slashes, and two parts renamed to their usual case.
func pkgPartName(f *zip.File) string {
	name := memberName(f)
	switch strings.ToLower(name) {
	case "[content_types].xml":
		return "[Content_Types].xml"
	case "xl/sharedstrings.xml":
		return "xl/sharedStrings.xml"
	}
	return name
}

// verifyParts checks the XML parts excelize read into memory against the
// sizes and checksums recorded in the archive; it returns the name of the
// first part that does not match.
func verifyParts(xf *excelize.File, zr *zip.Reader) (string, bool) {
	seen := make(map[string]int, len(zr.File))
	for _, f := range zr.File {
		seen[pkgPartName(f)]++
	}
	for _, f := range zr.File {
		name := pkgPartName(f)
		lower := strings.ToLower(name)
		if seen[name] > 1 || !(strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".rels")) {
			continue // a name stored twice: which copy excelize kept is unknown
		}
		v, ok := xf.Pkg.Load(name)
		if !ok {
			continue // spooled to a temporary file, checked while unpacking
		}
		b, ok := v.([]byte)
		if !ok {
			continue
		}
		if uint64(len(b)) != f.UncompressedSize64 || (f.CRC32 != 0 && crc32.ChecksumIEEE(b) != f.CRC32) {
			return name, false
		}
	}
	return "", true
}

// relationships is a package relationships part (.rels).
type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
		Type   string `xml:"Type,attr"`
	} `xml:"Relationship"`
}

func (w *Workbook) readRels(name string) *relationships {
	v, ok := w.file.Pkg.Load(name)
	if !ok {
		return nil
	}
	b, _ := v.([]byte)
	var rels relationships
	if err := xml.Unmarshal(b, &rels); err != nil {
		return nil
	}
	return &rels
}

// sheetParts maps each sheet name to the package part holding its XML,
// resolved as excelize does (File.getSheetMap, getWorkbookPath,
// getWorkbookRelsPath, getWorksheetPath): the officeDocument relationship
// of the package names the workbook part, whose relationships name the
// parts of its sheets.
func (w *Workbook) sheetParts() map[string]string {
	parts := map[string]string{}
	wbPath := ""
	if rels := w.readRels("_rels/.rels"); rels != nil {
		for _, r := range rels.Rels {
			if r.Type == excelize.SourceRelationshipOfficeDocument || r.Type == excelize.StrictSourceRelationshipOfficeDocument {
				wbPath = strings.TrimPrefix(r.Target, "/")
				break
			}
		}
	}
	rels := w.readRels(workbookRelsPath(wbPath))
	if rels == nil || w.file.WorkBook == nil {
		return parts
	}
	for _, s := range w.file.WorkBook.Sheets.Sheet {
		for _, r := range rels.Rels {
			if r.ID != s.ID {
				continue
			}
			if path := worksheetPath(wbPath, r.Target); w.hasPart(path) {
				parts[s.Name] = path
			}
		}
	}
	return parts
}

// hasPart reports whether the package holds the named part.
func (w *Workbook) hasPart(name string) bool {
	if _, ok := w.file.Pkg.Load(name); ok {
		return true
	}
	return w.member(name) != nil
}

// member returns the last zip member with the given part name, the one
// excelize keeps, or nil; from the copy of the archive excelize was given
// when it holds parts decoded from UTF-16.
func (w *Workbook) member(name string) *zip.File {
	zr := w.zip
	if w.kept != nil {
		zr = w.kept
	}
	var found *zip.File
	for _, f := range zr.File {
		if pkgPartName(f) == name {
			found = f
		}
	}
	return found
}

// sheetPart returns the part holding the named sheet, matched without
// regard to case as excelize matches it.
func (w *Workbook) sheetPart(sheet string) (string, bool) {
	w.partsOnce.Do(func() { w.parts = w.sheetParts() })
	if p, ok := w.parts[sheet]; ok {
		return p, true
	}
	for name, p := range w.parts {
		if strings.EqualFold(name, sheet) {
			return p, true
		}
	}
	return "", false
}

// Windows of a large part kept by partEnds.
const (
	headWindow = 64 << 10
	tailWindow = 1 << 20
)

// partEnds returns the beginning and the end of a part's XML, and whether
// they are the whole part. A part held in memory is returned whole; a part
// excelize spooled to a temporary file is unpacked from the archive again.
func (w *Workbook) partEnds(name string) (head, tail []byte, whole bool, err error) {
	if b := w.heldPart(name); b != nil {
		return b, b, true, nil
	}
	rc, closer, ok, err := w.partReader(name)
	switch {
	case !ok:
		return nil, nil, true, nil
	case err != nil:
		return nil, nil, false, err
	}
	defer closer.Close()
	var ends endsWriter
	if _, err := io.Copy(&ends, rc); err != nil {
		return nil, nil, false, err
	}
	return ends.head, ends.tail, ends.n <= headWindow, nil
}

// endsWriter keeps the first headWindow and about the last tailWindow bytes
// written to it.
type endsWriter struct {
	head, tail []byte
	n          int64
}

func (e *endsWriter) Write(p []byte) (int, error) {
	e.n += int64(len(p))
	if room := headWindow - len(e.head); room > 0 {
		e.head = append(e.head, p[:min(room, len(p))]...)
	}
	e.tail = append(e.tail, p...)
	if len(e.tail) > 2*tailWindow {
		e.tail = append(e.tail[:0], e.tail[len(e.tail)-tailWindow:]...)
	}
	return len(p), nil
}

// checkEnd checks that the XML of a sheet whose row stream ended after
// rowsRead rows is complete; ends, when not nil, are the ends of its XML
// as the sheet's census unpacked them. It returns nil when it is, or when the part
// cannot be found (excelize found it; then so should sheetParts).
func (w *Workbook) checkEnd(sheet string, rowsRead int, ends *endsWriter) error {
	name, ok := w.sheetPart(sheet)
	if !ok {
		return nil
	}
	var head, tail []byte
	var whole bool
	var err error
	if ends != nil { // unpacked already, for the sheet's census
		head, tail, whole = ends.head, ends.tail, ends.n <= headWindow
	} else {
		head, tail, whole, err = w.partEnds(name)
	}
	if err != nil {
		return fixCopyAgain.At(w.Name, sheet, "", "",
			damaged(err, "the sheet's XML (%s) cannot be unpacked (%v)", "工作表的 XML（%s）无法解压（%v）", name, err))
	}
	if cause := sheetXMLCause(head, tail, whole, rowsRead); cause != nil {
		return fixCopyAgain.At(w.Name, sheet, "", "", cause)
	}
	return nil
}

// sheetXMLCause says what is wrong with the XML of a sheet that a stream
// read up to row rowsRead, given the beginning and the end of that XML;
// nil when nothing is.
func sheetXMLCause(head, tail []byte, whole bool, rowsRead int) error {
	root, ok := xmlRoot(head)
	if !ok {
		if !whole {
			return nil // an unusual prologue longer than the head window
		}
		return newCause(ErrTruncated, nil, "the sheet's XML is empty or cut off before its first element",
			"工作表的 XML 是空的，或在第一个元素之前就被截断")
	}
	end, closed := xmlClosed(tail, root)
	if !closed {
		where := words{"before its first row", "第一行之前"}
		if rowsRead > 0 {
			where = words{fmt.Sprintf("in or after row %d", rowsRead), fmt.Sprintf("第 %d 行或其后", rowsRead)}
		}
		return newCause(ErrTruncated, nil, "the sheet's data ends abruptly %s: its XML is cut off before the closing </%s> tag",
			"工作表的数据在%s突然中断：其 XML 在结束标记 </%s> 之前被截断", where, root)
	}
	prefix := ""
	if i := strings.IndexByte(root, ':'); i >= 0 {
		prefix = root[:i+1]
	}
	body := tail[:end]
	dataEnd := bytes.LastIndex(body, []byte("</"+prefix+"sheetData"))
	if dataEnd < 0 {
		return nil // no rows, or not a worksheet
	}
	data := body[:dataEnd]
	start, last, numbered := lastRow(data, prefix)
	damagedAfter := func(en, zh string, n int) error {
		return damaged(nil, "the sheet's XML is damaged after row %d, and the rest cannot be read: "+en,
			"工作表的 XML 在第 %d 行之后损坏，其余部分无法读取："+zh, rowsRead, n)
	}
	switch {
	case start < 0:
		return nil // no row elements: no row to lose
	case rowsRead == 0:
		return damaged(nil, "the sheet's XML is damaged before its first row: none of its rows can be read",
			"工作表的 XML 在第一行之前就已损坏：任何一行都无法读取")
	case !numbered:
		return damaged(nil, "the sheet's XML is damaged: its last row has an invalid row number",
			"工作表的 XML 已损坏：最后一行的行号无效")
	case last > rowsRead:
		return damagedAfter("the sheet goes on to row %d", "工作表一直到第 %d 行", last)
	case last > 0 && last < rowsRead:
		// Rows out of order: excelize numbers them wrongly, and a row
		// numbered too high can hide rows lost after it.
		return damaged(nil, "the sheet's XML is damaged: its rows are out of order (its last row is row %d, after row %d)",
			"工作表的 XML 已损坏：行的顺序错乱（最后一行是第 %d 行，排在第 %d 行之后）", last, rowsRead)
	case whole:
		if n := countRows(data, prefix); n > rowsRead {
			return damagedAfter("the sheet has %d rows", "工作表共有 %d 行", n)
		}
	}
	// excelize reads the last row up to </sheetData> and keeps what it
	// read before an error without saying so: check that row strictly.
	if err := wellFormed(data[start:]); err != nil {
		what := err.Error()
		if syntax, ok := err.(*xml.SyntaxError); ok {
			what = syntax.Msg // its line is the row's, not the part's
		}
		return damaged(err, "the sheet's XML is damaged in its last row, row %d (%s)",
			"工作表的 XML 在最后一行（第 %d 行）损坏（%s）", rowsRead, what)
	}
	return nil
}

// wellFormed reports the first XML error in a fragment of elements.
func wellFormed(fragment []byte) error {
	d := xml.NewDecoder(bytes.NewReader(fragment))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// xmlRoot returns the qualified name of the root element of an XML
// document, given its beginning. Like encoding/xml, it skips anything
// before the first element: declaration, comments, document type, stray
// text.
func xmlRoot(b []byte) (string, bool) {
	for {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			return "", false
		}
		b = b[i:]
		var skip int
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			skip = afterMarker(b, "?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			skip = afterMarker(b, "-->")
		case bytes.HasPrefix(b, []byte("<!")): // <!DOCTYPE …> with an optional [internal subset]
			skip = afterMarker(b, ">")
			if open := bytes.IndexByte(b, '['); open >= 0 && (skip < 0 || open < skip) {
				if close := afterMarker(b[open:], "]"); close >= 0 {
					if gt := afterMarker(b[open+close:], ">"); gt >= 0 {
						skip = open + close + gt
					}
				}
			}
		default:
			n := 1
			for n < len(b) && !strings.ContainsRune(" \t\r\n/>", rune(b[n])) {
				n++
			}
			if n == 1 || n == len(b) {
				return "", false
			}
			return string(b[1:n]), true
		}
		if skip < 0 {
			return "", false
		}
		b = b[skip:]
	}
}

// afterMarker returns the index just past the first marker in b, -1 if b
// holds none.
func afterMarker(b []byte, marker string) int {
	i := bytes.Index(b, []byte(marker))
	if i < 0 {
		return -1
	}
	return i + len(marker)
}

// xmlClosed reports whether the end of a document, tail, holds the end
// tag of the root element, followed only by white space, comments,
// processing instructions or stray text (which encoding/xml also
// tolerates). It returns where the end tag starts.
func xmlClosed(tail []byte, root string) (int, bool) {
	end := bytes.LastIndex(tail, []byte("</"+root))
	if end < 0 {
		return 0, false
	}
	rest := bytes.TrimLeft(tail[end+2+len(root):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '>' {
		return 0, false
	}
	rest = rest[1:]
	for {
		i := bytes.IndexByte(rest, '<')
		if i < 0 {
			return end, true
		}
		rest = rest[i:]
		skip := -1
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			skip = afterMarker(rest, "-->")
		case bytes.HasPrefix(rest, []byte("<?")):
			skip = afterMarker(rest, "?>")
		}
		if skip < 0 {
			return 0, false
		}
		rest = rest[skip:]
	}
}

// rowTag returns the length of the row start tag "<row" (with the given
// element prefix) at the start of b, 0 if b does not start with one.
func rowTag(b []byte, prefix string) int {
	n := 1 + len(prefix) + len("row")
	if len(b) > n && b[0] == '<' && string(b[1:1+len(prefix)]) == prefix && string(b[1+len(prefix):n]) == "row" &&
		strings.IndexByte(" \t\r\n/>", b[n]) >= 0 {
		return n
	}
	return 0
}

// lastRow finds the last row element in b, whose elements carry the
// given prefix ("x:" or ""): where its start tag begins (-1 if there is
// none), its row number (0 when it has no r attribute), and false when its
// r attribute is not a row number.
func lastRow(b []byte, prefix string) (start, num int, ok bool) {
	tag := []byte("<" + prefix + "row")
	for end := len(b); ; {
		i := bytes.LastIndex(b[:end], tag)
		if i < 0 {
			return -1, 0, true
		}
		if n := rowTag(b[i:], prefix); n > 0 {
			num, ok := rowAttr(b[i+n:])
			return i, num, ok
		}
		end = i // a longer name, like <rowBreaks>
	}
}

// countRows counts the row elements in b.
func countRows(b []byte, prefix string) int {
	tag := []byte("<" + prefix + "row")
	count := 0
	for {
		i := bytes.Index(b, tag)
		if i < 0 {
			return count
		}
		if rowTag(b[i:], prefix) > 0 {
			count++
		}
		b = b[i+len(tag):]
	}
}

// rowAttr reads the r attribute of the start tag whose attributes begin
// b: 0 and true when it has none, false when it is not a number.
func rowAttr(b []byte) (int, bool) {
	if gt := bytes.IndexByte(b, '>'); gt >= 0 {
		b = b[:gt]
	}
	for i := 0; i+2 < len(b); i++ {
		if strings.IndexByte(" \t\r\n", b[i]) < 0 || b[i+1] != 'r' {
			continue
		}
		v := bytes.TrimLeft(b[i+2:], " \t\r\n")
		if len(v) == 0 || v[0] != '=' {
			continue
		}
		v = bytes.TrimLeft(v[1:], " \t\r\n")
		if len(v) < 2 || (v[0] != '"' && v[0] != '\'') {
			return 0, false
		}
		q := bytes.IndexByte(v[1:], v[0])
		if q < 0 {
			return 0, false
		}
		n, err := strconv.Atoi(strings.TrimSpace(string(v[1 : 1+q])))
		if err != nil || n < 1 {
			return 0, false
		}
		return n, true
	}
	return 0, true
}
