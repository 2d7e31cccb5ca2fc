package xls

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// BIFF8's grid.
const (
	maxRows = 65536
	maxCols = 256
)

// CellType is the type of a cell's value.
type CellType int

// Cell types. Blank cells are not reported.
const (
	Number CellType = iota // a number, as a plain decimal
	Text                   // text
	Date                   // a number in a date or time format: the serial
	Bool                   // "1" (TRUE) or "0" (FALSE)
	Error                  // an error value such as "#N/A" or "#DIV/0!"
)

// Cell is one non-empty cell of a row.
type Cell struct {
	Col   int // 1-based column
	Type  CellType
	Value string
}

// Row is one row with at least one non-empty cell: its 1-based number and
// its cells in column order.
type Row struct {
	Num   int
	Cells []Cell
}

// Range is a merged range of cells, 1-based and inclusive.
type Range struct{ FirstRow, LastRow, FirstCol, LastCol int }

// cellRef locates a cell record of a sheet: its row and stream offset.
type cellRef struct {
	row uint16
	off uint32
}

// scan reads worksheet i's substream once: it checks its records, indexes
// its cell records and collects its merged ranges (those before any error).
func (b *Book) scan(i int) (refs []cellRef, merged []Range, err error) {
	if i < 0 || i >= len(b.sheets) {
		return nil, nil, fmt.Errorf("xls: no worksheet %d (the workbook has %d)", i, len(b.sheets))
	}
	r, err := readRecord(b.s, b.sheets[i].pos)
	if err != nil {
		return nil, nil, err
	}
	if err := checkBOF(r, streamWorksheet); err != nil {
		return nil, nil, err
	}
	for depth := 1; ; {
		if r, err = readRecord(b.s, r.next()); err != nil {
			return nil, merged, err
		}
		switch {
		case r.id == idBOF: // an embedded chart's substream, skipped
			depth++
		case r.id == idEOF:
			if depth--; depth == 0 {
				return refs, merged, nil
			}
		case depth > 1:
		case r.id == idMergedCells:
			if merged, err = appendMerged(merged, r); err != nil {
				return nil, merged, err
			}
		case isCell(r.id):
			ref, err := b.checkCell(r)
			if err != nil {
				return nil, merged, err
			}
			refs = append(refs, ref)
		}
	}
}

// isCell reports whether records of type id hold cell values.
func isCell(id uint16) bool { return cellSize(id) > 0 }

// cellSize is the least data size of a cell record of type id (the bytes
// appendCells reads), or 0 if records of type id hold no cell value.
func cellSize(id uint16) int {
	switch id {
	case idNumber, idFormula:
		return 14
	case idRK, idLabelSST:
		return 10
	case idLabel, idRString:
		return 9
	case idBoolErr:
		return 8
	case idMulRK:
		return 12
	}
	return 0
}

// checkCell checks the size and position of the cell record r.
func (b *Book) checkCell(r record) (cellRef, error) {
	if len(r.data) < cellSize(r.id) {
		return cellRef{}, fail(ErrFormat, r.off, "cell record 0x%04X is %d bytes long, too short", "单元格记录 0x%04X 长 %d 字节，太短", r.id, len(r.data))
	}
	row, col := int(le.Uint16(r.data))+1, int(le.Uint16(r.data[2:]))+1
	if r.id == idMulRK {
		col += (len(r.data)-6)/6 - 1 // the last of its columns
	}
	switch {
	case col > maxCols:
		return cellRef{}, fail(ErrFormat, r.off, "a cell in column %d, beyond BIFF8's %d", "有单元格位于第 %d 列，超出 BIFF8 的 %d 列", col, maxCols)
	case b.lim.Rows > 0 && row > b.lim.Rows:
		return cellRef{}, fail(ErrLimit, r.off, "a cell in row %d, beyond the limit of %d rows", "有单元格位于第 %d 行，超出上限 %d 行", row, b.lim.Rows)
	case b.lim.Cols > 0 && col > b.lim.Cols:
		return cellRef{}, fail(ErrLimit, r.off, "a cell in column %d, beyond the limit of %d columns", "有单元格位于第 %d 列，超出上限 %d 列", col, b.lim.Cols)
	}
	return cellRef{row: uint16(row - 1), off: uint32(r.off)}, nil
}

