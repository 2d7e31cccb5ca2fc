package transform

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// Fixes shown with cell problems.
const (
	fixNumber = "write a plain number such as 1250 or 1250万元, or leave the cell empty (-, 无) when there is no value"
	fixDate   = "write a date such as 2023-03-18 or 2023年3月18日 (or a year such as 2023), or leave the cell empty"
	fixYear   = "write a year such as 2023 in the 年度 column, or a date in the date column"
	fixRegion = "write 塘厦镇 or 始兴县 (or another region name from the catalog) in the region column"
)

// labelColumns are the columns whose text names a row; a total or breakdown
// marker there (or in the first cell) marks the row.
var labelColumns = []string{"name", "item", "indicator", "field"}

// record is one data row of a sheet being converted.
type record struct {
	s     *sheetReader
	row   ingest.Row
	cells map[int]string
	role  string
	// lenient rows (totals, breakdowns) keep what parses and report nothing.
	lenient bool
	failed  bool
}

// row converts one sheet row into a table row.
func (s *sheetReader) row(r ingest.Row) {
	if r.Empty() {
		return
	}
	rec := &record{s: s, row: r, cells: make(map[int]string, len(r.Cells)), role: roleData}
	for _, c := range r.Cells {
		rec.cells[c.Col] = c.Value
	}
	rec.role = s.role(rec)
	rec.lenient = rec.role != roleData
	if rec.role == roleData {
		s.parent = r.Num
	}
	region := rec.region()
	var err error
	switch s.head.kind.Kind {
	case "project_ledger":
		err = rec.project(region)
	case "fund_ledger":
		err = rec.fund(region)
	case "assistance_list":
		err = rec.assistance(region)
	case "indicator_long":
		err = rec.longFigure(region)
	case "indicator_wide":
		err = rec.wideFigures(region)
	}
	if err != nil {
		s.problem(1, r.Num, "", fmt.Errorf("%w: %w", ErrTooLarge, err), fixNumber)
	}
	if rec.role == roleData {
		s.report.Rows++
	} else {
		s.report.Excluded++
	}
}

// role tells whether a row is data, a total or a breakdown of the row above.
func (s *sheetReader) role(rec *record) string {
	texts := []string{rec.row.Cells[0].Value}
	for _, name := range labelColumns {
		if col, ok := s.head.columns[name]; ok {
			texts = append(texts, rec.cells[col.col])
		}
	}
	for _, t := range texts {
		if m := s.cat.rowMarker(t); m != "" {
			return m
		}
	}
	if s.parent > 0 && indented(texts[1:]) {
		return roleBreakdown
	}
	return roleData
}

// indented reports whether the first non-empty label starts with white space.
func indented(texts []string) bool {
	for _, t := range texts {
		if t != "" {
			r := []rune(t)
			return unicode.IsSpace(r[0])
		}
	}
	return false
}

// parentRow is the data row a breakdown row belongs to (nil for others).
func (rec *record) parentRow() any {
	if rec.role != roleBreakdown {
		return nil
	}
	return rec.s.parent
}

// raw returns the text of the named column and its 1-based column number.
func (rec *record) raw(name string) (string, int) {
	col, ok := rec.s.head.columns[name]
	if !ok {
		return "", 0
	}
	return rec.cells[col.col], col.col
}

// ref names the cell of a column in this row, or nil without that column.
func (rec *record) ref(col int) any {
	if col == 0 {
		return nil
	}
	return ingest.CellName(col, rec.row.Num)
}

// text returns a display text or nil for an empty or no-value cell.
func (rec *record) text(name string) any {
	v, _ := rec.raw(name)
	if parse.IsNull(v) {
		return nil
	}
	return parse.Display(v)
}

func (rec *record) fail(col int, value string, err error, fix string) {
	rec.failed = true
	if !rec.lenient {
		rec.s.problem(col, rec.row.Num, value, err, fix)
	}
}

// region is the row's region code: its region cell, else the sheet's.
func (rec *record) region() any {
	v, col := rec.raw("region")
	if !parse.IsNull(v) {
		if code, ok := rec.s.cat.RegionCode(v); ok {
			return code
		}
		rec.fail(col, v, fmt.Errorf("%q: %w", v, ErrUnknownRegion), fixRegion)
		return nil
	}
	if rec.s.report.Region != "" {
		return rec.s.report.Region
	}
	if col != 0 && !rec.lenient {
		rec.fail(col, v, ErrNoRegion, fixRegion)
	}
	return nil
}

// date parses a date column; nil when empty.
func (rec *record) date(name string) any {
	v, col := rec.raw(name)
	if parse.IsNull(v) {
		return nil
	}
	d, err := parse.Date(v, rec.s.wb.Date1904)
	if err != nil {
		rec.fail(col, v, err, fixDate)
		return nil
	}
	rec.s.years[d.Year] = true
	return d
}

