package ingest

import (
	"errors"

	"github.com/pairstat/pairstat/ingest/xls"
)

// An OLE2 compound file is an Excel 97–2003 workbook (.xls, and WPS's
// .et, the same format), read by package xls, or an .xlsx encrypted with
// a password, which is an OLE2 container of the encrypted package.

// openOLE2 reads the workbook's file as an OLE2 compound file.
func (w *Workbook) openOLE2(size int64) (Advice, error) {
	if xls.IsEncryptedOOXML(w.src, size) {
		return fixPassword, newCause(ErrEncrypted, nil, "the workbook is protected with a password: it is an .xlsx workbook encrypted with it",
			"这是用密码加密的 .xlsx 工作簿")
	}
	lim := w.lim
	book, err := xls.Open(w.src, size, xls.Limits{
		StreamSize:  lim.Size,
		Sheets:      lim.Sheets,
		Strings:     lim.SharedStrings,
		StringBytes: lim.Text,
		CellText:    lim.CellText,
		Rows:        lim.Rows,
		Cols:        lim.Cols,
	})
	if err != nil {
		return xlsCause(err)
	}
	src := &xlsSource{book: book}
	for _, s := range book.Sheets() {
		src.names = append(src.names, s.Name)
	}
	w.source, w.sheets, w.Date1904 = src, src.names, book.Date1904()
	if len(w.sheets) > lim.Sheets {
		return fixTooLarge, tooManySheets(len(w.sheets), lim.Sheets)
	}
	return Advice{}, nil
}

// xlsCause turns an error of package xls into a cause with its advice.
func xlsCause(err error) (Advice, error) {
	var zh string // in Chinese, as package xls words it
	if fe := (*xls.FormatError)(nil); errors.As(err, &fe) {
		zh = fe.Zh()
	}
	cause := func(kind error) error { return &causeError{kind: kind, msg: err.Error(), zh: zh, err: err} }
	switch {
	case errors.Is(err, xls.ErrEncrypted):
		return fixPassword, cause(ErrEncrypted)
	case errors.Is(err, xls.ErrVersion):
		return fixBIFF5, cause(ErrLegacy)
	case errors.Is(err, xls.ErrLimit):
		return fixTooLarge, cause(ErrLimit)
	case errors.Is(err, xls.ErrCutOff):
		return fixCopyAgain, cause(ErrTruncated)
	}
	return FixResave, cause(ErrDamaged)
}

// xlsSource is an .xls or .et workbook.
type xlsSource struct {
	book  *xls.Book
	names []string
}

func (s *xlsSource) sheets() []string { return s.names }

func (s *xlsSource) rows(i int) rowSource { return &xlsRows{rows: s.book.Rows(i)} }

// xlsRows streams a sheet of an .xls workbook.
type xlsRows struct {
	rows *xls.Rows
	cur  Row
}

// cellType maps package xls's cell types to ingest's.
func cellType(t xls.CellType) CellType {
	switch t {
	case xls.Number:
		return Number
	case xls.Text:
		return Text
	case xls.Date:
		return Date
	case xls.Bool:
		return Bool
	case xls.Error:
		return Error
	}
	return Unknown
}

func (r *xlsRows) next() bool {
	if !r.rows.Next() {
		return false
	}
	row := r.rows.Row()
	r.cur = Row{Num: row.Num, Cells: r.cur.Cells[:0]}
	for _, c := range row.Cells {
		r.cur.Cells = append(r.cur.Cells, Cell{Col: c.Col, Type: cellType(c.Type), Value: c.Value})
	}
	return true
}

func (r *xlsRows) row() Row { return r.cur }

func (r *xlsRows) err() error {
	if err := r.rows.Err(); err != nil {
		_, cause := xlsCause(err)
		return cause
	}
	return nil
}
