package transform

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// Causes of sheet and cell problems, wrapped in *ingest.CellError.
var (
	ErrNoRegion         = errors.New("no region")
	ErrUnknownRegion    = errors.New("unknown region")
	ErrUnknownIndicator = errors.New("unknown indicator")
	ErrUnknownUnit      = errors.New("unknown unit")
	ErrWrongUnit        = errors.New("unit of the wrong kind")
	ErrUnknownStatus    = errors.New("unknown status")
	ErrNoYear           = errors.New("no year")
	ErrTooLarge         = errors.New("number too large")
	ErrNoSheet          = errors.New("no sheet with a recognised header")
)

// Hints are what the place of a file says about its content.
type Hints struct {
	// Folder is the inbox sub-folder the file sits in ("" at the top).
	Folder string
}

// SheetReport says what was found in one sheet.
type SheetReport struct {
	Sheet     string
	Kind      string // "" when the sheet was skipped
	Skipped   string // why the sheet was skipped
	HeaderRow int
	Region    string // sheet-level region, "" when rows carry their own
	Rows      int    // data rows
	Excluded  int    // total and breakdown rows kept but not summed
	Years     []int
}

// Result is a workbook turned into record batches of the canonical tables.
// Release it when done.
type Result struct {
	Sheets   []SheetReport
	Batches  map[string][]arrow.RecordBatch // table name → batches (none when streamed)
	Problems []*ingest.CellError            // any problem rejects the workbook
	rows     int64
}

// Rows counts the rows of all tables: those of the batches made, kept in
// Batches or handed to a Sink.
func (r *Result) Rows() int64 { return r.rows }

// Err joins the problems into one error, nil when there are none.
func (r *Result) Err() error {
	errs := make([]error, len(r.Problems))
	for i, p := range r.Problems {
		errs[i] = p
	}
	return errors.Join(errs...)
}

// Release frees the record batches.
func (r *Result) Release() {
	for _, bs := range r.Batches {
		for _, b := range bs {
			b.Release()
		}
	}
	r.Batches = nil
}

// maxProblems caps the problems listed per workbook.
const maxProblems = 100

// Sink receives the record batches of a workbook one by one, as soon as
// each is complete, in the order they are made; it owns the batch and must
// release it. An error from Sink stops the conversion and is returned.
type Sink func(table string, batch arrow.RecordBatch) error

// Workbook reads every sheet of wb and turns the recognised ones into
// record batches. Cell-level problems are collected in the result (the
// workbook must then be rejected); the error is for failures to read.
func (c *Catalog) Workbook(wb *ingest.Workbook, hints Hints) (*Result, error) {
	return c.convert(wb, hints, nil)
}

// Stream is Workbook handing each record batch to sink as soon as it is
// complete, so that loading overlaps reading and a large workbook is never
// held in memory whole. The result has no Batches. A workbook with
// problems may have sent batches before the first problem was found: the
// receiver must then drop them (roll back).
func (c *Catalog) Stream(wb *ingest.Workbook, hints Hints, sink Sink) (*Result, error) {
	return c.convert(wb, hints, sink)
}

func (c *Catalog) convert(wb *ingest.Workbook, hints Hints, sink Sink) (res *Result, err error) {
	res = &Result{Batches: map[string][]arrow.RecordBatch{}}
	builders := map[string]*tableBuilder{}
	for _, name := range TableNames {
		builders[name] = newTableBuilder(memory.DefaultAllocator, name, Tables[name], sink)
	}
	defer func() {
		for _, name := range TableNames {
			b := builders[name]
			if bs := b.finish(); len(bs) > 0 {
				res.Batches[name] = bs
			}
			res.rows += b.total
			if err == nil {
				err = b.err
			}
		}
	}()
	for _, sheet := range wb.Sheets() {
		s := &sheetReader{cat: c, wb: wb, hints: hints, res: res, builders: builders,
			report: SheetReport{Sheet: sheet}}
		if err := s.read(); err != nil {
			return res, err
		}
		res.Sheets = append(res.Sheets, s.report)
	}
	if !anyRecognised(res.Sheets) && len(res.Problems) == 0 {
		res.Problems = append(res.Problems, fixNoSheet.At(wb.Name, "", "", "", ErrNoSheet))
	}
	return res, nil
}

func anyRecognised(sheets []SheetReport) bool {
	for _, s := range sheets {
		if s.Kind != "" {
			return true
		}
	}
	return false
}

