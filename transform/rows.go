package transform

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// wrongUnitAdvice is the fix for a unit of another dimension: the units
// of the indicator's own (smallest first).
func wrongUnitAdvice(units []string) ingest.Advice {
	return ingest.Advice{
		En: fmt.Sprintf("use a unit of the indicator's kind (%s), or check that the value is in the right column", strings.Join(units, ", ")),
		Zh: fmt.Sprintf("使用与指标相符的单位（%s），或检查数值是否填错列", strings.Join(units, "、")),
	}
}

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
	fixTooLarge = ingest.Advice{
		En: "check the value and its unit",
		Zh: "检查数值及其单位"}
	fixIndicator = ingest.Advice{
		En: "use an indicator code or name from the catalog (such as 帮扶资金 or assistance_funds), or add it as an alias to the catalog",
		Zh: "使用目录中的指标名称或代码（如 帮扶资金、assistance_funds），或在目录中增加别名"}
	fixPeriod = ingest.Advice{
		En: "write the reporting period like 2023年1-6月, 2023年1-12月 or 2023年",
		Zh: "报告期请填写为 2023年1-6月、2023年1-12月 或 2023年 等形式"}
	fixTargetYear = ingest.Advice{
		En: "write the year in the column's header (2023年目标任务) or in the table's title",
		Zh: "在该列表头写明年份（如“2023年目标任务”），或在表格标题中写明年份"}
	fixPairValue = ingest.Advice{
		En: "a value belongs to one region: write 塘厦镇 or 始兴县 in the region column (两地 is for targets only)",
		Zh: "数值须属于一个地区：在“地区”列填写 塘厦镇 或 始兴县（“两地”仅用于目标任务）"}
	fixFigureYear = ingest.Advice{
		En: "add a 年度 column, a 报告期 such as 2023年1-12月, or the year in the title",
		Zh: "增加“年度”列或“报告期”（如 2023年1-12月），或在标题中写明年份"}
	fixDeliveredWhen = ingest.Advice{
		En: "write when the project was delivered in the 完成时间 column",
		Zh: "在“完成时间”列填写项目落地时间"}
	fixNoResult = ingest.Advice{
		En: "open the workbook in Excel or WPS and save it, so that the formula's result is saved with it (the program that wrote the file saved the formula only)",
		Zh: "用 Excel 或 WPS 打开该工作簿并保存，使公式的计算结果一并保存（生成该文件的程序只保存了公式）"}
	fixNoSheet = ingest.Advice{
		En: "add a header row with the column names of a project ledger, fund ledger, assistance project list or indicator table (see the README)",
		Zh: "增加表头行，使用项目台账、帮扶资金、帮扶项目或指标表的列名（见 README）"}
	fixPairValues = ingest.Advice{
		En: "the title names both regions, which sets the pair's targets; values (完成) need a region: add a 地区 column, or report each region's values in a table of its own",
		Zh: "标题同时写明两地，只用于两地共同的目标任务；完成值须分地区：增加“地区”列，或按地区分表填报完成值"}
	fixNoRegion = ingest.Advice{
		En: "add a 地区 column, or name the region (塘厦镇 or 始兴县) in the title row, the sheet name or the file name, or put the file in an inbox sub-folder named after the region (inbox/tangxia/, inbox/shixing/)",
		Zh: "增加“地区”列，或在标题行、工作表名、文件名中写明地区（塘厦镇 或 始兴县），或把文件放入以地区命名的子文件夹（inbox/tangxia/、inbox/shixing/）"}
)

// labelColumns are the columns whose text names a row; a total or breakdown
// marker there (or in the first cell) marks the row.
var labelColumns = []string{"name", "item", "indicator", "field", "region"}

