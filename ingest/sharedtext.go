package ingest

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
)

// pairstat's own reader of a sheet (sheetxml.go) takes the texts of
// shared strings cells from a compact table, read once per workbook by
// the lexer of xmllex.go: every text in one string, and where each ends.
// excelize would decode the table into a struct per entry, or, for a
// large table, write it to a temporary file and read one entry back per
// cell. The table is read only when it is in the plain form spreadsheet
// programs write; otherwise (or when an entry's text holds "_x", which
// excelize decodes as an escape) its sheets are left to excelize.

// sharedTexts is the shared strings table of a workbook.
type sharedTexts struct {
	text string
	ends []uint32 // entry i is text[ends[i-1]:ends[i]]
	// escaped lists, in order, the entries whose text holds "_x".
	escaped []int
}

// sstNamespaces are the namespaces of an sst element excelize accepts.
var sstNamespaces = []string{
	"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
	"http://purl.oclc.org/ooxml/spreadsheetml/main",
}

// entry returns the text of entry i; false when there is none, or
// excelize would decode escapes in it.
func (t *sharedTexts) entry(i int) (string, bool) {
	if i < 0 || i >= len(t.ends) {
		return "", false
	}
	if _, found := slices.BinarySearch(t.escaped, i); found {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.text[start:t.ends[i]], true
}

// readSharedTexts reads the shared strings part from r, size bytes of XML
// (which bound its texts); errPlainXML when it is not in the plain form.
func readSharedTexts(r io.Reader, size int) (*sharedTexts, error) {
	l := newXMLLexer(r)
	if err := l.prolog(); err != nil {
		return nil, err
	}
	if err := l.space(); err != nil {
		return nil, err
	}
	if l.atEnd() {
		return &sharedTexts{}, nil
	}
	if err := l.tag(); err != nil {
		return nil, err
	}
	if l.endTag || string(l.name) != "sst" || !l.sstAttrs() {
		return nil, errPlainXML
	}
	t := &sharedTexts{}
	var text strings.Builder // its String does not copy
	text.Grow(size)
	var entry []byte
	var item itemReader
	if !l.empty {
		for {
			if err := l.spaceTag(); err != nil {
				return nil, err
			}
			if l.endTag {
				if string(l.name) != "sst" {
					return nil, errPlainXML
				}
				break
			}
			if string(l.name) != "si" {
				return nil, errPlainXML
			}
			var err error
			if entry, err = item.read(l, entry[:0], "si"); err != nil {
				return nil, err
			}
			if bytes.Contains(entry, []byte("_x")) {
				t.escaped = append(t.escaped, len(t.ends))
			}
			if bytes.Contains(entry, []byte("purl.oclc.org")) {
				return nil, errPlainXML // excelize replaces namespaces in the raw part
			}
			text.Write(entry)
			if uint64(text.Len()) > uint64(^uint32(0)) {
				return nil, errPlainXML
			}
			t.ends = append(t.ends, uint32(text.Len()))
		}
	}
	if err := l.space(); err != nil || !l.atEnd() {
		return nil, errPlainXML
	}
	// The texts are held for the whole read: keep the bytes they take, not
	// the XML's size the builder grew to (a third more on a table of short
	// texts, whose markup is much of the part).
	t.text = strings.Clone(text.String())
	return t, nil
}

// sstAttrs checks the attributes of the sst element: its namespace one
// excelize reads, its counts numbers.
func (l *xmlLexer) sstAttrs() bool {
	ns := ""
	for i := range l.attrs {
		name, v := string(l.attrName(i)), l.attrValue(i)
		switch {
		case name == "xmlns":
			ns = string(v)
		case strings.HasPrefix(name, "xmlns:"):
		default:
			local, _ := localName([]byte(name))
			if (string(local) == "count" || string(local) == "uniqueCount") && !typedAttr('i', v) {
				return false
			}
		}
	}
	for _, s := range sstNamespaces {
		if ns == s {
			return true
		}
	}
	return false
}

// typedAttr reports whether v reads as encoding/xml reads an attribute
// into a Go value of the kind: 'i' int, 'u' uint32, 'f' float64, 'b'
// bool; an empty value is the zero value.
func typedAttr(kind byte, v []byte) bool {
	if len(v) == 0 {
		return true
	}
	s := string(v)
	if strings.TrimSpace(s) != s {
		return false
	}
	var err error
	switch kind {
	case 'i':
		_, err = strconv.ParseInt(s, 10, 64)
	case 'u':
		_, err = strconv.ParseUint(s, 10, 32)
	case 'f':
		_, err = strconv.ParseFloat(s, 64)
	case 'b':
		_, err = strconv.ParseBool(s)
	}
	return err == nil
}

// itemReader reads string items: an si of the shared strings or the is
// of an inline string, as excelize's xlsxSI reads them.
type itemReader struct {
	runs []byte
}

// read reads the item whose start tag (named name) was read last and
// appends its text to dst: that of its t, then those of its runs r, as
// excelize's xlsxSI.String puts them; phonetic runs (rPh) and properties
// are dropped.
func (it *itemReader) read(l *xmlLexer, dst []byte, name string) ([]byte, error) {
	it.runs = it.runs[:0]
	if l.empty {
		return dst, nil
	}
	seenT := false
	for {
		var end bool
		var err error
		if it.runs, end, err = l.child(it.runs, name); err != nil || end {
			return append(dst, it.runs...), err
		}
		switch string(l.name) {
		case "t":
			if seenT {
				return dst, errPlainXML
			}
			seenT = true
			if dst, err = l.textOf(dst, "t"); err != nil {
				return dst, err
			}
		case "r":
			err = it.run(l)
		case "rPh":
			err = l.checkedSkip("sb", 'u', "eb", 'u')
		case "phoneticPr":
			err = l.checkedSkip("fontId", 'i', "", 0)
		default:
			err = l.skipElement()
		}
		if err != nil {
			return dst, err
		}
	}
}

// run reads a rich text run r and appends the text of its t to the
// item's runs.
func (it *itemReader) run(l *xmlLexer) error {
	if l.empty {
		return nil
	}
	seenT, seenPr := false, false
	for {
		var end bool
		var err error
		if it.runs, end, err = l.child(it.runs, "r"); err != nil || end {
			return err
		}
		switch {
		case string(l.name) == "t" && !seenT:
			seenT = true
			it.runs, err = l.textOf(it.runs, "t")
		case string(l.name) == "rPr" && !seenPr:
			seenPr = true
			err = l.runProperties()
		case string(l.name) == "t" || string(l.name) == "rPr":
			return errPlainXML
		default:
			err = l.skipElement()
		}
		if err != nil {
			return err
		}
	}
}

// runProperties reads the rPr element whose start tag was read last,
// checking the attributes excelize's xlsxRPr decodes into numbers and
// booleans.
func (l *xmlLexer) runProperties() error {
	if l.empty {
		return nil
	}
	var discard []byte
	for {
		var end bool
		var err error
		if discard, end, err = l.child(discard[:0], "rPr"); err != nil || end {
			return err
		}
		switch string(l.name) {
		case "charset", "family":
			err = l.checkedSkip("val", 'i', "", 0)
		case "b", "i", "strike", "outline", "shadow", "condense", "extend":
			err = l.checkedSkip("val", 'b', "", 0)
		case "sz":
			err = l.checkedSkip("val", 'f', "", 0)
		case "color":
			if !l.typedAttrs("auto", 'b') || !l.typedAttrs("indexed", 'i') || !l.typedAttrs("theme", 'i') {
				return errPlainXML
			}
			err = l.checkedSkip("tint", 'f', "", 0)
		default:
			err = l.skipElement()
		}
		if err != nil {
			return err
		}
	}
}

// checkedSkip checks the attributes named a and b (by local name) of the
// start tag read last for their kinds (see typedAttr), then skips the
// element.
func (l *xmlLexer) checkedSkip(a string, ka byte, b string, kb byte) error {
	if !l.typedAttrs(a, ka) || b != "" && !l.typedAttrs(b, kb) {
		return errPlainXML
	}
	return l.skipElement()
}

// typedAttrs checks every attribute of the last tag with the local name
// for the kind.
func (l *xmlLexer) typedAttrs(name string, kind byte) bool {
	for i := range l.attrs {
		if local, _ := localName(l.attrName(i)); string(local) == name && !typedAttr(kind, l.attrValue(i)) {
			return false
		}
	}
	return true
}
