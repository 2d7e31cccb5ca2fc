package ingest

import (
	"bytes"
	"encoding/xml"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/ingest/xls"
)

// The types of an .xlsx workbook's cells, for OpenTyped: excelize's row
// stream gives values only, so a typed stream asks excelize for each
// cell's type attribute and cell format (which loads the sheet whole),
// and reads the cell formats (xl/styles.xml) itself, since ingest hands
// excelize a copy of the workbook without them (package.go).

// cellTyper tells the types of a sheet's cells.
type cellTyper struct {
	w     *Workbook
	sheet string
}

// typer returns the cell typer of the named sheet, reading the
// workbook's cell formats the first time.
func (w *Workbook) typer(sheet string) (*cellTyper, error) {
	w.stylesOnce.Do(func() {
		var fix Advice
		var cause error
		if w.styles, fix, cause = readStyles(w, &w.lim); cause != nil {
			w.stylesErr = fix.At(w.Name, "", "", "", cause)
		}
	})
	return &cellTyper{w: w, sheet: sheet}, w.stylesErr
}

// of returns the type of the cell at ref.
func (t *cellTyper) of(ref string) (CellType, error) {
	typ, err := t.w.file.GetCellType(t.sheet, ref)
	if err != nil {
		return Unknown, FixResave.At(t.w.Name, t.sheet, ref, "", damaged(err, "the cell cannot be read (%v)", "无法读取该单元格（%v）", err))
	}
	switch typ {
	case excelize.CellTypeBool:
		return Bool, nil
	case excelize.CellTypeError:
		return Error, nil
	case excelize.CellTypeDate:
		return Date, nil
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula:
		return Text, nil // a formula's cached text ("str"); numeric results have no type
	}
	style, err := t.w.file.GetCellStyle(t.sheet, ref)
	if err == nil && 0 <= style && style < len(t.w.styles) {
		return t.w.styles[style], nil
	}
	return Number, nil
}

// readStyles reads the cell formats of the workbook (cellXfs): for each,
// Date when its number format shows a date or time, Number otherwise.
func readStyles(w *Workbook, lim *Limits) ([]CellType, Advice, error) {
	b, fix, cause := structurePart(w.zip, "xl/styles.xml", lim)
	if cause != nil || b == nil {
		return nil, fix, cause
	}
	codes := map[int]string{}
	var xfs []int
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	inXfs := false
	for {
		tok, err := d.RawToken()
		if err != nil {
			break // what excelize can read of it
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "cellXfs":
				inXfs = true
			case t.Name.Local == "numFmt":
				codes[intAttr(t, "numFmtId")] = attr(t, "formatCode")
			case t.Name.Local == "xf" && inXfs:
				xfs = append(xfs, intAttr(t, "numFmtId"))
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
	types := make([]CellType, len(xfs))
	for i, id := range xfs {
		types[i] = Number
		if code, custom := codes[id]; custom && xls.IsDateFormat(code) || !custom && xls.BuiltinDate(id) {
			types[i] = Date
		}
	}
	return types, Advice{}, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func intAttr(t xml.StartElement, name string) int {
	n, err := strconv.Atoi(attr(t, name))
	if err != nil {
		return -1
	}
	return n
}