// record is one data row of a sheet being converted. The sheet reuses one
// record for all its rows.
type record struct {
	s    *sheetReader
	row  ingest.Row
	role string
	// label is the text that marks a total or breakdown row (小计, 其中：教育);
	// subtotal: the total is its group's (小计), not its table's.
	label    string
	subtotal bool
	// lenient rows (totals, breakdowns) keep what parses and report nothing.
	lenient bool
	failed  bool
	// What the cross-checks see of the row: its checked values, its year
	// (0 when none or several) and its region code.
	checks     []checked
	yearSeen   int
	regionSeen string
	// ownRegion: the region came from the row's region cell (or the one
	// above it); pair: that cell names both regions (两地), which only a
	// target may have.
	ownRegion, pair bool
}

// row converts one sheet row into a table row.
func (s *sheetReader) row(r ingest.Row) {
	if r.Empty() {
		return
	}
	for _, c := range r.Cells {
		if c.Col >= len(s.cells) {
			s.cells = append(s.cells, make([]string, c.Col+1-len(s.cells))...)
		}
		s.cells[c.Col] = c.Value
		if c.Type == ingest.Bool { // TRUE is no 1, nor FALSE 0
			_, s.cells[c.Col] = c.Shown(false)
		}
	}
	defer func() {
		for _, c := range r.Cells {
			s.cells[c.Col] = ""
		}
	}()
	rec := &s.rec
	*rec = record{s: s, row: r, checks: rec.checks[:0]}
	rec.role, rec.label = s.role(r)
	rec.subtotal = rec.role == roleTotal && s.cat.isSubtotal(rec.label)
	rec.lenient = rec.role != roleData
	if rec.role == roleData {
		s.parent = r.Num
		rec.noResults()
	}
	region := rec.region()
	if region.kind == kindStr {
		rec.regionSeen = region.s
	}
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
	var stop sinkError
	switch {
	case errors.As(err, &stop):
		s.fatal = stop.err
	case err != nil:
		s.problem(1, r.Num, "", fmt.Errorf("%w: %w", ErrTooLarge, err), fixTooLarge)
	}
	s.audit.row(rec)
	if rec.role == roleData {
		s.report.Rows++
	} else {
		s.report.Excluded++
	}
}

// cell returns the text of the current row at column col ("" when empty).
func (s *sheetReader) cell(col int) string {
	if col < len(s.cells) {
		return s.cells[col]
	}
	return ""
}

// role tells whether a row is data, a total or a breakdown of the row above:
// its first cell or a label column holds a marker word, or its first
// non-empty label is indented. label is the marking text.
func (s *sheetReader) role(r ingest.Row) (role, label string) {
	if m := s.cat.rowMarker(r.Cells[0].Value); m != "" {
		return m, r.Cells[0].Value
	}
	for _, col := range s.labelCols {
		if m := s.cat.rowMarker(s.cell(col)); m != "" {
			return m, s.cell(col)
		}
	}
	if s.parent > 0 {
		for _, col := range s.labelCols {
			if t := s.cell(col); t != "" {
				if r, _ := utf8.DecodeRuneInString(t); unicode.IsSpace(r) {
					return roleBreakdown, t
				}
				break
			}
		}
	}
	return roleData, ""
}

// check keeps a value of the row for the cross-checks.
func (rec *record) check(col int, v val, unit string) {
	if v.kind == kindDec {
		rec.checks = append(rec.checks, checked{col: col, n: v.n, unit: unit})
	}
}

// markedLabel is what names a total or breakdown row whose name cell is
// empty: its marking text (合计, 小计).
func (rec *record) markedLabel(label val) val {
	if label.kind == kindNull && rec.role != roleData {
		return nullText(rec.label)
	}
	return label
}

// parentRow is the data row a breakdown row belongs to (NULL for others).
func (rec *record) parentRow() val {
	if rec.role != roleBreakdown {
		return null
	}
	return intVal(rec.s.parent)
}

// colID names a column the rows read; the sheet finds them in its
// header once (sheetReader.cols), rather than by name on every row.
type colID int

const (
	colName colID = iota
	colIndustry
	colInvestment
	colSignedOn
	colStartedOn
	colProducedOn
	colNote
	colRegion
	colYear
	colDate
	colField
	colItem
	colAmount
	colStatus
	colDoneOn
	colPlace
	colIndicator
	colUnit
	colPeriod
	colValue
	colTarget
	numCols
)