// sheetReader converts one sheet.
type sheetReader struct {
	cat      *Catalog
	wb       *ingest.Workbook
	hints    Hints
	res      *Result
	builders map[string]*tableBuilder
	report   SheetReport
	head     *header
	titles   []string // texts above the header
	year     int      // year given by the title rows, 0 if none
	parent   int      // last data row, the parent of breakdown rows
	// parentYear is the year of the last data row, for its breakdown rows.
	parentYear int
	above      [numCols]aboveCell // fill-down values (col 0: none yet)
	cols       [numCols]column    // the header's columns the rows read
	years      map[int]bool
	labelCols  []int // columns of the labelColumns the header has, in that order

	fatal error // a Sink's error: the conversion stops

	// Scratch reused from row to row.
	cells []string // the current row's texts by column ("" when empty)
	rec   record
	vals  []val
}

// sawYear notes a year the sheet's data mentions.
func (s *sheetReader) sawYear(y int) {
	if !s.years[y] {
		s.years[y] = true
	}
}

func (s *sheetReader) read() error {
	rows, err := s.wb.Rows(s.report.Sheet)
	if err != nil {
		return err
	}
	ahead := readAhead(rows)
	defer ahead.stop()
	return s.convert(ahead)
}

// rowSource is a sheet's stream of rows.
type rowSource interface {
	next() bool
	row() ingest.Row
	err() error
}

// convert finds the header among the first rows of the sheet and converts
// the rows below it.
func (s *sheetReader) convert(ahead rowSource) error {
	var top []ingest.Row
	for len(top) < headerScanRows && ahead.next() {
		top = append(top, ahead.row())
	}
	if err := ahead.err(); err != nil {
		return err
	}
	s.head = s.cat.findHeader(top)
	if s.head == nil {
		s.report.Skipped = "no recognised header in the first 20 rows"
		return nil
	}
	s.report.Kind = s.head.kind.Kind
	s.report.HeaderRow = s.head.row
	s.years = map[int]bool{}
	for c, name := range colNames {
		s.cols[c] = s.head.columns[name]
	}
	for _, name := range labelColumns {
		if col, ok := s.head.columns[name]; ok {
			s.labelCols = append(s.labelCols, col.col)
		}
	}
	for _, r := range top {
		if r.Num < s.head.first {
			for _, cell := range r.Cells {
				s.titles = append(s.titles, cell.Value)
			}
		}
	}
	s.year = titleYear(s.titles)
	if !s.resolveRegion() {
		return nil
	}
	for _, r := range top {
		if r.Num > s.head.row {
			s.row(r)
			if err := s.stopped(); err != nil {
				return err
			}
		}
	}
	for ahead.next() {
		s.row(ahead.row())
		if err := s.stopped(); err != nil {
			return err
		}
	}
	if err := ahead.err(); err != nil {
		return err
	}
	for y := range s.years {
		s.report.Years = append(s.report.Years, y)
	}
	sort.Ints(s.report.Years)
	return nil
}

// stopped returns the error of a Sink, which ends the conversion.
func (s *sheetReader) stopped() error { return s.fatal }

var yearInText = regexp.MustCompile(`(19|20)\d\d`)

// titleYear returns the one year the title rows mention, 0 if none or several.
func titleYear(titles []string) int {
	found := 0
	for _, t := range titles {
		for _, m := range yearInText.FindAllString(parse.Display(t), -1) {
			y := 0
			fmt.Sscan(m, &y)
			if found != 0 && found != y {
				return 0
			}
			found = y
		}
	}
	return found
}

// resolveRegion finds the sheet's region: title rows, then sheet name, then
// file name, then inbox folder. A text naming both regions decides nothing.
// Without a region column and without a region, the sheet is a problem.
func (s *sheetReader) resolveRegion() bool {
	candidates := []string{strings.Join(s.titles, " "), s.report.Sheet,
		strings.TrimSuffix(filepath.Base(s.wb.Name), filepath.Ext(s.wb.Name)), s.hints.Folder}
	for _, text := range candidates {
		if found := s.cat.RegionsIn(text); len(found) == 1 {
			s.report.Region = found[0]
			return true
		}
	}
	if _, ok := s.head.columns["region"]; ok {
		return true
	}
	s.problem(0, 0, "", ErrNoRegion, fixNoRegion)
	return false
}

// problem records a problem at a cell (col 0: the whole sheet).
func (s *sheetReader) problem(col, row int, value string, err error, fix ingest.Advice) {
	if len(s.res.Problems) >= maxProblems {
		return
	}
	cell := ""
	if col > 0 {
		cell = ingest.CellName(col, row)
	}
	s.res.Problems = append(s.res.Problems, fix.At(s.wb.Name, s.report.Sheet, cell, value, err))
}
