package ingest

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Workbook is an open workbook: an .xlsx, .xlsm, .xls or .et file, or a
// CSV file read as one sheet. Close it when done.
type Workbook struct {
	// Name is how messages name the file (the path as given, or relative to the inbox).
	Name string
	// Date1904 is true when the workbook counts dates from 1904.
	Date1904 bool
	file     *excelize.File // an .xlsx workbook's, nil for other formats
	source   sheetSource    // the other formats' sheets
	sheets   []string
	src      *os.File    // kept open for zip, until Close
	zip      *zip.Reader // the archive's directory, for integrity checks
	lim      Limits
	deadline time.Time // Open's time plus lim.Time
	copied   string    // the temporary copy excelize reads, while it opens it
	// kept is that copy when it holds parts decoded from UTF-16 (see
	// utf16.go): the parts pairstat reads are read from it, not from zip,
	// until Close. keptFile is its open file.
	kept     *zip.Reader
	keptFile *os.File
	// text counts the bytes of cell values yielded so far (Limits.Text),
	// by the row streams of all sheets, which may run on other goroutines.
	text atomic.Int64

	partsOnce sync.Once
	parts     map[string]string // sheet name → part path, see sheetParts

	textsOnce sync.Once
	texts     *sharedTexts // for pairstat's own sheet reader, nil if not plain

	typed      bool       // set each cell's Type (OpenTyped)
	styles     []CellType // of an .xlsx workbook's cell formats, when typed
	stylesErr  error
	stylesOnce sync.Once
}

// Open opens the workbook at path with the default limits; name is how
// messages refer to it. Its format is told by its content (see sniff.go):
// a zip archive is an .xlsx workbook, an OLE2 compound file an .xls or .et
// workbook (or a password-protected .xlsx), and a file named .csv or .txt
// is read as CSV (csv.go). A file in another format, damaged, protected
// with a password, or over a limit is a *CellError naming what it is
// instead.
func Open(path, name string) (*Workbook, error) {
	return OpenWithLimits(path, name, Limits{})
}

// OpenWithLimits is Open with other limits; its zero fields take their
// defaults (DefaultLimits).
func OpenWithLimits(path, name string, lim Limits) (*Workbook, error) {
	return open(path, name, lim, excelize.Options{})
}

// OpenTyped is Open for a view of every cell's type (`pairstat cells`):
// the row streams of an .xlsx workbook set each cell's Type too, which
// takes reading each sheet whole into memory, and its styles.
func OpenTyped(path, name string) (*Workbook, error) {
	w, err := Open(path, name)
	if err == nil && w.file != nil {
		w.typed = true
	}
	return w, err
}

