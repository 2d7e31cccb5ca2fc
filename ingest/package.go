package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The package: before excelize sees a workbook, ingest checks its zip
// archive against the limits (members, declared sizes, sizes that no
// compression can give, unsafe member names), reads its structure (which
// parts hold the sheets and the shared strings), counts the shared
// strings, and hands excelize a copy of the archive that holds only the
// parts pairstat reads. excelize otherwise unpacks every member into
// memory when it opens a file (images, embedded files, any member at
// all) and decodes styles, themes and the calculation chain whole, none
// of which pairstat uses: it reads raw cell values. The copy is made of
// the members' compressed bytes, unchanged, into a temporary file; a part
// in UTF-16 is decoded to UTF-8 into it instead (utf16.go).

// dirReader reads the zip archive for zip.NewReader, failing once the
// central directory has cost more than budget bytes: the Go zip reader
// builds a record for every entry it finds, however many there are.
type dirReader struct {
	r      io.ReaderAt
	budget int64
	read   int64
	over   bool
	done   bool // the directory has been read: no more budget
}

var errDirectory = errors.New("zip directory over budget")

func (d *dirReader) ReadAt(p []byte, off int64) (int, error) {
	if !d.done {
		d.read += int64(len(p))
		if d.read > d.budget {
			d.over = true
			return 0, errDirectory
		}
	}
	return d.r.ReadAt(p, off)
}

// directoryBudget is what reading the central directory of an archive of
// at most parts members may cost: its end record, searched for in the
// last 64 KiB twice, and up to 512 bytes an entry.
func directoryBudget(parts int) int64 { return 256<<10 + int64(parts)*512 }

// unsafeName reports whether a member name points outside the archive's
// folder when unpacked: an absolute path, a drive letter or a ".."
// element. (pairstat never writes members under their names; excelize
// spools the large ones to temporary files it names itself.)
func unsafeName(name string) bool {
	name = strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(name, "/") || (len(name) >= 2 && name[1] == ':') {
		return true
	}
	return slices.Contains(strings.Split(name, "/"), "..")
}

// checkMembers checks the members of an archive against the limits, from
// its directory alone: their number, their total declared size, member
// names, and sizes that no compression can give.
func checkMembers(zr *zip.Reader, lim *Limits) (Advice, error) {
	if len(zr.File) > lim.Parts {
		return fixTooLarge, overLimit("the workbook's zip archive has %s members, more than the limit of %s",
			"工作簿的 zip 压缩包有 %s 个成员，超过上限 %s 个", count(len(zr.File)), count(lim.Parts))
	}
	for _, f := range zr.File {
		name := memberName(f)
		if unsafeName(f.Name) {
			return FixResave, damaged(nil, "the workbook's zip archive holds a member named %q, a path outside the archive (absolute, or with ..), which no spreadsheet program writes; nothing was unpacked under that name",
				"工作簿的 zip 压缩包中有名为 %q 的成员，其路径指向压缩包之外（绝对路径或含 ..），任何电子表格程序都不会这样写；没有按此名称解压任何内容", f.Name)
		}
		size, packed := f.UncompressedSize64, f.CompressedSize64
		switch {
		case f.Method == zip.Store && size != packed:
			return FixResave, damaged(nil, "the workbook is damaged: its part %s is stored uncompressed in %s but declares %s; its zip header is wrong",
				"部件 %s 未经压缩存储，占 %s，却声明为 %s；其 zip 文件头有误", name, byteSize(packed), byteSize(size))
		case f.Method == zip.Deflate && size/maxRatio > packed+64:
			return FixResave, damaged(nil, "the workbook is damaged: its part %s declares %s unpacked from %s compressed, more than deflate compression can give; its zip header is wrong",
				"部件 %[1]s 压缩后为 %[3]s，却声称解压后为 %[2]s，超出 deflate 压缩所能达到的比例；其 zip 文件头有误", name, byteSize(size), byteSize(packed))
		}
	}
	if total := unpackedTotal(zr); total > uint64(lim.Size) {
		return fixTooLarge, overLimit("the workbook unpacks to %s, more than the limit of %s",
			"工作簿解压后为 %s，超过上限 %s", byteSize(total), byteSize(lim.Size))
	}
	return Advice{}, nil
}

// unpackedTotal is the unpacked size of all the members of an archive
// together, as its directory declares them.
func unpackedTotal(zr *zip.Reader) uint64 {
	var total uint64
	for _, f := range zr.File {
		if total += f.UncompressedSize64; total < f.UncompressedSize64 {
			return ^uint64(0) // overflow: as large as can be
		}
	}
	return total
}

