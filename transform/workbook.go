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
	Batches  map[string][]arrow.RecordBatch // table name → batches
	Problems []*ingest.CellError            // any problem rejects the workbook
}

// Rows counts the rows of all tables.
func (r *Result) Rows() int64 {
	var n int64
	for _, bs := range r.Batches {
		for _, b := range bs {
			n += b.NumRows()
		}
	}
	return n
}

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

// Workbook reads every sheet of wb and turns the recognised ones into
// record batches. Cell-level problems are collected in the result (the
// workbook must then be rejected); the error is for failures to read.
func (c *Catalog) Workbook(wb *ingest.Workbook, hints Hints) (*Result, error) {
	res := &Result{Batches: map[string][]arrow.RecordBatch{}}
	builders := map[string]*tableBuilder{}
	for _, name := range TableNames {
		builders[name] = newTableBuilder(memory.DefaultAllocator, Tables[name])
	}
	defer func() {
		for name, b := range builders {
			if bs := b.finish(); len(bs) > 0 {
				res.Batches[name] = bs
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
	above      map[string]aboveCell // fill-down values, by column name
	years      map[int]bool
}

func (s *sheetReader) read() error {
	rows, err := s.wb.Rows(s.report.Sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	var top []ingest.Row
	for len(top) < headerScanRows && rows.Next() {
		top = append(top, rows.Row())
	}
	if err := rows.Err(); err != nil {
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
	s.above = map[string]aboveCell{}
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
		}
	}
	for rows.Next() {
		s.row(rows.Row())
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for y := range s.years {
		s.report.Years = append(s.report.Years, y)
	}
	sort.Ints(s.report.Years)
	return nil
}

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