// appendMerged appends the ranges of a MERGEDCELLS record.
func appendMerged(merged []Range, r record) ([]Range, error) {
	if len(r.data) < 2 || len(r.data) < 2+8*int(le.Uint16(r.data)) {
		return merged, fail(ErrFormat, r.off, "a MERGEDCELLS record is cut off", "一个 MERGEDCELLS 记录被截断")
	}
	for k := range int(le.Uint16(r.data)) {
		d := r.data[2+8*k:]
		g := Range{FirstRow: int(le.Uint16(d)) + 1, LastRow: int(le.Uint16(d[2:])) + 1,
			FirstCol: int(le.Uint16(d[4:])) + 1, LastCol: int(le.Uint16(d[6:])) + 1}
		if g.FirstRow > g.LastRow || g.FirstCol > g.LastCol || g.LastCol > maxCols {
			return merged, fail(ErrFormat, r.off, "a merged range (rows %d–%d, columns %d–%d) is not a range of the sheet", "一个合并区域（第 %d–%d 行，第 %d–%d 列）不在工作表范围内", g.FirstRow, g.LastRow, g.FirstCol, g.LastCol)
		}
		merged = append(merged, g)
	}
	return merged, nil
}

// Merged lists the merged ranges of worksheet i (MERGEDCELLS). Of a damaged
// sheet it lists those before the damage, which Rows reports.
func (b *Book) Merged(i int) []Range {
	_, merged, _ := b.scan(i)
	return merged
}

// Rows streams the rows of worksheet i (an index into Sheets) in row order,
// whatever the order of the cell records in the file: the sheet's cell
// records are indexed by row first (8 bytes a record) and, when out of
// order, sorted. A sheet with a damaged record, or beyond a limit, yields
// no row and reports the error.
func (b *Book) Rows(i int) *Rows {
	refs, _, err := b.scan(i)
	byRow := func(x, y cellRef) int { return cmp.Compare(x.row, y.row) }
	if !slices.IsSortedFunc(refs, byRow) {
		slices.SortStableFunc(refs, byRow)
	}
	return &Rows{b: b, refs: refs, err: err}
}

// Rows is a stream of rows; use it like sql.Rows: Next, Row, Err.
type Rows struct {
	b    *Book
	refs []cellRef
	row  Row
	err  error
}

// Next advances to the next row; it returns false at the end or on error.
func (r *Rows) Next() bool {
	for r.err == nil && len(r.refs) > 0 {
		num := r.refs[0].row
		var cells []Cell
		for len(r.refs) > 0 && r.refs[0].row == num {
			if cells, r.err = r.b.appendCells(cells, r.refs[0].off); r.err != nil {
				return false
			}
			r.refs = r.refs[1:]
		}
		if cells = tidy(cells); len(cells) > 0 {
			r.row = Row{Num: int(num) + 1, Cells: cells}
			return true
		}
	}
	return false
}

// Row is the current row.
func (r *Rows) Row() Row { return r.row }

// Err is the error that ended the stream, if any.
func (r *Rows) Err() error { return r.err }

