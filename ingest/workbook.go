package ingest

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

// Workbook is an open .xlsx file. Close it when done.
type Workbook struct {
	// Name is how messages name the file (the path as given, or relative to the inbox).
	Name string
	// Date1904 is true when the workbook counts dates from 1904.
	Date1904 bool
	file     *excelize.File
	sheets   []string
	src      *os.File    // kept open for zip, until Close
	zip      *zip.Reader // the archive's directory, for integrity checks

	partsOnce sync.Once
	parts     map[string]string // sheet name → part path, see sheetParts
}

// Open opens the workbook at path; name is how messages refer to it. A file
// that is not an .xlsx workbook, or that is damaged, is a *CellError naming
// what it is instead.
func Open(path, name string) (*Workbook, error) {
	return open(path, name, excelize.Options{})
}

// open is Open with excelize's options, which tests use to make excelize
// spool small sheets to temporary files as it does large ones.
func open(path, name string, opts excelize.Options) (_ *Workbook, err error) {
	fail := func(cause error, fix Advice) error {
		return fix.At(name, "", "", "", cause)
	}
	var w *Workbook
	defer func() {
		if v := recover(); v != nil {
			err = fail(panicCause(v), FixResave)
		}
		if err != nil && w != nil {
			w.Close()
		}
	}()
	src, err := os.Open(path)
	if err != nil {
		return nil, fail(err, fixReadable)
	}
	w = &Workbook{Name: name, src: src}
	info, err := src.Stat()
	if err != nil {
		return nil, fail(err, fixReadable)
	}
	if info.IsDir() {
		return nil, fail(errors.New("a folder, not a file"), fixReadable)
	}
	head := make([]byte, sniffHead)
	n, err := src.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, fail(err, fixReadable)
	}
	if fix, cause := sniffBytes(path, head[:n], info.Size()); cause != nil {
		return nil, fail(cause, fix)
	}
	if w.zip, err = zip.NewReader(src, info.Size()); err != nil {
		return nil, fail(&causeError{kind: ErrTruncated, err: err, msg: fmt.Sprintf(
			"the file is incomplete or damaged: its zip archive cannot be read (%v); it may have been cut off while it was copied or downloaded", err)},
			fixCopyAgain)
	}
	if fix, cause := sniffZip(path, w.zip); cause != nil {
		return nil, fail(cause, fix)
	}
	w.file, err = excelize.OpenFile(path, opts)
	if err != nil {
		fix, cause := openCause(err, w.zip)
		return nil, fail(cause, fix)
	}
	if part, ok := verifyParts(w.file, w.zip); !ok {
		return nil, fail(damaged(nil, "the workbook is damaged: its part %s does not match its checksum", part), fixCopyAgain)
	}
	if props, err := w.file.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		w.Date1904 = *props.Date1904
	}
	w.sheets = w.file.GetSheetList()
	return w, nil
}

// panicCause turns a panic inside excelize into the cause of a rejection.
func panicCause(v any) error {
	err, _ := v.(error)
	return damaged(err, "the workbook could not be read (excelize: %v)", v)
}

// Sheets lists the workbook's sheet names in workbook order.
func (w *Workbook) Sheets() []string { return slices.Clone(w.sheets) }

// Close releases the workbook and its temporary files. Closing it again
// does nothing.
func (w *Workbook) Close() error {
	var err error
	if w.file != nil {
		err = w.file.Close()
		w.file = nil
	}
	if w.src != nil {
		if cerr := w.src.Close(); err == nil {
			err = cerr
		}
		w.src = nil
	}
	return err
}

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
// Close. A stream that ends early because the sheet's XML is damaged or cut
// off ends with an error, never silently.
type Rows struct {
	wb    *Workbook
	sheet string
	rows  *excelize.Rows
	row   Row
	num   int
	done  bool
	err   error
}

// Rows opens a row stream over the named sheet.
func (w *Workbook) Rows(sheet string) (rows *Rows, err error) {
	defer func() {
		if v := recover(); v != nil {
			rows, err = nil, FixResave.At(w.Name, sheet, "", "", panicCause(v))
		}
	}()
	xr, err := w.file.Rows(sheet)
	if err != nil {
		if xr != nil {
			xr.Close()
		}
		var missing excelize.ErrSheetNotExist
		if errors.As(err, &missing) && slices.Contains(w.sheets, sheet) {
			err = damaged(err, "the workbook is damaged: it lists this sheet, but the sheet's data is missing")
		}
		return nil, FixResave.At(w.Name, sheet, "", "", err)
	}
	return &Rows{wb: w, sheet: sheet, rows: xr}, nil
}

// Next advances to the next row; it returns false at the end or on error.
func (r *Rows) Next() (ok bool) {
	if r.err != nil || r.done {
		return false
	}
	defer func() {
		if v := recover(); v != nil {
			r.err, ok = FixResave.At(r.wb.Name, r.sheet, "", "", panicCause(v)), false
		}
	}()
	if !r.rows.Next() {
		r.done = true
		if err := r.rows.Error(); err != nil {
			r.err = r.fail(err)
		} else {
			r.err = r.wb.checkEnd(r.sheet, r.num)
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

// fail explains an error of excelize's row stream. The XML is what is
// broken, so no cell can be named: the message says which row the stream
// had reached.
func (r *Rows) fail(err error) error {
	var cause error
	switch {
	case errors.Is(err, excelize.ErrMaxRows):
		// excelize meets the bad row number while it looks for the next row.
		cause = damaged(err, "the sheet's XML is damaged after row %d: it holds a row numbered beyond Excel's last row (%d)", r.num, excelize.TotalRows)
	case isXMLError(err):
		cause = xmlDamaged(err, fmt.Sprintf("while reading row %d", r.num))
	default:
		cause = damaged(err, "the sheet's XML is damaged: it cannot be read past row %d (%v)", r.num, err)
	}
	return FixResave.At(r.wb.Name, r.sheet, "", "", cause)
}

// Row returns the current row.
func (r *Rows) Row() Row { return r.row }

// Err returns the error that ended the stream, if any.
func (r *Rows) Err() error { return r.err }

// Close releases the stream.
func (r *Rows) Close() error {
	if err := r.rows.Close(); err != nil && err != r.rows.Error() {
		return err
	}
	return nil // the stream's own error is reported by Err
}