// open is OpenWithLimits with excelize's options, which tests use to make
// excelize spool small sheets to temporary files as it does large ones.
func open(path, name string, lim Limits, opts excelize.Options) (_ *Workbook, err error) {
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
	lim = lim.withDefaults()
	src, err := os.Open(path)
	if err != nil {
		return nil, fail(err, fixReadable)
	}
	w = &Workbook{Name: name, src: src, lim: lim, deadline: time.Now().Add(lim.Time)}
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
	kind, fix, cause := sniffBytes(path, head[:n], info.Size())
	switch {
	case cause != nil:
		return nil, fail(cause, fix)
	case kind == formatOLE2:
		fix, cause = w.openOLE2(info.Size())
	case kind == formatCSV:
		fix, cause = w.openCSV(info.Size())
	}
	if cause != nil {
		return nil, fail(cause, fix)
	}
	if kind != formatZip {
		return w, w.expired("")
	}
	dir := &dirReader{r: src, budget: directoryBudget(lim.Parts)}
	w.zip, err = zip.NewReader(dir, info.Size())
	dir.done = true
	if dir.over {
		return nil, fail(overLimit("the workbook's zip archive has more than %s members, the limit",
			"工作簿的 zip 压缩包多于 %s 个成员，即上限", count(lim.Parts)), fixTooLarge)
	}
	if err != nil {
		return nil, fail(newCause(ErrTruncated, err,
			"the file is incomplete or damaged: its zip archive cannot be read (%v); it may have been cut off while it was copied or downloaded",
			"文件不完整或已损坏：无法读取其 zip 压缩包（%v）", err),
			fixCopyAgain)
	}
	if fix, cause := sniffZip(path, w.zip); cause != nil {
		return nil, fail(cause, fix)
	}
	if fix, cause := checkMembers(w.zip, &lim); cause != nil {
		return nil, fail(cause, fix)
	}
	layout, fix, cause := readLayout(w.zip, &lim)
	if cause != nil {
		return nil, fail(cause, fix)
	}
	if fix, cause := layout.checkSizes(w.zip, &lim); cause != nil {
		return nil, fail(cause, fix)
	}
	parts := w.zip // where the parts excelize is given are read from
	if recode := layout.utf16Parts(w.zip); len(recode) > 0 {
		if fix, cause := w.recodeParts(layout, recode, opts.TmpDir); cause != nil {
			return nil, fail(cause, fix)
		}
		parts = w.kept
	}
	sstElements := 0
	if layout.sst != nil {
		c, fix, cause := countSharedStrings(layout.sst, &lim)
		if cause != nil {
			return nil, fail(cause, fix)
		}
		sstElements = c.elements
	}
	if opts.UnzipXMLSizeLimit == 0 { // tests set their own
		opts.UnzipXMLSizeLimit = layout.threshold(parts, sstElements)
	}
	if opts.UnzipSizeLimit == 0 {
		opts.UnzipSizeLimit = max(lim.Size, opts.UnzipXMLSizeLimit)
	}
	if w.kept == nil {
		w.copied, _, cause, err = layout.copyParts(w.zip, opts.TmpDir, nil, &lim)
		switch {
		case cause != nil:
			return nil, fail(cause, fixCopyAgain)
		case err != nil:
			return nil, fail(fmt.Errorf("could not write a temporary copy of the workbook's parts (%w)", err), fixTemp)
		}
	}
	if err := w.expired(""); err != nil {
		return nil, err
	}
	readPath := path
	if w.copied != "" {
		readPath = w.copied
	}
	w.file, err = excelize.OpenFile(readPath, opts)
	if w.copied != "" {
		// excelize has read the copy whole (into memory, or into
		// temporary files of its own): it is not needed any more, and a
		// run killed from now on leaves it behind no longer. A copy kept
		// open is read on from its open file (where the system cannot
		// remove an open file, Close removes it).
		if rerr := os.Remove(w.copied); rerr == nil || w.kept == nil {
			w.copied = ""
		}
	}
	if err != nil {
		fix, cause := openCause(err, w.zip)
		return nil, fail(cause, fix)
	}
	if part, ok := verifyParts(w.file, parts); !ok {
		return nil, fail(damaged(nil, "the workbook is damaged: its part %s does not match its checksum",
			"部件 %s 与其校验和不符", part), fixCopyAgain)
	}
	if props, err := w.file.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		w.Date1904 = *props.Date1904
	}
	w.sheets = w.file.GetSheetList()
	if len(w.sheets) > lim.Sheets { // parseSheets counts the same elements
		return nil, fail(tooManySheets(len(w.sheets), lim.Sheets), fixTooLarge)
	}
	if err := w.expired(""); err != nil {
		return nil, err
	}
	return w, nil
}

// expired returns an ErrLimit CellError at the sheet (or the file) when
// the workbook's time is up.
func (w *Workbook) expired(sheet string) error {
	if time.Now().Before(w.deadline) {
		return nil
	}
	return fixSlow.At(w.Name, sheet, "", "", overLimit("reading the workbook took longer than the limit of %v",
		"读取工作簿所用的时间超过上限 %v", span(w.lim.Time)))
}

// tooManySheets is the cause for a workbook of n sheets, over the limit.
func tooManySheets(n, limit int) error {
	return overLimit("the workbook has %s sheets, more than the limit of %s", "工作簿有 %s 个工作表，超过上限 %s 个", count(n), count(limit))
}

// panicCause turns a panic inside excelize into the cause of a rejection.
func panicCause(v any) error {
	err, _ := v.(error)
	return damaged(err, "the workbook could not be read (excelize: %v)", "无法读取工作簿（excelize: %v）", v)
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
	if w.keptFile != nil {
		if cerr := w.keptFile.Close(); err == nil {
			err = cerr
		}
		w.keptFile, w.kept = nil, nil
	}
	if w.copied != "" {
		if rerr := os.Remove(w.copied); err == nil && !errors.Is(rerr, os.ErrNotExist) {
			err = rerr
		}
		w.copied = ""
	}
	return err
}

// Cell is one non-empty cell value.
type Cell struct {
	Col   int      // 1-based column
	Value string   // raw stored text
	Type  CellType // Unknown in an .xlsx workbook not opened by OpenTyped
}