// colNames are the catalog's names of the colIDs.
var colNames = [numCols]string{"name", "industry", "investment", "signed_on", "started_on", "produced_on", "note", "region", "year", "date", "field", "item", "amount", "status", "done_on", "place", "indicator", "unit", "period", "value", targetColumn}

// raw returns the text of the column in this row and its 1-based column
// number (0 when the sheet has no such column).
func (rec *record) raw(c colID) (string, int) {
	col := rec.s.cols[c].col
	return rec.s.cell(col), col
}

// noResults fails the row for each formula of a column the table reads
// whose result was never saved: its value is unknown, and reading it as
// empty would drop an amount. A total or breakdown row's own figure is
// never summed, so there it is only not cross-checked.
func (rec *record) noResults() {
	for _, col := range rec.row.NoResult {
		if rec.s.head.reads(col) {
			rec.fail(col, "", ErrNoResult, fixNoResult)
		}
	}
}

// ref names the cell of a column in this row, or NULL without that column.
func (rec *record) ref(col int) val {
	return cellVal(col, rec.row.Num)
}

// text returns a display text, or NULL for an empty or no-value cell.
func (rec *record) text(c colID) val {
	v, _ := rec.raw(c)
	return nullText(v)
}

func (rec *record) fail(col int, value string, err error, fix ingest.Advice) {
	rec.failed = true
	if !rec.lenient {
		rec.s.problem(col, rec.row.Num, value, err, fix)
	}
}

// region is the row's region code: its region cell, else the sheet's; a
// total row without one has the region of the rows it covers, if they
// have one.
func (rec *record) region() val {
	v, col := rec.raw(colRegion)
	if strings.TrimSpace(v) == "" {
		v, _, _ = rec.fromAbove(colRegion)
	}
	if rec.role == roleTotal && parse.IsNull(v) && rec.s.report.Region == "" {
		if code := rec.s.audit.covering(rec.subtotal).commonRegion(); code != "" {
			return strVal(code)
		}
	}
	if !parse.IsNull(v) {
		if code, ok := rec.s.cat.RegionCode(v); ok {
			rec.keepAbove(colRegion, v, col)
			rec.ownRegion = true
			return strVal(code)
		}
		if rec.s.cat.isPairWord(v) && rec.s.head.holdsTargets() {
			rec.keepAbove(colRegion, v, col)
			rec.ownRegion, rec.pair = true, true
			return null
		}
		rec.fail(col, v, fmt.Errorf("%q: %w", v, ErrUnknownRegion), fixRegion)
		return null
	}
	if rec.s.report.Region != "" {
		return strVal(rec.s.report.Region)
	}
	if col != 0 && !rec.lenient {
		rec.fail(col, v, ErrNoRegion, fixRegion)
	}
	return null
}

// date parses a date column; ok is false when empty or not a date.
func (rec *record) date(c colID) (d parse.Day, ok bool) {
	v, col := rec.raw(c)
	if parse.IsNull(v) {
		return parse.Day{}, false
	}
	d, err := rec.dateIn(col, v)
	if err != nil {
		rec.fail(col, v, err, fixDate)
		return parse.Day{}, false
	}
	rec.s.sawYear(d.Year)
	return d, true
}

// dateIn parses v, the text of column col of the row, as a date: from its
// serial day number when the cell is formatted as a date, else as written
// (parse.Written: a 12 in a date column is no date of 1900).
func (rec *record) dateIn(col int, v string) (parse.Day, error) {
	for _, c := range rec.row.Cells {
		if c.Col == col && c.Type == ingest.Date {
			return parse.Date(v, rec.s.wb.Date1904)
		}
	}
	return parse.Written(v, rec.s.wb.Date1904)
}

// dateOrNull is a date as a value.
func dateOrNull(d parse.Day, ok bool) val {
	if !ok {
		return null
	}
	return dateVal(d)
}