// layout is what the workbook's structure says of its parts.
type layout struct {
	workbook string          // the workbook part, "" if none is named
	sheets   int             // sheets listed in the workbook part
	sst      *zip.File       // the shared strings, nil if none
	keep     map[string]bool // the part names excelize is given
}

// relationships of a .rels part, by local names as excelize reads them
// (it turns Strict OOXML namespaces into Transitional ones first).
func parseRels(b []byte) []relationship {
	var rels relationships
	if err := xml.Unmarshal(b, &rels); err != nil {
		return nil
	}
	out := make([]relationship, len(rels.Rels))
	for i, r := range rels.Rels {
		out[i] = relationship{ID: r.ID, Target: r.Target, Type: r.Type}
	}
	return out
}

type relationship struct{ ID, Target, Type string }

// sheetEntry is a <sheet> of the workbook part: its name and relationship.
type sheetEntry struct{ name, rid string }

// parseSheets lists the sheets of a workbook part, stopping past max.
func parseSheets(b []byte, max int) ([]sheetEntry, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var sheets []sheetEntry
	for {
		tok, err := d.RawToken()
		if err != nil {
			return sheets, nil // excelize decides what a broken part means
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != "sheet" {
			continue
		}
		var s sheetEntry
		for _, a := range start.Attr {
			switch {
			case a.Name.Local == "name" && a.Name.Space == "":
				s.name = a.Value
			case a.Name.Local == "id" && a.Name.Space != "":
				s.rid = a.Value
			}
		}
		if sheets = append(sheets, s); len(sheets) > max {
			return sheets, overLimit("the workbook has more than %s sheets, the limit", "工作簿的工作表多于 %s 个，即上限", count(max))
		}
	}
}

// structurePart reads a structural part whole, if the archive holds it:
// at most maxStructure bytes, with no document type declaration and no
// token too long.
func structurePart(zr *zip.Reader, name string, lim *Limits) ([]byte, Advice, error) {
	f := lastMember(zr, name)
	if f == nil {
		return nil, Advice{}, nil
	}
	if f.UncompressedSize64 > maxStructure {
		return nil, fixTooLarge, overLimit("the workbook's part %s unpacks to %s, more than the limit of %s for that part",
			"部件 %s 解压后为 %s，超过该部件的上限 %s", name, byteSize(f.UncompressedSize64), byteSize(maxStructure))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, Advice{}, nil // excelize and openCause explain it
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxStructure+1))
	if err != nil {
		return nil, Advice{}, nil
	}
	if form, ok := sniffUTF16(b); ok {
		if b, err = io.ReadAll(decodeUTF16(bytes.NewReader(b), form, maxStructure)); err != nil {
			return nil, fixTooLarge, decodedTooLarge(name, maxStructure)
		}
	}
	c := &census{part: name, kind: otherPart, lim: lim}
	if err := c.scan(bytes.NewReader(b)); err != nil {
		fix, cause := censusError(name, err)
		return nil, fix, cause
	}
	return b, Advice{}, nil
}

// lastMember returns the last member with the given part name, the one
// excelize keeps when a name is stored twice; nil if none.
func lastMember(zr *zip.Reader, name string) *zip.File {
	var found *zip.File
	for _, f := range zr.File {
		if pkgPartName(f) == name {
			found = f
		}
	}
	return found
}

