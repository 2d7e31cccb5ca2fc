package transform

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pairstat/pairstat/ingest"
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
	ErrPairValue        = errors.New("a value of both regions")
	ErrNoResult         = errors.New("a formula whose result was never saved")
)

// wordedError is a cause with its details worded in English and in
// Chinese (Zh, which messages take for --lang zh); it is its kind.
type wordedError struct {
	kind   error
	en, zh string
}

func (e *wordedError) Error() string        { return e.en }
func (e *wordedError) Is(target error) bool { return target == e.kind }

// Zh is the cause in Chinese.
func (e *wordedError) Zh() string { return e.zh }

// Hints are what the place of a file says about its content.
type Hints struct {
	// Folder is the inbox sub-folder the file sits in ("" at the top).
	Folder string
}

// SheetReport says what was found in one table of a sheet (a sheet may
// stack several), or why a sheet was skipped.
type SheetReport struct {
	Sheet     string
	Table     int    // 1 for a sheet's first table, 2 for the next …; 0 when skipped
	Kind      string // "" when the sheet was skipped
	Skipped   string // why the sheet was skipped
	FirstRow  int    // the table's first title row (its header row when it has none)
	HeaderRow int    // the header's last row (a unit row included)
	Region    string // the table's region ("all": the pair's targets), "" when rows carry their own
	Rows      int    // data rows
	Excluded  int    // total and breakdown rows kept but not summed
	Targets   int    // targets read from data rows (table targets)
	// PairTargets: the title or a name sets the pair's targets (region
	// all), while the table's values are of Region.
	PairTargets bool
	Footer      []int // sign-off and note rows (and the rows below them), not data
	Unread      []int // rows not read: the table has no region (a problem says so)
	Years       []int
	// TableUnits are the units the table's unit lines state, with their
	// cell ("万元 A2").
	TableUnits []string
	Units      []UnitUse
	Warnings   []Warning
}

// RowRanges writes ascending row numbers as ranges: "12-14,18" ("" for none).
func RowRanges(rows []int) string {
	var b strings.Builder
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, rows[i])
		if j > i {
			fmt.Fprintf(&b, "-%d", rows[j])
		}
		i = j + 1
	}
	return b.String()
}