// year returns the row's year: its year column, else the year of the
// row's date (parsed from dateColumn, given as date), else the title's
// year; NULL when none. A total row without one has the year of the rows
// it covers, when they have one.
func (rec *record) year(date parse.Day, hasDate bool, dateColumn colID) (year val, cell val) {
	if v, col := rec.raw(colYear); !parse.IsNull(v) {
		d, err := rec.dateIn(col, v)
		y := d.Year
		switch {
		case err == nil:
			rec.s.sawYear(y)
			rec.remember(y)
			rec.keepAbove(colYear, v, col)
			rec.yearSeen = y
			return intVal(y), rec.ref(col)
		case rec.role != roleTotal: // a total's year cell may hold its marker
			rec.fail(col, v, err, fixYear)
			return null, rec.ref(col)
		}
	}
	if hasDate {
		_, col := rec.raw(dateColumn)
		rec.remember(date.Year)
		rec.yearSeen = date.Year
		return intVal(date.Year), rec.ref(col)
	}
	if rec.role == roleTotal {
		if y := rec.s.audit.covering(rec.subtotal).commonYear(); y != 0 {
			return intVal(y), null
		}
	}
	if v, ref, ok := rec.fromAbove(colYear); ok {
		if y, err := parse.Year(v, rec.s.wb.Date1904); err == nil {
			rec.remember(y)
			rec.yearSeen = y
			return intVal(y), ref
		}
	}
	if rec.role == roleBreakdown && rec.s.parentYear != 0 {
		rec.yearSeen = rec.s.parentYear
		return intVal(rec.s.parentYear), null
	}
	if rec.s.year != 0 {
		rec.s.sawYear(rec.s.year)
		rec.yearSeen = rec.s.year
		return intVal(rec.s.year), null
	}
	return null, null
}

// fillDown lists the columns whose empty cells repeat the value above them:
// a cell merged over several rows keeps its value in its first row only, and
// a group (a year, a region, a field) is often written once.
var fillDown = [numCols]bool{colRegion: true, colYear: true, colField: true}

// aboveCell is the last value of a fill-down column and where it stands.
type aboveCell struct {
	value    string
	col, row int
}

// keepAbove remembers a data row's value of a fill-down column.
func (rec *record) keepAbove(c colID, v string, col int) {
	if fillDown[c] && rec.role == roleData && col != 0 {
		rec.s.above[c] = aboveCell{value: v, col: col, row: rec.row.Num}
	}
}

// fromAbove returns, for an empty cell of a fill-down column, the value
// above it and the cell it stands in. A total row's cells are its own: a
// total covers rows of several groups.
func (rec *record) fromAbove(c colID) (v string, ref val, ok bool) {
	if cur, col := rec.raw(c); col == 0 || strings.TrimSpace(cur) != "" || rec.role == roleTotal {
		return "", null, false
	}
	a := rec.s.above[c]
	if a.col == 0 {
		return "", null, false
	}
	return a.value, cellVal(a.col, a.row), true
}

// remember keeps a data row's year for the breakdown rows below it.
func (rec *record) remember(year int) {
	if rec.role == roleData {
		rec.s.parentYear = year
	}
}

// dimensionWords names a dimension of the catalog in words (person_times:
// person times).
func dimensionWords(dimension string) string { return strings.ReplaceAll(dimension, "_", " ") }

