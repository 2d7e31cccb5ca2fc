package ingest

import (
	"errors"
	"fmt"
	"strconv"
)

// The formats other than .xlsx (.xls and .et through package xls, CSV
// through csv.go) are sheet sources: each gives its sheets' names and a
// row stream per sheet, and Workbook streams their rows through the same
// checks as an .xlsx sheet's (limits, empty cells dropped, every row
// number from 1 to the last, as excelize yields them).

// sheetSource is a workbook in a format other than .xlsx.
type sheetSource interface {
	// sheets names the sheets in workbook order.
	sheets() []string
	// rows streams the i-th sheet's rows.
	rows(i int) rowSource
}

// rowSource streams one sheet's rows with at least one cell, in
// increasing row order; a row's cells are in increasing column order.
type rowSource interface {
	next() bool
	row() Row
	// err is the error that ended the stream, a cause (see errors.go)
	// that the stream places at the sheet.
	err() error
}

// CellType is the type of a cell's value.
type CellType uint8

// Cell types. An .xlsx workbook's row stream leaves them Unknown unless
// it was opened by OpenTyped (but for TRUE and FALSE, Bool where its own
// scanner reads the sheet); .xls, .et and CSV streams always set them.
const (
	Unknown CellType = iota
	Number           // Value is the stored number
	Text
	Date  // a number in a date or time format: Value is the serial number
	Bool  // Value is "1" (TRUE) or "0" (FALSE)
	Error // Value is the error, like "#DIV/0!"
	// NoResult is a formula whose result was never saved (openpyxl and
	// other libraries write formulas so): its value is unknown, not
	// empty. Such cells are listed in Row.NoResult, not in Row.Cells.
	NoResult
)

// String names the type as `pairstat cells` prints it.
func (t CellType) String() string {
	switch t {
	case Number:
		return "number"
	case Text:
		return "text"
	case Date:
		return "date"
	case Bool:
		return "bool"
	case Error:
		return "error"
	}
	return "unknown"
}

// sourceRows is the row stream of a sheet of a sheetSource.
type sourceRows struct {
	src     rowSource
	pending Row  // the source's next row, when it is beyond num
	has     bool // pending holds a row
}

// nextFrom advances r, a stream over a sheet source, to the next row
// number: the source's next row, or an empty row for a number the source
// skips.
func (r *Rows) nextFrom() bool {
	s := r.source
	if !s.has {
		if !s.src.next() {
			r.done = true
			if err := s.src.err(); err != nil {
				r.err = r.wb.place(r.sheet, err)
			}
			return false
		}
		s.pending, s.has = s.src.row(), true
		if s.pending.Num <= r.num {
			r.err = FixResave.At(r.wb.Name, r.sheet, "", "",
				damaged(nil, "the sheet is damaged: row %d follows row %d", "工作表已损坏：第 %d 行排在第 %d 行之后", s.pending.Num, r.num))
			return false
		}
	}
	if !r.advance() {
		return false
	}
	if r.num < s.pending.Num {
		r.row = Row{Num: r.num}
		return true
	}
	s.has = false
	r.row = Row{Num: r.num, Cells: make([]Cell, 0, len(s.pending.Cells))}
	last := 0
	for _, c := range s.pending.Cells {
		if c.Col <= last {
			r.err = FixResave.At(r.wb.Name, r.sheet, r.row.Ref(c.Col), "",
				damaged(nil, "the sheet is damaged: row %d holds column %s twice or out of order",
					"工作表已损坏：第 %d 行中的 %s 列重复或顺序错乱", r.num, columnName(c.Col)))
			return false
		}
		last = c.Col
		if !r.take(c) {
			return false
		}
	}
	return true
}

// place puts an error of a sheet source at the sheet.
func (w *Workbook) place(sheet string, err error) error {
	fix := FixResave
	switch {
	case errors.Is(err, ErrLimit):
		fix = fixTooLarge
	case errors.Is(err, errOpenQuote):
		fix = fixOpenQuote
	}
	return fix.At(w.Name, sheet, "", "", err)
}

// sheetIndex returns the index of the named sheet, or an error naming it.
func (w *Workbook) sheetIndex(sheet string) (int, error) {
	for i, s := range w.sheets {
		if s == sheet {
			return i, nil
		}
	}
	return 0, fixReadable.At(w.Name, sheet, "", "", fmt.Errorf("the workbook has no sheet %s", strconv.Quote(sheet)))
}