// Row is one row of a sheet: its 1-based number and its non-empty cells in
// column order.
type Row struct {
	Num   int
	Cells []Cell
	// NoResult lists the columns of the row's formulas whose result was
	// never saved (.xlsx read by pairstat's own scanner): empty to Excel's
	// eye until it calculates them, unknown to a reader.
	NoResult []int
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
// off ends with an error, never silently; so does a stream that exceeds a
// limit (rows, cells in a row, characters in a cell, the workbook's time).
type Rows struct {
	wb    *Workbook
	sheet string
	rows  *excelize.Rows
	row   Row
	num   int
	done  bool
	err   error
	// census counts the sheet's XML ahead of the stream (ahead.go).
	census *sheetCensus
	// source is the stream of a sheet of another format than .xlsx, which
	// has no census and no excelize stream.
	source *sourceRows
	// types tells the cells' types, when the workbook is typed.
	types *cellTyper
	// own is pairstat's own reader of the sheet (sheetxml.go), until it
	// leaves the sheet to excelize's stream (rows).
	own *ownSheet
}

// Rows opens a row stream over the named sheet. Its XML is counted ahead
// of the stream (see census.go and ahead.go): the stream ends with an
// error at a limit exceeded before excelize decodes the XML that exceeds
// it.
func (w *Workbook) Rows(sheet string) (rows *Rows, err error) {
	var census *sheetCensus
	defer func() {
		if v := recover(); v != nil {
			rows, err = nil, FixResave.At(w.Name, sheet, "", "", panicCause(v))
		}
		if err != nil {
			census.close()
		}
	}()
	if err := w.expired(sheet); err != nil {
		return nil, err
	}
	if w.source != nil {
		i, err := w.sheetIndex(sheet)
		if err != nil {
			return nil, err
		}
		return &Rows{wb: w, sheet: sheet, source: &sourceRows{src: w.source.rows(i)}}, nil
	}
	census = w.startCensus(sheet)
	if fix, cause := census.pass(1); cause != nil {
		return nil, fix.At(w.Name, sheet, "", "", cause)
	}
	if own := w.ownSheet(sheet); own != nil {
		return &Rows{wb: w, sheet: sheet, own: own, census: census}, nil
	}
	xr, err := w.excelizeRows(sheet)
	if err != nil {
		return nil, err
	}
	rows = &Rows{wb: w, sheet: sheet, rows: xr, census: census}
	if w.typed {
		if rows.types, err = w.typer(sheet); err != nil {
			xr.Close()
			return nil, err
		}
	}
	return rows, nil
}

// excelizeRows opens excelize's row stream over the sheet.
func (w *Workbook) excelizeRows(sheet string) (*excelize.Rows, error) {
	xr, err := w.file.Rows(sheet)
	if err != nil {
		if xr != nil {
			xr.Close()
		}
		var missing excelize.ErrSheetNotExist
		if errors.As(err, &missing) && slices.Contains(w.sheets, sheet) {
			err = damaged(err, "the workbook is damaged: it lists this sheet, but the sheet's data is missing",
				"工作簿列有该工作表，但缺少其数据")
		}
		return nil, FixResave.At(w.Name, sheet, "", "", err)
	}
	return xr, nil
}

// timeCheckRows is how often, in rows, Next looks at the clock.
const timeCheckRows = 256

// Next advances to the next row; it returns false at the end or on error.
func (r *Rows) Next() (ok bool) {
	if r.err != nil || r.done {
		return false
	}
	if r.source != nil {
		return r.nextFrom()
	}
	defer func() {
		if v := recover(); v != nil {
			r.err, ok = FixResave.At(r.wb.Name, r.sheet, "", "", panicCause(v)), false
		}
	}()
	if fix, cause := r.census.pass(r.num + 1); cause != nil {
		r.err = fix.At(r.wb.Name, r.sheet, "", "", cause)
		return false
	}
	if r.own != nil {
		return r.nextOwn()
	}
	return r.nextExcelize()
}

// nextExcelize is Next through excelize's row stream.
func (r *Rows) nextExcelize() bool {
	if !r.rows.Next() {
		r.done = true
		switch fix, cause := r.census.pass(math.MaxInt); {
		case cause != nil: // past the last row
			r.err = fix.At(r.wb.Name, r.sheet, "", "", cause)
		case r.rows.Error() != nil:
			r.err = r.fail(r.rows.Error())
		default:
			r.err = r.wb.checkEnd(r.sheet, r.num, r.census.endsRead())
		}
		return false
	}
	if !r.advance() {
		return false
	}
	cols, err := r.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		r.err = r.fail(err)
		return false
	}
	r.row = Row{Num: r.num, Cells: make([]Cell, 0, len(cols))}
	for i, v := range cols {
		c := Cell{Col: i + 1, Value: v}
		if r.types != nil && strings.TrimSpace(v) != "" {
			if c.Type, r.err = r.types.of(r.row.Ref(c.Col)); r.err != nil {
				return false
			}
		}
		if !r.take(c) {
			return false
		}
	}
	return true
}