// quantity parses a number with its unit and converts it into the base
// unit of dimension: the unit written in the cell wins over the column's
// (given), which wins over the table's unit line, which wins over the base
// unit (see units.go). NULL when empty. indicator is the value's indicator
// code in indicator tables, for the report of units.
func (rec *record) quantity(v string, col int, given unitRef, dimension, indicator string) val {
	if parse.IsNull(v) {
		return null
	}
	num, cellUnit := v, ""
	if rec.s.cat.mayHaveUnit(v) {
		num, cellUnit = parse.SplitUnit(v, rec.s.cat.unitNames)
	}
	if cellUnit != "" {
		given = unitRef{cellUnit, UnitFromCell}
	}
	var u Unit
	switch tu, stated := rec.s.tableUnits[dimension]; {
	case given.name != "":
		var ok bool
		if u, ok = rec.s.cat.Unit(given.name); !ok {
			rec.fail(col, v, fmt.Errorf("%q: %w", given.name, ErrUnknownUnit), fixUnit)
			return null
		}
		if u.Dimension != dimension {
			cat := rec.s.cat
			at, value := col, v
			if given.source == UnitFromColumn { // the unit column's cell is the one to correct
				_, at = rec.raw(colUnit)
				value = ""
			}
			rec.fail(at, value, &wordedError{ErrWrongUnit,
				fmt.Sprintf("%s is a unit of %s, expected one of %s (%s): %v", u.Name, dimensionWords(u.Dimension),
					dimensionWords(dimension), cat.base(dimension), ErrWrongUnit),
				fmt.Sprintf("%s 是%s的单位，应为%s的单位（如 %s）", u.Name, cat.dimensionZh(u.Dimension),
					cat.dimensionZh(dimension), cat.base(dimension))}, wrongUnitAdvice(cat.unitsOf(dimension)))
			return null
		}
	case stated:
		u, given.source = tu, UnitFromTableLine
	default:
		u = Unit{Name: rec.s.cat.base(dimension), Dimension: dimension, Factor: one}
		given.source = UnitFromCatalog
	}
	factor := u.Factor
	if parse.IsPercent(num) {
		// No indicator is a share: a percentage here is a column mixed up.
		rec.fail(col, v, fmt.Errorf("%q is a percentage, not an amount: %w", v, parse.ErrNotNumber), fixNumber)
		return null
	}
	coef, exp, err := parse.NumberParts(num)
	if err != nil {
		if errors.Is(err, parse.ErrNotNumber) {
			err = fmt.Errorf("%q: %w", v, parse.ErrNotNumber) // the whole cell, its unit too
		}
		rec.fail(col, v, err, fixNumber)
		return null
	}
	scaledN, tooLarge := scaled(coef, exp, factor)
	if tooLarge {
		rec.fail(col, v, fmt.Errorf("%s: %w", v, ErrTooLarge), fixTooLarge)
		return null
	}
	if rec.role == roleData {
		rec.s.noteUnit(col, rec.row.Num, indicator, u, given.source)
	}
	return val{kind: kindDec, n: scaledN}
}

// one is the factor of a value without a unit.
var one = decimal.NewFromInt(1)

// money parses a money column into 万元, for the cross-checks too: in
// the unit of its cell, else of the ledger's unit column (单位), else of its
// header (see quantity).
func (rec *record) money(c colID) (val, val) {
	col := rec.s.cols[c]
	if col.col == 0 {
		return null, null
	}
	unit, ok := rec.columnUnit(unitRef{col.unit, UnitFromHeader})
	if !ok {
		return null, rec.ref(col.col)
	}
	v := rec.quantity(rec.s.cell(col.col), col.col, unit, moneyDimension, "")
	rec.check(col.col, v, rec.s.cat.base(moneyDimension))
	return v, rec.ref(col.col)
}

// moneyDimension is the catalog dimension of the ledgers' amounts.
const moneyDimension = "money"

// dropped reports whether the row's table rows are not kept: it has a
// problem.
func (rec *record) dropped() bool { return rec.failed && !rec.lenient }

func (rec *record) emit(table string, values ...val) error {
	if rec.dropped() {
		return nil
	}
	s := rec.s
	s.vals = append(s.vals[:0], strVal(s.report.Sheet), intVal(rec.row.Num), strVal(rec.role))
	s.vals = append(s.vals, values...)
	return s.builders[table].append(s.vals...)
}