// worksheetPath resolves a relationship target of the workbook part as
// excelize does (File.getWorksheetPath).
func worksheetPath(wbPath, target string) string {
	if strings.HasPrefix(target, "/") {
		return filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(target), `\`, "/"), "/"))
	}
	return filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(
		filepath.Clean(fmt.Sprintf("%s/%s", filepath.Dir(wbPath), target)), `\`, "/"), "/"))
}

// workbookRelsPath is the relationships part of the workbook part, as
// excelize names it (File.getWorkbookRelsPath).
func workbookRelsPath(wbPath string) string {
	if dir := filepath.Dir(wbPath); dir != "." {
		return strings.TrimPrefix(dir+"/_rels/"+filepath.Base(wbPath)+".rels", "/")
	}
	return "_rels/" + filepath.Base(wbPath) + ".rels"
}

// readLayout finds the parts excelize reads to list the sheets and stream
// their rows, resolving them as excelize does: the package relationships
// name the workbook part, whose relationships name the part of each
// sheet; the shared strings are always xl/sharedStrings.xml.
func readLayout(zr *zip.Reader, lim *Limits) (*layout, Advice, error) {
	l := &layout{keep: map[string]bool{"[Content_Types].xml": true, "_rels/.rels": true, "xl/sharedStrings.xml": true}}
	if _, fix, err := structurePart(zr, "[Content_Types].xml", lim); err != nil {
		return nil, fix, err
	}
	pkgRels, fix, err := structurePart(zr, "_rels/.rels", lim)
	if err != nil {
		return nil, fix, err
	}
	for _, r := range parseRels(pkgRels) {
		if r.Type == excelize.SourceRelationshipOfficeDocument || r.Type == excelize.StrictSourceRelationshipOfficeDocument {
			l.workbook = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	wbRels := workbookRelsPath(l.workbook)
	l.keep[l.workbook], l.keep[wbRels] = true, true
	wb, fix, err := structurePart(zr, l.workbook, lim)
	if err != nil {
		return nil, fix, err
	}
	sheets, err := parseSheets(wb, lim.Sheets)
	if err != nil {
		return nil, fixTooLarge, err
	}
	l.sheets = len(sheets)
	relsPart, fix, err := structurePart(zr, wbRels, lim)
	if err != nil {
		return nil, fix, err
	}
	rels := parseRels(relsPart)
	for _, s := range sheets {
		for _, r := range rels {
			if r.ID == s.rid {
				l.keep[worksheetPath(l.workbook, r.Target)] = true
			}
		}
	}
	l.sst = lastMember(zr, "xl/sharedStrings.xml")
	return l, Advice{}, nil
}

// isStreamable reports whether excelize spools a part larger than its
// threshold to a temporary file (ReadZipReader): the shared strings and
// parts named like worksheets. It holds any other part in memory.
func isStreamable(name string) bool {
	lower := strings.ToLower(name)
	return lower == "xl/sharedstrings.xml" || strings.HasPrefix(lower, "xl/worksheets/sheet")
}

// checkSizes checks the sizes of the parts excelize will be given: a
// worksheet or the shared strings at most PartSize, any other part (held
// in memory) at most streamChunk, and those together at most
// memoryBudget.
func (l *layout) checkSizes(zr *zip.Reader, lim *Limits) (Advice, error) {
	var inMemory uint64
	for _, f := range zr.File {
		name := pkgPartName(f)
		if !l.keep[name] {
			continue
		}
		size := f.UncompressedSize64
		switch {
		case isStreamable(name) && size > uint64(lim.PartSize):
			what := words{"worksheet", "工作表"}
			if strings.EqualFold(name, "xl/sharedStrings.xml") {
				what = words{"shared strings", "共享字符串"}
			}
			return fixTooLarge, overLimit("the workbook's %s part %s unpacks to %s, more than the limit of %s",
				"%s部件 %s 解压后为 %s，超过上限 %s", what, name, byteSize(size), byteSize(lim.PartSize))
		case isStreamable(name):
		case size > streamChunk:
			return fixTooLarge, overLimit("the workbook's part %s unpacks to %s, more than the limit of %s for a part held in memory",
				"部件 %s 解压后为 %s，超过内存中存放的部件的上限 %s", name, byteSize(size), byteSize(streamChunk))
		default:
			inMemory += size
		}
	}
	if inMemory > memoryBudget {
		return fixTooLarge, overLimit("the workbook's parts held in memory unpack to %s, more than the limit of %s",
			"存放在内存中的部件解压后共 %s，超过上限 %s", byteSize(inMemory), byteSize(memoryBudget))
	}
	return Advice{}, nil
}

// threshold picks excelize's threshold for holding a worksheet or the
// shared strings in memory: its own 16 MiB, lowered so that what is held
// in memory stays within memoryBudget, and below the size of the shared
// strings when decoding them whole would cost too much (they have
// sstElements elements).
func (l *layout) threshold(zr *zip.Reader, sstElements int) int64 {
	var inMemory uint64
	var streamable []uint64
	for _, f := range zr.File {
		name := pkgPartName(f)
		switch {
		case !l.keep[name]:
		case isStreamable(name):
			streamable = append(streamable, f.UncompressedSize64)
		default:
			inMemory += f.UncompressedSize64
		}
	}
	threshold := int64(streamChunk)
	if l.sst != nil && sstElements > sstElementsInMemory && l.sst.UncompressedSize64 <= uint64(threshold) {
		threshold = max(1, int64(l.sst.UncompressedSize64)-1)
	}
	for {
		held, largest := inMemory, uint64(0)
		for _, s := range streamable {
			if s <= uint64(threshold) {
				held += s
				largest = max(largest, s)
			}
		}
		if held <= memoryBudget || largest == 0 {
			return threshold
		}
		threshold = max(1, int64(largest)-1)
	}
}

// countSharedStrings takes the census of the shared strings part.
func countSharedStrings(f *zip.File, lim *Limits) (*census, Advice, error) {
	c := &census{part: memberName(f), kind: sstPart, lim: lim}
	rc, err := f.Open()
	if err != nil {
		return c, Advice{}, nil // excelize and openCause explain it
	}
	defer rc.Close()
	if err := c.scan(rc); err != nil {
		fix, cause := censusError(c.part, err)
		return c, fix, cause
	}
	return c, Advice{}, nil
}

// copyParts writes a zip archive holding the kept members of zr, their
// compressed bytes unchanged, to a new temporary file in dir, and returns
// its path; "" when every member is kept and none is to be recoded. The
// members in recode are decoded from UTF-16 to UTF-8 instead (see
// utf16.go), each within its limit; grown is how many bytes larger they
// are unpacked than the originals. A member that cannot be read is a
// damaged workbook, one over its limit decoded is over a limit (cause); a
// copy that cannot be written, a failure (err).
func (l *layout) copyParts(zr *zip.Reader, dir string, recode map[*zip.File]utf16Form, lim *Limits) (path string, grown int64, cause, err error) {
	all := len(recode) == 0
	for _, f := range zr.File {
		if !l.keep[pkgPartName(f)] {
			all = false
			break
		}
	}
	if all {
		return "", 0, nil, nil
	}
	tmp, err := os.CreateTemp(dir, "pairstat-*.xlsx")
	if err != nil {
		return "", 0, nil, err
	}
	fail := func(cause, err error) (string, int64, error, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", 0, cause, err
	}
	zw := zip.NewWriter(tmp)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed) // a temporary copy: speed over size
	})
	for _, f := range zr.File {
		if !l.keep[pkgPartName(f)] || f.FileInfo().IsDir() {
			continue
		}
		if form, ok := recode[f]; ok {
			n, cause, err := recodeMember(zw, f, form, decodedLimit(pkgPartName(f), lim))
			if cause != nil || err != nil {
				return fail(cause, err)
			}
			grown += n - int64(f.UncompressedSize64)
			continue
		}
		hdr := f.FileHeader
		hdr.Extra = nil // the writer adds what the sizes need
		w, err := zw.CreateRaw(&hdr)
		if err != nil {
			return fail(nil, err)
		}
		raw, err := f.OpenRaw()
		if err != nil {
			return fail(partDamaged(err, memberName(f)), nil)
		}
		if _, err := io.Copy(markedWriter{w}, raw); err != nil {
			var werr *writeError
			if errors.As(err, &werr) {
				return fail(nil, werr.err)
			}
			return fail(partDamaged(err, memberName(f)), nil)
		}
	}
	if err := zw.Close(); err != nil {
		return fail(nil, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", 0, nil, err
	}
	return tmp.Name(), grown, nil, nil
}

// recodeMember writes member f, in the UTF-16 of form, to zw decoded to
// UTF-8, failing past limit bytes; it returns the bytes written.
func recodeMember(zw *zip.Writer, f *zip.File, form utf16Form, limit int64) (n int64, cause, err error) {
	name := memberName(f)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
	if err != nil {
		return 0, nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return 0, partDamaged(err, name), nil
	}
	defer rc.Close()
	n, err = io.Copy(markedWriter{w}, decodeUTF16(rc, form, limit))
	var werr *writeError
	switch {
	case err == nil:
		return n, nil, nil
	case errors.As(err, &werr):
		return n, nil, werr.err
	case errors.Is(err, errDecodedTooLarge):
		return n, decodedTooLarge(name, limit), nil
	}
	return n, partDamaged(err, name), nil
}

// writeError marks an error of the copy's writer, to tell it from one of
// the archive being read.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }

// markedWriter marks the errors of its writer as writeErrors.
type markedWriter struct{ w io.Writer }

func (m markedWriter) Write(p []byte) (int, error) {
	n, err := m.w.Write(p)
	if err != nil {
		err = &writeError{err}
	}
	return n, err
}
