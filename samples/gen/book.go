package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The workbook helpers: a streamed table per sheet, styles, dates and
// formulas, and a save that writes byte-identical files.

// book wraps an excelize file; the first error is kept and reported by save.
type book struct {
	f                          *excelize.File
	err                        error
	title, note, header, label int
	date                       int
}

func newBook() *book {
	b := &book{f: excelize.NewFile()}
	b.title = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	b.note = b.style(&excelize.Style{Font: &excelize.Font{Size: 10, Color: "595959"}})
	b.header = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: borders,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.label = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	b.date = b.style(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	return b
}

var borders = []excelize.Border{{Type: "left", Style: 1}, {Type: "top", Style: 1}, {Type: "right", Style: 1}, {Type: "bottom", Style: 1}}

func ptr[T any](v T) *T { return &v }

func (b *book) style(s *excelize.Style) int {
	if b.err != nil {
		return 0
	}
	id, err := b.f.NewStyle(s)
	b.err = err
	return id
}

// numStyle returns a style with the given display format, bold for total rows.
func (b *book) numStyle(format string, bold bool) int {
	return b.style(&excelize.Style{CustomNumFmt: ptr(format), Font: &excelize.Font{Bold: bold}})
}

// dateCell is the cell value of w; none is written when there is no date.
func (b *book) dateCell(w when, none string) any {
	switch {
	case w.t.IsZero() && none == "":
		return nil
	case w.t.IsZero():
		return none
	case w.layout != "":
		return w.t.Format(w.layout)
	}
	return excelize.Cell{StyleID: b.date, Value: w.t}
}

// table streams one sheet: title (row 1) and note (row 2) merged across the
// columns, header (row 3), data from row 4.
type table struct {
	b    *book
	sw   *excelize.StreamWriter
	row  int
	cols int
}

func (b *book) table(sheet, title, note string, headers []string, widths []float64) *table {
	t := &table{b: b, cols: len(headers)}
	if b.err != nil {
		return t
	}
	if b.f.SheetCount == 1 && b.f.GetSheetName(0) == "Sheet1" {
		b.err = b.f.SetSheetName("Sheet1", sheet)
	} else {
		_, b.err = b.f.NewSheet(sheet)
	}
	if b.err != nil {
		return t
	}
	if t.sw, b.err = b.f.NewStreamWriter(sheet); b.err != nil {
		return t
	}
	for i, w := range widths {
		if err := t.sw.SetColWidth(i+1, i+1, w); err != nil && b.err == nil {
			b.err = err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(headers))
	t.merged(title, b.title, last)
	t.merged(note, b.note, last)
	hs := make([]any, len(headers))
	for i, h := range headers {
		hs[i] = excelize.Cell{StyleID: b.header, Value: h}
	}
	t.add(hs...)
	return t
}

// merged adds a row whose text spans all columns.
func (t *table) merged(text string, style int, last string) {
	r := t.add(excelize.Cell{StyleID: style, Value: text})
	if t.b.err == nil {
		t.b.err = t.sw.MergeCell(fmt.Sprintf("A%d", r), fmt.Sprintf("%s%d", last, r))
	}
}

// add writes the next row and returns its number.
func (t *table) add(cells ...any) int {
	t.row++
	if t.b.err == nil {
		t.b.err = t.sw.SetRow(fmt.Sprintf("A%d", t.row), cells)
	}
	return t.row
}

// total adds a row labelled label whose column col holds SUM over rows, with
// value stored as the formula's cached result.
func (t *table) total(label string, col int, rows []int, value float64, format string) {
	cells := make([]any, t.cols)
	cells[0] = excelize.Cell{StyleID: t.b.label, Value: label}
	cells[col-1] = excelize.Cell{StyleID: t.b.numStyle(format, true), Formula: sumFormula(col, rows), Value: value}
	t.add(cells...)
}

func (t *table) flush() {
	if t.b.err == nil {
		t.b.err = t.sw.Flush()
	}
}

// sumFormula returns SUM over the given rows of column col, runs as ranges: SUM(D4:D9,D12).
func sumFormula(col int, rows []int) string {
	name, _ := excelize.ColumnNumberToName(col)
	var parts []string
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, fmt.Sprintf("%s%d", name, rows[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%s%d:%s%d", name, rows[i], name, rows[j]))
		}
		i = j + 1
	}
	return "SUM(" + strings.Join(parts, ",") + ")"
}

// notes adds a sheet of plain text lines with no header row.
func (b *book) notes(sheet string, lines ...string) {
	if b.err != nil {
		return
	}
	if _, b.err = b.f.NewSheet(sheet); b.err != nil {
		return
	}
	for i, l := range lines {
		if b.err == nil {
			b.err = b.f.SetCellValue(sheet, fmt.Sprintf("A%d", i+1), l)
		}
	}
}

// save fixes the document properties (for byte-identical output) and writes the file.
func (b *book) save(path string) error {
	if b.err != nil {
		return b.err
	}
	const stamp = "2024-01-15T08:00:00Z"
	if err := b.f.SetDocProps(&excelize.DocProperties{Created: stamp, Modified: stamp,
		Creator: "pairstat samples", LastModifiedBy: "pairstat samples",
		Title: strings.TrimSuffix(filepath.Base(path), ".xlsx")}); err != nil {
		return err
	}
	b.f.SetActiveSheet(0)
	if err := b.f.SaveAs(path); err != nil {
		return err
	}
	if err := os.Chmod(path, 0o644); err != nil { // SaveAs creates files with mode 0777&^umask
		return err
	}
	return b.f.Close()
}