func (rec *record) project(region val) error {
	name, nameCol := rec.raw(colName)
	investment, investmentCell := rec.money(colInvestment)
	signed, hasSigned := rec.date(colSignedOn)
	started, hasStarted := rec.date(colStartedOn)
	produced, hasProduced := rec.date(colProducedOn)
	_, signedCol := rec.raw(colSignedOn)
	_, startedCol := rec.raw(colStartedOn)
	_, producedCol := rec.raw(colProducedOn)
	if rec.role == roleData {
		rec.datesInOrder(signed, hasSigned, started, hasStarted, startedCol, produced, hasProduced, producedCol)
	}
	return rec.emit("projects", region, rec.markedLabel(nullText(name)), rec.ref(nameCol), rec.text(colIndustry),
		investment, investmentCell, dateOrNull(signed, hasSigned), rec.ref(signedCol),
		dateOrNull(started, hasStarted), rec.ref(startedCol),
		dateOrNull(produced, hasProduced), rec.ref(producedCol), rec.text(colNote))
}

func (rec *record) fund(region val) error {
	paid, hasPaid := rec.date(colDate)
	year, yearCell := rec.year(paid, hasPaid, colDate)
	amount, amountCell := rec.money(colAmount)
	if year.kind == kindNull && amount.kind != kindNull {
		_, col := rec.raw(colAmount)
		rec.fail(col, "", ErrNoYear, fixYear)
	}
	field := null
	v, col := rec.raw(colField)
	if above, _, ok := rec.fromAbove(colField); ok {
		v = above
	}
	if !parse.IsNull(v) {
		field = strVal(rec.s.cat.Field(v))
		rec.keepAbove(colField, v, col)
	}
	item := rec.text(colItem)
	if field.kind == kindNull {
		item = rec.markedLabel(item)
	}
	return rec.emit("funds", region, rec.parentRow(), year, yearCell, dateOrNull(paid, hasPaid),
		field, item, amount, amountCell)
}

func (rec *record) assistance(region val) error {
	status, statusCol := rec.raw(colStatus)
	delivered := null
	if !parse.IsNull(status) {
		d, known := rec.s.cat.Delivered(status)
		if !known {
			delivered, pending := strings.Join(rec.s.cat.Statuses.Delivered, "、"), strings.Join(rec.s.cat.Statuses.Pending, "、")
			rec.fail(statusCol, status, fmt.Errorf("%q: %w", status, ErrUnknownStatus), ingest.Advice{
				En: "write one of " + delivered + " (delivered) or " + pending + " (not yet), or add the word to the catalog",
				Zh: "填写 " + delivered + "（已落地）或 " + pending + "（未落地）之一，或在目录中增加该状态词"})
		} else {
			delivered = boolVal(d)
		}
	}
	done, hasDone := rec.date(colDoneOn)
	year, whenCell := rec.year(done, hasDone, colDoneOn)
	if delivered == boolVal(true) && year.kind == kindNull {
		rec.fail(statusCol, status, ErrNoYear, fixDeliveredWhen)
	}
	return rec.emit("assistance", region, rec.markedLabel(rec.text(colName)), rec.text(colPlace), nullText(status),
		delivered, dateOrNull(done, hasDone), year, rec.ref(statusCol), whenCell)
}

func nullText(v string) val {
	if parse.IsNull(v) {
		return null
	}
	return strVal(parse.Display(v))
}

// datesInOrder warns when a project's dates are out of order: signed ≤
// started ≤ in production (signed ≤ in production without a start).
func (rec *record) datesInOrder(signed parse.Day, hasSigned bool, started parse.Day, hasStarted bool, startedCol int,
	produced parse.Day, hasProduced bool, producedCol int) {
	a := rec.s.audit
	signedWhat, startedWhat, producedWhat := [2]string{"signed on", "签约日期"}, [2]string{"started on", "开工日期"},
		[2]string{"in production on", "投产日期"}
	if hasSigned && hasStarted {
		a.dates(rec, signed, started, startedCol, signedWhat, startedWhat)
	}
	switch {
	case hasStarted && hasProduced:
		a.dates(rec, started, produced, producedCol, startedWhat, producedWhat)
	case hasSigned && hasProduced:
		a.dates(rec, signed, produced, producedCol, signedWhat, producedWhat)
	}
}
