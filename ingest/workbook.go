package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Workbook is an open .xlsx file. Close it when done.
type Workbook struct {
	// Name is how messages name the file (the path as given, or relative to the inbox).
	Name string
	// Date1904 is true when the workbook counts dates from 1904.
	Date1904 bool
	file     *excelize.File
}

var (
	zipMagic  = []byte("PK\x03\x04")
	ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Open opens the workbook at path; name is how messages refer to it. A file
// that is not an .xlsx workbook is a *CellError naming what it is instead.
func Open(path, name string) (*Workbook, error) {
	fail := func(cause error, fix Advice) error {
		return fix.At(name, "", "", "", cause)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail(err, fixReadable)
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, ole2Magic):
		return nil, fail(ErrLegacyOrEncrypted, fixLegacy)
	case !bytes.HasPrefix(head, zipMagic):
		return nil, fail(ErrNotWorkbook, fixSaveAsXlsx)
	}
	if other := foreignFormat(path); other != "" {
		return nil, fail(fmt.Errorf("%w: %s", ErrNotWorkbook, other), fixSaveAsXlsx)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fail(err, fixReadable)
	}
	xf, err := excelize.OpenReader(f)
	if err != nil {
		return nil, fail(fmt.Errorf("%w: %w", ErrNotWorkbook, err), FixResave)
	}
	wb := &Workbook{Name: name, file: xf}
	if props, err := xf.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.Date1904 = *props.Date1904
	}
	return wb, nil
}

// foreignFormat names zip-based spreadsheet formats that are not .xlsx.
func foreignFormat(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ods", ".fods":
		return "an OpenDocument spreadsheet (.ods)"
	case ".xlsb":
		return "an Excel binary workbook (.xlsb)"
	case ".numbers":
		return "an Apple Numbers document"
	}
	return ""
}

// Sheets lists the workbook's sheet names in workbook order.
func (w *Workbook) Sheets() []string { return w.file.GetSheetList() }

// Close releases the workbook and its temporary files.
func (w *Workbook) Close() error { return w.file.Close() }

// Cell is one non-empty cell value.
type Cell struct {
	Col   int    // 1-based column
	Value string // raw stored text
}

// Row is one row of a sheet: its 1-based number and its non-empty cells in
// column order.
type Row struct {
	Num   int
	Cells []Cell
}

// Empty reports whether the row has no value.
func (r Row) Empty() bool { return len(r.Cells) == 0 }

// Ref names the cell at column col of this row, like "C7".
func (r Row) Ref(col int) string { return CellName(col, r.Num) }

// CellName names the cell at 1-based column col and row row, like "C7".
func CellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, col)
	}
	return name
}

// Rows streams the rows of one sheet. Use it like sql.Rows: Next, Row, Err,
// Close.
type Rows struct {
	wb    *Workbook
	sheet string
	rows  *excelize.Rows
	row   Row
	num   int
	err   error
}

// Rows opens a row stream over the named sheet.
func (w *Workbook) Rows(sheet string) (*Rows, error) {
	rows, err := w.file.Rows(sheet)
	if err != nil {
		return nil, FixResave.At(w.Name, sheet, "", "", err)
	}
	return &Rows{wb: w, sheet: sheet, rows: rows}, nil
}

// Next advances to the next row; it returns false at the end or on error.
func (r *Rows) Next() bool {
	if r.err != nil || !r.rows.Next() {
		if r.err == nil && r.rows.Error() != nil {
			r.err = r.fail(r.rows.Error())
		}
		return false
	}
	r.num++
	cols, err := r.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		r.err = r.fail(err)
		return false
	}
	r.row = Row{Num: r.num, Cells: make([]Cell, 0, len(cols))}
	for i, v := range cols {
		if strings.TrimSpace(v) != "" {
			r.row.Cells = append(r.row.Cells, Cell{Col: i + 1, Value: v})
		}
	}
	return true
}

func (r *Rows) fail(err error) error {
	return FixResave.At(r.wb.Name, r.sheet, CellName(1, r.num+1), "", err)
}

// Row returns the current row.
func (r *Rows) Row() Row { return r.row }

// Err returns the error that ended the stream, if any.
func (r *Rows) Err() error { return r.err }

// Close releases the stream.
func (r *Rows) Close() error { return r.rows.Close() }
