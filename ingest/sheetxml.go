package ingest

import (
	"bytes"
	"io"

	"github.com/xuri/excelize/v2"
)

// pairstat's own reader of a sheet's data. excelize's row stream decodes
// every cell through encoding/xml, allocating tokens, attributes and
// structs for each; for a sheet of many text cells that is most of an
// ingest's time. sheetScanner reads the same XML byte by byte (the lexer
// of xmllex.go) and the texts of shared strings cells from the compact
// table of sharedtext.go, and lists each row's cells as excelize's Rows
// and Columns list them with raw values:
//
//   - a row element's r attribute numbers it; without one, it follows the
//     row before; a cell's r names its column, without one it follows the
//     cell before; cells then take their places as excelize puts them
//     (a cell out of order goes after the last one listed);
//   - a cell's value is its v, but for a shared string (t="s", the entry
//     its v numbers) and an inline string (t="inlineStr", the texts of
//     its is, as of a shared strings entry); a cell is listed when it
//     has a value or a formula (f).
//
// It reads only the plain XML spreadsheet programs write, with the
// constructs it knows: anything else (a comment, CDATA, a prefixed
// element, an element it does not know inside the sheet's data, rows out
// of order, a cell reference or shared strings index out of range, XML
// encoding/xml would reject) is errPlainXML, and the row stream then
// leaves the sheet to excelize from the row it had reached (see
// workbook.go). The census (census.go) still counts the XML ahead of the
// scanner, as it does ahead of excelize.

// sheetScanner reads the rows of one sheet's XML.
type sheetScanner struct {
	l      *xmlLexer
	sst    *sharedTexts
	stack  [][]byte // the elements open around the sheet's data
	inData bool     // after <sheetData>, before </sheetData>
	ahead  bool     // the lexer holds the tag row reads next
	last   int      // the number of the row element read last
	v      []byte
	item   []byte
	f      []byte
	items  itemReader
}

func newSheetScanner(r io.Reader, sst *sharedTexts) *sheetScanner {
	return &sheetScanner{l: newXMLLexer(r), sst: sst}
}

// start reads the XML up to the start of the sheet's data (sheetData).
func (s *sheetScanner) start() error {
	if err := s.l.prolog(); err != nil {
		return err
	}
	for {
		done, err := s.outside()
		if err != nil || done {
			return err
		}
	}
}

// outside reads the next tag outside the sheet's data, keeping the
// elements open; it reports whether the tag started the sheet's data.
// excelize finds rows anywhere in the part: a row element or the end of
// a sheetData element outside the sheet's data is errPlainXML.
func (s *sheetScanner) outside() (bool, error) {
	l := s.l
	var err error
	if s.v, err = l.nextMarkup(s.v[:0]); err != nil {
		return false, err
	}
	local, prefixed := localName(l.name)
	switch {
	case l.endTag && string(local) == "sheetData":
		return false, errPlainXML
	case l.endTag:
		if len(s.stack) == 0 || !bytes.Equal(s.stack[len(s.stack)-1], l.name) {
			return false, errPlainXML
		}
		s.stack = s.stack[:len(s.stack)-1]
		return false, nil
	case string(local) == "row":
		return false, errPlainXML
	case string(local) == "sheetData" && (prefixed || l.empty):
		return false, errPlainXML
	case string(local) == "sheetData":
		s.stack = append(s.stack, bytes.Clone(l.name))
		s.inData = true
		return true, nil
	case !l.empty:
		s.stack = append(s.stack, bytes.Clone(l.name))
	}
	return false, nil
}

// finish reads the XML after the sheet's data to its end.
func (s *sheetScanner) finish() error {
	for len(s.stack) > 0 {
		if _, err := s.outside(); err != nil {
			return err
		}
	}
	if err := s.l.space(); err != nil || !s.l.atEnd() || s.l.failed {
		return errPlainXML
	}
	return nil
}

// row reads the next row element and appends its cells to cells; ok is
// false after the last row.
func (s *sheetScanner) row(cells []Cell) (num int, _ []Cell, ok bool, err error) {
	if !s.inData {
		return 0, cells, false, nil
	}
	l := s.l
	if !s.ahead {
		if err := s.l.spaceTag(); err != nil {
			return 0, cells, false, err
		}
	}
	s.ahead = false
	if l.endTag {
		if string(l.name) != "sheetData" {
			return 0, cells, false, errPlainXML
		}
		s.inData = false
		s.stack = s.stack[:len(s.stack)-1]
		return 0, cells, false, nil
	}
	if string(l.name) != "row" {
		return 0, cells, false, errPlainXML
	}
	num = s.last + 1
	seen := false
	for i := range l.attrs {
		local, prefixed := localName(l.attrName(i))
		if string(local) != "r" {
			continue
		}
		n, good := decimal(l.attrValue(i), excelize.TotalRows)
		if prefixed || seen || !good || n <= s.last {
			return 0, cells, false, errPlainXML
		}
		num, seen = n, true
	}
	if num > excelize.TotalRows {
		return 0, cells, false, errPlainXML
	}
	s.last = num
	if l.empty {
		return num, cells, true, s.lookAhead()
	}
	col, width := 0, 0
	for {
		if err := s.l.spaceTag(); err != nil {
			return 0, cells, false, err
		}
		switch {
		case l.endTag && string(l.name) == "row":
			return num, cells, true, s.lookAhead()
		case l.endTag || string(l.name) != "c":
			return 0, cells, false, errPlainXML
		}
		if cells, err = s.cell(&col, &width, cells); err != nil {
			return 0, cells, false, err
		}
	}
}