// tidy puts a row's cells in column order, keeps the last value of a cell
// written twice and drops empty text.
func tidy(cells []Cell) []Cell {
	slices.SortStableFunc(cells, func(x, y Cell) int { return cmp.Compare(x.Col, y.Col) })
	out := cells[:0]
	for i, c := range cells {
		if i+1 < len(cells) && cells[i+1].Col == c.Col || c.Value == "" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// errorText names a BIFF8 error code; an unknown code is #N/A.
func errorText(code byte) string {
	switch code {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2B:
		return "#GETTING_DATA"
	}
	return "#N/A"
}

// appendCells appends the cells of the cell record at off.
func (b *Book) appendCells(cells []Cell, off uint32) ([]Cell, error) {
	r, err := readRecord(b.s, int(off))
	if err != nil {
		return cells, err
	}
	d := r.data
	col, xf := int(le.Uint16(d[2:]))+1, le.Uint16(d[4:])
	switch r.id {
	case idNumber:
		return append(cells, b.number(col, xf, math.Float64frombits(le.Uint64(d[6:])))), nil
	case idRK:
		return append(cells, b.number(col, xf, rk(le.Uint32(d[6:])))), nil
	case idMulRK:
		for k := range (len(d) - 6) / 6 {
			e := d[4+6*k:]
			cells = append(cells, b.number(col+k, le.Uint16(e), rk(le.Uint32(e[2:]))))
		}
		return cells, nil
	case idLabelSST:
		i := le.Uint32(d[6:])
		if int64(i) >= int64(len(b.sst)) {
			return cells, fail(ErrFormat, r.off, "a cell refers to shared string %d; there are %d", "有单元格引用第 %d 个共享字符串，但共享字符串只有 %d 个", i, len(b.sst))
		}
		return b.appendText(cells, r, col, b.sst[i])
	case idLabel, idRString:
		s, err := contAt(b.s, r, 6).str(2)
		if err != nil {
			return cells, err
		}
		return b.appendText(cells, r, col, s)
	case idBoolErr:
		return append(cells, boolErr(col, d[6], d[7] != 0)), nil
	case idFormula:
		if d[12] != 0xFF || d[13] != 0xFF {
			return append(cells, b.number(col, xf, math.Float64frombits(le.Uint64(d[6:])))), nil
		}
		switch d[6] {
		case 0:
			s, err := b.formulaString(r)
			if err != nil {
				return cells, err
			}
			return b.appendText(cells, r, col, s)
		case 1, 2:
			return append(cells, boolErr(col, d[8], d[6] == 2)), nil
		}
	}
	return cells, nil // an empty-string formula result
}

// appendText appends a text cell, within the cell text limit.
func (b *Book) appendText(cells []Cell, r record, col int, s string) ([]Cell, error) {
	if b.lim.CellText > 0 && len(s) > b.lim.CellText && utf8.RuneCountInString(s) > b.lim.CellText {
		return cells, fail(ErrLimit, r.off, "a cell holds more than %d characters", "有单元格的字符多于 %d 个", b.lim.CellText)
	}
	return append(cells, Cell{Col: col, Type: Text, Value: s}), nil
}

// formulaString reads the string result of the FORMULA record r from the
// STRING record that follows it (after any shared-formula, array or table
// record); without one, the result is empty.
func (b *Book) formulaString(r record) (string, error) {
	for {
		next, err := readRecord(b.s, r.next())
		if err != nil {
			return "", err
		}
		switch next.id {
		case idString:
			return contAt(b.s, next, 0).str(2)
		case idShrFmla, idArray, idTable:
			r = next
		default:
			return "", nil
		}
	}
}

// boolErr is the cell of a Boolean or error value v.
func boolErr(col int, v byte, isErr bool) Cell {
	if !isErr {
		return Cell{Col: col, Type: Bool, Value: strconv.Itoa(min(int(v), 1))}
	}
	return Cell{Col: col, Type: Error, Value: errorText(v)}
}

// rk decodes an RK number: a 30-bit signed integer or the high 30 bits of
// a double, divided by 100 when its low bit says so.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&^3) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

// number is the cell of number v in cell format xf: a Date if the format
// is a date format, else a Number; an infinite or NaN value, which Excel
// cannot store, is the error #NUM!.
func (b *Book) number(col int, xf uint16, v float64) Cell {
	switch {
	case math.IsInf(v, 0) || math.IsNaN(v):
		return Cell{Col: col, Type: Error, Value: "#NUM!"}
	case int(xf) < len(b.dateXF) && b.dateXF[xf]:
		return Cell{Col: col, Type: Date, Value: formatNumber(v)}
	}
	return Cell{Col: col, Type: Number, Value: formatNumber(v)}
}

// formatNumber writes v rounded to 15 significant digits, as Excel keeps
// numbers, in the shortest plain decimal that reads back as the rounded
// value ("1234.5", "0.3", "-12"); magnitudes below 1e-7 or from 1e21 on
// take an exponent ("1E+300"), as in an .xlsx cell.
func formatNumber(v float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	switch a := math.Abs(r); {
	case a == 0:
		return "0"
	case a < 1e-7 || a >= 1e21:
		return strconv.FormatFloat(r, 'E', -1, 64)
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