// advance moves the stream to the next row number, checking the limits
// on rows and time.
func (r *Rows) advance() bool {
	r.num++
	lim := &r.wb.lim
	if r.num > lim.Rows {
		r.err = fixTooLarge.At(r.wb.Name, r.sheet, "", "",
			overLimit("the sheet has more than %s rows, the limit", "工作表超过 %s 行，即上限", count(lim.Rows)))
		return false
	}
	if r.num%timeCheckRows == 0 {
		if r.err = r.wb.expired(r.sheet); r.err != nil {
			return false
		}
	}
	return true
}

// take adds a cell to the current row, checking the limits on columns and
// text; a cell of white space only is dropped, as an empty one.
func (r *Rows) take(c Cell) bool {
	lim := &r.wb.lim
	if c.Col > lim.Cols {
		r.err = fixTooLarge.At(r.wb.Name, r.sheet, CellName(lim.Cols+1, r.num), "",
			overLimit("row %d has cells beyond column %s, the limit", "第 %d 行有超出 %s 列（上限）的单元格", r.num, columnName(lim.Cols)))
		return false
	}
	v := c.Value
	if strings.TrimSpace(v) == "" {
		if c.Type == NoResult {
			r.row.NoResult = append(r.row.NoResult, c.Col)
		}
		return true
	}
	if len(v) > lim.CellText {
		if n := utf8.RuneCountInString(v); n > lim.CellText {
			r.err = fixCellText.At(r.wb.Name, r.sheet, r.row.Ref(c.Col), clip(v, 40),
				overLimit("the cell holds %s characters, more than the limit of %s (Excel's own)",
					"单元格有 %s 个字符，超过上限 %s 个（Excel 本身的上限）", count(n), count(lim.CellText)))
			return false
		}
	}
	if r.wb.text.Add(int64(len(v))) > lim.Text {
		r.err = fixTooLarge.At(r.wb.Name, r.sheet, r.row.Ref(c.Col), "",
			overLimit("the workbook's cells hold more than %s of text, the limit (shared strings count each time a cell refers to them)",
				"工作簿各单元格的文字超过 %s，即上限（共享字符串每被一个单元格引用，就计算一次）", byteSize(lim.Text)))
		return false
	}
	r.row.Cells = append(r.row.Cells, c)
	return true
}

// columnName names a 1-based column, like "XFD".
func columnName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return fmt.Sprint(col)
	}
	return name
}

// clip returns the first n characters of s, with "…" when it is longer.
func clip(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos] + "…"
		}
		i++
	}
	return s
}

// fail explains an error of excelize's row stream. The XML is what is
// broken, so no cell can be named: the message says which row the stream
// had reached.
func (r *Rows) fail(err error) error {
	var cause error
	switch {
	case errors.Is(err, excelize.ErrMaxRows):
		// excelize meets the bad row number while it looks for the next row.
		cause = damaged(err, "the sheet's XML is damaged after row %d: it holds a row numbered beyond Excel's last row (%d)",
			"工作表的 XML 在第 %d 行之后损坏：其中有一行的行号超出 Excel 的最后一行（%d）", r.num, excelize.TotalRows)
	case isXMLError(err):
		cause = xmlDamaged(err, words{fmt.Sprintf("while reading row %d", r.num), fmt.Sprintf("读取第 %d 行时", r.num)})
	default:
		cause = damaged(err, "the sheet's XML is damaged: it cannot be read past row %d (%v)",
			"工作表的 XML 已损坏：第 %d 行之后无法读取（%v）", r.num, err)
	}
	return FixResave.At(r.wb.Name, r.sheet, "", "", cause)
}

// Row returns the current row.
func (r *Rows) Row() Row { return r.row }

// Err returns the error that ended the stream, if any.
func (r *Rows) Err() error { return r.err }

// Close releases the stream.
func (r *Rows) Close() error {
	if r.source != nil {
		return nil
	}
	r.census.close()
	if r.own != nil {
		r.own.close()
		return nil
	}
	if err := r.rows.Close(); err != nil && err != r.rows.Error() {
		return err
	}
	return nil // the stream's own error is reported by Err
}
