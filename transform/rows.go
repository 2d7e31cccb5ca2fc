package transform

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// Advice shown with cell problems.
var (
	fixNumber = ingest.Advice{
		En: "write a plain number such as 1250 or 1250万元, or leave the cell empty (-, 无) when there is no value",
		Zh: "填写数字，如 1250 或 1250万元；没有数值时留空或填“-”“无”"}
	fixDate = ingest.Advice{
		En: "write a date such as 2023-03-18 or 2023年3月18日 (or a year such as 2023), or leave the cell empty",
		Zh: "填写日期，如 2023-03-18 或 2023年3月18日（或年份，如 2023），或留空"}
	fixYear = ingest.Advice{
		En: "write a year such as 2023 in the 年度 column, or a date in the date column",
		Zh: "在“年度”列填写年份（如 2023），或在日期列填写日期"}
	fixRegion = ingest.Advice{
		En: "write 塘厦镇 or 始兴县 (or another region name from the catalog) in the region column",
		Zh: "在“地区”列填写 塘厦镇 或 始兴县（或目录中的其他地区名称）"}
	fixUnit = ingest.Advice{
		En: "use a unit from the catalog, such as 万元, 亿元 or 个",
		Zh: "使用目录中的单位，如 万元、亿元、个"}
	fixWrongUnit = ingest.Advice{
		En: "use a unit of the indicator's kind (money: 万元, 亿元; counts: 个, 项), or check that the value is in the right column",
		Zh: "使用与指标相符的单位（金额：万元、亿元；数量：个、项），或检查数值是否填错列"}
	fixTooLarge = ingest.Advice{
		En: "check the value and its unit",
		Zh: "检查数值及其单位"}
	fixIndicator = ingest.Advice{
		En: "use an indicator code or name from the catalog (such as 帮扶资金 or assistance_funds), or add it as an alias to the catalog",
		Zh: "使用目录中的指标名称或代码（如 帮扶资金、assistance_funds），或在目录中增加别名"}
	fixPeriod = ingest.Advice{
		En: "write the reporting period like 2023年1-6月, 2023年1-12月 or 2023年",
		Zh: "报告期请填写为 2023年1-6月、2023年1-12月 或 2023年 等形式"}
	fixFigureYear = ingest.Advice{
		En: "add a 年度 column, a 报告期 such as 2023年1-12月, or the year in the title",
		Zh: "增加“年度”列或“报告期”（如 2023年1-12月），或在标题中写明年份"}
	fixDeliveredWhen = ingest.Advice{
		En: "write when the project was delivered in the 完成时间 column",
		Zh: "在“完成时间”列填写项目落地时间"}
	fixNoSheet = ingest.Advice{
		En: "add a header row with the column names of a project ledger, fund ledger, assistance project list or indicator table (see the README)",
		Zh: "增加表头行，使用项目台账、帮扶资金、帮扶项目或指标表的列名（见 README）"}
	fixNoRegion = ingest.Advice{
		En: "add a 地区 column, or name the region (塘厦镇 or 始兴县) in the title row, the sheet name or the file name, or put the file in an inbox sub-folder named after the region (inbox/tangxia/, inbox/shixing/)",
		Zh: "增加“地区”列，或在标题行、工作表名、文件名中写明地区（塘厦镇 或 始兴县），或把文件放入以地区命名的子文件夹（inbox/tangxia/、inbox/shixing/）"}
)

// labelColumns are the columns whose text names a row; a total or breakdown
// marker there (or in the first cell) marks the row.
var labelColumns = []string{"name", "item", "indicator", "field", "region"}

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
		s.problem(1, r.Num, "", fmt.Errorf("%w: %w", ErrTooLarge, err), fixTooLarge)
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

func (rec *record) fail(col int, value string, err error, fix ingest.Advice) {
	rec.failed = true
	if !rec.lenient {
		rec.s.problem(col, rec.row.Num, value, err, fix)
	}
}