// lookAhead reads the tag after a row element, which row reads next: a
// row is whole only once the next row element starts a row of a higher
// number (excelize adds the cells of a row numbered lower to the row
// before) or the sheet's data ends.
func (s *sheetScanner) lookAhead() error {
	if err := s.l.spaceTag(); err != nil {
		return err
	}
	s.ahead = true
	l := s.l
	switch {
	case l.endTag && string(l.name) == "sheetData":
		return nil
	case l.endTag || string(l.name) != "row":
		return errPlainXML // an element excelize may find cells in
	}
	for i := range l.attrs {
		if local, _ := localName(l.attrName(i)); string(local) == "r" {
			if n, good := decimal(l.attrValue(i), excelize.TotalRows); !good || n <= s.last {
				return errPlainXML
			}
		}
	}
	return nil
}

// cell reads the c element whose start tag was read last. col is the
// column of the cell before, width the number of places listed so far.
func (s *sheetScanner) cell(col, width *int, cells []Cell) ([]Cell, error) {
	l := s.l
	kind := otherCell
	seenR, seenS, seenT := false, false, false
	numeric := true  // no t attribute, or t="n": a number (or nothing)
	boolean := false // t="b": TRUE (1) or FALSE (0), typed as Bool
	*col++
	for i := range l.attrs {
		local, prefixed := localName(l.attrName(i))
		v := l.attrValue(i)
		switch string(local) {
		case "r":
			c, good := cellColumn(v)
			if prefixed || seenR || !good {
				return cells, errPlainXML
			}
			*col, seenR = c, true
		case "s":
			if _, good := decimal(v, 1<<62); prefixed || seenS || !good && !(len(v) == 1 && v[0] == '0') {
				return cells, errPlainXML
			}
			seenS = true
		case "t":
			if prefixed || seenT {
				return cells, errPlainXML
			}
			kind, seenT = cellKind(v), true
			numeric, boolean = string(v) == "n", string(v) == "b"
		}
	}
	hasV, hasF, hasIS := false, false, false
	s.v = s.v[:0]
	if !l.empty {
		for {
			var end bool
			var err error
			if s.v, end, err = l.child(s.v, "c"); err != nil {
				return cells, err
			}
			if end {
				break
			}
			switch {
			case string(l.name) == "v" && !hasV:
				hasV = true
				s.v, err = l.textOf(s.v[:0], "v")
			case string(l.name) == "f" && !hasF:
				hasF = true
				err = s.formula()
			case string(l.name) == "is" && !hasIS:
				hasIS = true
				s.item, err = s.items.read(l, s.item[:0], "is")
			default:
				return cells, errPlainXML
			}
			if err != nil {
				return cells, err
			}
		}
	}
	var val string
	switch kind {
	case sharedCell:
		if len(s.v) > 0 {
			i, good := decimal(s.v, 1<<31)
			if !good && !(len(s.v) == 1 && s.v[0] == '0') {
				return cells, errPlainXML
			}
			if val, good = s.sst.entry(i); !good {
				return cells, errPlainXML
			}
		}
	case inlineCell:
		if !hasIS {
			val = string(s.v)
			break
		}
		if bytes.Contains(s.item, []byte("_x")) {
			return cells, errPlainXML // excelize decodes escapes
		}
		val = string(s.item)
	default:
		val = string(s.v)
	}
	if val == "" && !hasF {
		return cells, nil
	}
	*width = max(*col, *width+1)
	if val == "" && kind == otherCell && (numeric || !hasV) {
		// A formula with no saved result: no v at all, or an empty one
		// where a number belongs (an empty text result is t="str" with
		// an empty v).
		return append(cells, Cell{Col: *width, Type: NoResult}), nil
	}
	if boolean {
		return append(cells, Cell{Col: *width, Type: Bool, Value: val}), nil
	}
	return append(cells, Cell{Col: *width, Value: val}), nil
}

// Cells by the t attribute, as excelize reads their raw values.
const (
	otherCell  = iota // the value is the v, whatever the type
	sharedCell        // t="s": the shared string the v numbers
	inlineCell        // t="inlineStr": the text of the is
)

// cellKind tells a cell's kind by its t attribute.
func cellKind(t []byte) int {
	switch string(t) {
	case "s":
		return sharedCell
	case "inlineStr":
		return inlineCell
	}
	return otherCell
}

// formula reads the f element whose start tag was read last, checking
// the attributes excelize's xlsxF decodes into booleans and numbers.
func (s *sheetScanner) formula() error {
	l := s.l
	for i := range l.attrs {
		local, _ := localName(l.attrName(i))
		v := l.attrValue(i)
		switch string(local) {
		case "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx":
			if !typedAttr('b', v) {
				return errPlainXML
			}
		case "si":
			if !typedAttr('i', v) {
				return errPlainXML
			}
		}
	}
	var err error
	s.f, err = l.textOf(s.f[:0], "f")
	return err
}

// decimal reads a number of plain decimal digits, without a leading zero,
// from 1 to most.
func decimal(b []byte, most int) (int, bool) {
	if len(b) == 0 || len(b) > 18 || b[0] == '0' {
		return 0, false
	}
	n := 0
	for _, d := range b {
		if d < '0' || d > '9' {
			return 0, false
		}
		n = n*10 + int(d-'0')
	}
	return n, n <= most
}

// cellColumn reads the column of a plain cell reference like "C7" within
// Excel's sheet.
func cellColumn(b []byte) (int, bool) {
	i, col := 0, 0
	for i < len(b) && i < 3 && 'A' <= b[i] && b[i] <= 'Z' {
		col = col*26 + int(b[i]-'A'+1)
		i++
	}
	if i == 0 || col > excelize.MaxColumns {
		return 0, false
	}
	if _, good := decimal(b[i:], excelize.TotalRows); !good {
		return 0, false
	}
	return col, true
}