// year returns the row's year: its year column, else the year of the
// row's date (parsed from dateColumn), else the title's year; nil when none.
func (rec *record) year(date any, dateColumn string) (year any, cell any) {
	if v, col := rec.raw("year"); !parse.IsNull(v) {
		y, err := parse.Year(v, rec.s.wb.Date1904)
		if err != nil {
			rec.fail(col, v, err, fixYear)
			return nil, rec.ref(col)
		}
		rec.s.years[y] = true
		return y, rec.ref(col)
	}
	if d, ok := date.(parse.Day); ok {
		_, col := rec.raw(dateColumn)
		return d.Year, rec.ref(col)
	}
	if rec.s.year != 0 {
		rec.s.years[rec.s.year] = true
		return rec.s.year, nil
	}
	return nil, nil
}

// quantity parses a number with its unit and converts it into the base
// unit of dimension. The unit written in the cell wins over unit (from the
// header or a unit column), which wins over the base unit. nil when empty.
func (rec *record) quantity(v string, col int, unit, dimension string) any {
	if parse.IsNull(v) {
		return nil
	}
	num, cellUnit := parse.SplitUnit(v, rec.s.cat.unitNames)
	if cellUnit != "" {
		unit = cellUnit
	}
	factor := decimal.NewFromInt(1)
	if unit != "" {
		u, ok := rec.s.cat.Unit(unit)
		if !ok {
			rec.fail(col, v, fmt.Errorf("%q: %w", unit, ErrUnknownUnit), "use a unit from the catalog, such as 万元 or 个")
			return nil
		}
		if u.Dimension != dimension {
			rec.fail(col, v, fmt.Errorf("%s is %s, expected %s: %w", u.Name, u.Dimension, dimension, ErrWrongUnit),
				"use a unit of "+dimension+", or check that the value is in the right column")
			return nil
		}
		factor = u.Factor
	}
	n, err := parse.Number(num)
	if err != nil {
		rec.fail(col, v, err, fixNumber)
		return nil
	}
	n = n.Mul(factor)
	if n.Abs().GreaterThanOrEqual(maxDecimal) {
		rec.fail(col, v, fmt.Errorf("%s: %w", v, ErrTooLarge), "check the value and its unit")
		return nil
	}
	return n
}

// money parses a money column into 万元.
func (rec *record) money(name string) (any, any) {
	v, col := rec.raw(name)
	return rec.quantity(v, col, rec.s.head.columns[name].unit, "money"), rec.ref(col)
}

func (rec *record) emit(table string, values ...any) error {
	if rec.failed && !rec.lenient {
		return nil
	}
	head := []any{rec.s.report.Sheet, rec.row.Num, rec.role}
	return rec.s.builders[table].append(append(head, values...)...)
}

func (rec *record) project(region any) error {
	name, nameCol := rec.raw("name")
	investment, investmentCell := rec.money("investment")
	signed, started, produced := rec.date("signed_on"), rec.date("started_on"), rec.date("produced_on")
	_, signedCol := rec.raw("signed_on")
	_, startedCol := rec.raw("started_on")
	_, producedCol := rec.raw("produced_on")
	return rec.emit("projects", region, nullText(name), rec.ref(nameCol), rec.text("industry"),
		investment, investmentCell, signed, rec.ref(signedCol), started, rec.ref(startedCol),
		produced, rec.ref(producedCol), rec.text("note"))
}

func (rec *record) fund(region any) error {
	paid := rec.date("date")
	year, yearCell := rec.year(paid, "date")
	amount, amountCell := rec.money("amount")
	if year == nil && amount != nil {
		_, col := rec.raw("amount")
		rec.fail(col, "", ErrNoYear, fixYear)
	}
	var field any
	if v, _ := rec.raw("field"); !parse.IsNull(v) {
		field = rec.s.cat.Field(v)
	}
	return rec.emit("funds", region, rec.parentRow(), year, yearCell, paid,
		field, rec.text("item"), amount, amountCell)
}

func (rec *record) assistance(region any) error {
	status, statusCol := rec.raw("status")
	var delivered any
	if !parse.IsNull(status) {
		d, known := rec.s.cat.Delivered(status)
		if !known {
			rec.fail(statusCol, status, fmt.Errorf("%q: %w", status, ErrUnknownStatus),
				"write one of "+strings.Join(rec.s.cat.Statuses.Delivered, "、")+" (delivered) or "+
					strings.Join(rec.s.cat.Statuses.Pending, "、")+" (not yet), or add the word to the catalog")
		} else {
			delivered = d
		}
	}
	done := rec.date("done_on")
	year, whenCell := rec.year(done, "done_on")
	if delivered == true && year == nil {
		rec.fail(statusCol, status, ErrNoYear, "write when the project was delivered in the 完成时间 column")
	}
	return rec.emit("assistance", region, rec.text("name"), rec.text("place"), nullText(status),
		delivered, done, year, rec.ref(statusCol), whenCell)
}

func nullText(v string) any {
	if parse.IsNull(v) {
		return nil
	}
	return parse.Display(v)
}