// region is the row's region code: its region cell, else the sheet's.
func (rec *record) region() any {
	v, col := rec.raw("region")
	if strings.TrimSpace(v) == "" {
		v, _, _ = rec.fromAbove("region")
	}
	if !parse.IsNull(v) {
		if code, ok := rec.s.cat.RegionCode(v); ok {
			rec.keepAbove("region", v, col)
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
		rec.remember(y)
		rec.keepAbove("year", v, col)
		return y, rec.ref(col)
	}
	if d, ok := date.(parse.Day); ok {
		_, col := rec.raw(dateColumn)
		rec.remember(d.Year)
		return d.Year, rec.ref(col)
	}
	if v, ref, ok := rec.fromAbove("year"); ok {
		if y, err := parse.Year(v, rec.s.wb.Date1904); err == nil {
			rec.remember(y)
			return y, ref
		}
	}
	if rec.role == roleBreakdown && rec.s.parentYear != 0 {
		return rec.s.parentYear, nil
	}
	if rec.s.year != 0 {
		rec.s.years[rec.s.year] = true
		return rec.s.year, nil
	}
	return nil, nil
}

// fillDown lists the columns whose empty cells repeat the value above them:
// a cell merged over several rows keeps its value in its first row only, and
// a group (a year, a region, a field) is often written once.
var fillDown = map[string]bool{"region": true, "year": true, "field": true}

// aboveCell is the last value of a fill-down column and where it stands.
type aboveCell struct {
	value string
	ref   string
}

// keepAbove remembers a data row's value of a fill-down column.
func (rec *record) keepAbove(name, v string, col int) {
	if fillDown[name] && rec.role == roleData && col != 0 {
		rec.s.above[name] = aboveCell{value: v, ref: ingest.CellName(col, rec.row.Num)}
	}
}

// fromAbove returns, for an empty cell of a fill-down column, the value
// above it and the cell it stands in.
func (rec *record) fromAbove(name string) (v string, ref any, ok bool) {
	if cur, col := rec.raw(name); col == 0 || strings.TrimSpace(cur) != "" {
		return "", nil, false
	}
	a, ok := rec.s.above[name]
	if !ok {
		return "", nil, false
	}
	return a.value, a.ref, true
}

// remember keeps a data row's year for the breakdown rows below it.
func (rec *record) remember(year int) {
	if rec.role == roleData {
		rec.s.parentYear = year
	}
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
			rec.fail(col, v, fmt.Errorf("%q: %w", unit, ErrUnknownUnit), fixUnit)
			return nil
		}
		if u.Dimension != dimension {
			rec.fail(col, v, fmt.Errorf("%s is %s, expected %s: %w", u.Name, u.Dimension, dimension, ErrWrongUnit), fixWrongUnit)
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
		rec.fail(col, v, fmt.Errorf("%s: %w", v, ErrTooLarge), fixTooLarge)
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
	v, col := rec.raw("field")
	if above, _, ok := rec.fromAbove("field"); ok {
		v = above
	}
	if !parse.IsNull(v) {
		field = rec.s.cat.Field(v)
		rec.keepAbove("field", v, col)
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
			delivered, pending := strings.Join(rec.s.cat.Statuses.Delivered, "、"), strings.Join(rec.s.cat.Statuses.Pending, "、")
			rec.fail(statusCol, status, fmt.Errorf("%q: %w", status, ErrUnknownStatus), ingest.Advice{
				En: "write one of " + delivered + " (delivered) or " + pending + " (not yet), or add the word to the catalog",
				Zh: "填写 " + delivered + "（已落地）或 " + pending + "（未落地）之一，或在目录中增加该状态词"})
		} else {
			delivered = d
		}
	}
	done := rec.date("done_on")
	year, whenCell := rec.year(done, "done_on")
	if delivered == true && year == nil {
		rec.fail(statusCol, status, ErrNoYear, fixDeliveredWhen)
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