// Warnings lists the warnings of every table of the workbook.
func (r *Result) Warnings() []Warning {
	var out []Warning
	for _, s := range r.Sheets {
		out = append(out, s.Warnings...)
	}
	return out
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
	for _, t := range tables() {
		builders[t.name] = newTableBuilder(memory.DefaultAllocator, t.name, t.schema, sink)
	}
	defer func() {
		for _, name := range TableNames() {
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
		if s.table == 0 {
			res.Sheets = append(res.Sheets, s.report)
		}
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

// sheetReader converts one sheet, table by table (see tables.go). The
// fields from report to audit are the current table's.
type sheetReader struct {
	cat      *Catalog
	wb       *ingest.Workbook
	hints    Hints
	res      *Result
	builders map[string]*tableBuilder
	table    int // tables begun so far

	report SheetReport
	head   *header
	titles []string // texts above the header
	// titleRows are the rows of the titles.
	titleRows []ingest.Row
	year      int // year given by the title rows, 0 if none
	// pairTargets: the title or a name sets the pair's targets (region all).
	pairTargets bool
	parent      int // last data row, the parent of breakdown rows
	// parentYear and parentInd are the year and indicator of the last data
	// row, for its breakdown rows.
	parentYear int
	parentInd  *Indicator
	above      [numCols]aboveCell // fill-down values (col 0: none yet)
	cols       [numCols]column    // the header's columns the rows read
	years      map[int]bool
	labelCols  []int           // columns of the labelColumns the header has, in that order
	tableUnits map[string]Unit // dimension → the unit the table's unit lines state
	units      map[unitKey]*UnitUse
	audit      *audit
	// ended: a footer row ended the table; held: rows that may be the
	// titles of a next table.
	ended bool
	held  []ingest.Row
	// noRegion: the table has no region, so it ended at its header.
	noRegion bool

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

// stopped returns the error of a Sink, which ends the conversion.
func (s *sheetReader) stopped() error { return s.fatal }

var yearInText = regexp.MustCompile(`(19|20)\d\d`)

// resolveRegion finds the sheet's region: title rows, then sheet name, then
// file name, then inbox folder. A text naming both regions decides nothing
// for values; for targets, the first of those texts that names a region
// decides, and naming both makes them the pair's (pairTargets). A region
// column's cells decide for their rows. Without a region column and
// without a region, the sheet is a problem, unless it holds only the
// pair's targets.
func (s *sheetReader) resolveRegion() bool {
	candidates := []string{strings.Join(s.titles, " "), s.report.Sheet,
		strings.TrimSuffix(filepath.Base(s.wb.Name), filepath.Ext(s.wb.Name)), s.hints.Folder}
	_, regionColumn := s.head.columns["region"]
	decided := false
	s.pairTargets = false
	for i, text := range candidates {
		found := s.cat.RegionsIn(text)
		pair := len(found) > 1 || len(found) == 0 && s.cat.pairWordIn(text)
		if !decided && (pair || len(found) == 1) {
			decided, s.pairTargets = true, pair && s.head.holdsTargets()
		}
		if s.pairTargets && !s.head.holdsValues() && !regionColumn {
			s.report.Region = RegionAll // whatever a later text names
			return true
		}
		if len(found) == 1 {
			s.report.Region, s.report.PairTargets = found[0], s.pairTargets && !regionColumn
			s.folderAgrees(i, candidates[len(candidates)-1])
			return true
		}
	}
	if regionColumn {
		return true
	}
	// Named at the header's first cell, where a 地区 column would go.
	fix := fixNoRegion
	if s.pairTargets {
		fix = fixPairValues
	}
	s.problem(s.head.firstCol(), s.head.first, "", ErrNoRegion, fix)
	return false
}

// regionSources name the texts resolveRegion reads, in its order, in
// English and Chinese.
var regionSources = [][2]string{{"its title", "标题"}, {"its sheet's name", "工作表名"}, {"its file name", "文件名"}}

// folderAgrees warns when the inbox folder names another region than the
// one the table's title, sheet or file name (candidate i) gave: the file is
// in the wrong folder, or its title is wrong (an upload's chosen region is
// its folder). The table's region counts, as the folder comes last.
func (s *sheetReader) folderAgrees(i int, folder string) {
	in := s.cat.RegionsIn(folder)
	if i >= len(regionSources) || len(in) != 1 || in[0] == s.report.Region {
		return
	}
	col, row := s.head.firstCol(), s.head.first
	if i == 0 && len(s.titleRows) > 0 {
		col, row = s.titleRows[0].Cells[0].Col, s.titleRows[0].Num
	}
	own, other := s.cat.RegionName(s.report.Region, "zh"), s.cat.RegionName(in[0], "zh")
	s.audit.warn(col, row, WarnRegion, other, own,
		fmt.Sprintf("the workbook names %s (%s) but is in the folder of %s: %s counts; move the file, or correct %s",
			own, regionSources[i][0], other, own, regionSources[i][0]),
		fmt.Sprintf("工作簿写明%s（%s），却放在%s的文件夹中：以%s为准；请移动文件，或更正%s",
			own, regionSources[i][1], other, own, regionSources[i][1]))
}

// problem records a problem at a cell (col 0: the whole sheet).
func (s *sheetReader) problem(col, row int, value string, err error, fix ingest.Advice) {
	cell := ""
	if col > 0 {
		cell = ingest.CellName(col, row)
	}
	s.problemAt(cell, value, err, fix)
}

// problemAt records a problem at a named cell ("": the whole sheet).
func (s *sheetReader) problemAt(cell, value string, err error, fix ingest.Advice) {
	if len(s.res.Problems) >= maxProblems {
		return
	}
	s.res.Problems = append(s.res.Problems, fix.At(s.wb.Name, s.report.Sheet, cell, value, err))
}
