package transform

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// headerScanRows is how far down a sheet the header row may be.
const headerScanRows = 20

// column is one recognised column of a header.
type column struct {
	col  int    // 1-based
	name string // catalog column name, or "year" for a wide table's year column
	unit string // unit written in the header, "" if none
	// unitOfGroup: the unit is the group header's over the column, which
	// a unit row under the column overrides.
	unitOfGroup bool
	// year is a wide table's year column's, or its target column's (0 when
	// the header names none: the title's, see beginTable).
	year int
	// period is a wide table column's reporting period; nil for the year.
	period *parse.Period
	ref    string // the header cell, like "D3"
}

// takesUnitRow reports whether a unit row's unit is the column's: its
// header states none of its own.
func (c column) takesUnitRow() bool { return c.unit == "" || c.unitOfGroup }

// header is a recognised header: the sheet kind and where its columns are.
type header struct {
	kind    *KindSpec
	first   int // first header row (title rows are above it)
	row     int // last header row (data starts below it)
	columns map[string]column
	years   []column // year columns of a wide indicator table, in order
	targets []column // target columns of a wide indicator table, in order
	notRead int      // columns of a wide table's year groups not read (see headerLabel)
	// unitLines are the header's cells outside its columns that state the
	// table's unit (单位：元 beside the header, or alone in a unit row).
	unitLines []unitLineCell
}

// unitLineCell is a cell that states the unit of its table, and where.
type unitLineCell struct{ text, ref string }

// score ranks candidate headers: more recognised columns is better.
func (h *header) score() int { return len(h.columns) + len(h.years) + len(h.targets) + h.notRead }

// sheetColumns are the columns of the sheet the table reads (1-based).
func (h *header) sheetColumns() []int {
	var cols []int
	for _, c := range h.columns {
		cols = append(cols, c.col)
	}
	for _, yearly := range h.yearly() {
		for _, c := range yearly {
			cols = append(cols, c.col)
		}
	}
	return cols
}

// firstCol is the header's leftmost column.
func (h *header) firstCol() int { return slices.Min(h.sheetColumns()) }

// reads reports whether a column of the sheet is one the table reads.
func (h *header) reads(col int) bool { return slices.Contains(h.sheetColumns(), col) }

// amountColumns are the catalog columns that hold amounts.
var amountColumns = []string{"investment", "amount", "value", targetColumn}

// readsAmounts reports whether a column of the sheet is one the table
// reads amounts from.
func (h *header) readsAmounts(col int) bool {
	for _, name := range amountColumns {
		if c, ok := h.columns[name]; ok && c.col == col {
			return true
		}
	}
	for _, yearly := range h.yearly() {
		for _, c := range yearly {
			if c.col == col {
				return true
			}
		}
	}
	return false
}

// yearly are the columns of a wide indicator table that hold one year each:
// its year columns and its target columns.
func (h *header) yearly() [2][]column { return [2][]column{h.years, h.targets} }

// findHeader looks for the header of a table among rows: the first rows
// that name the columns of a sheet kind, starting within the first starts
// rows. Two-row headers (a merged group over sub-headers, or units under
// names) are tried as well as single rows, and a unit row under the header
// belongs to it.
func (c *Catalog) findHeader(rows []ingest.Row, starts int) *header {
	var best *header
	consider := func(h *header) {
		if h == nil {
			return
		}
		if best == nil || h.score() > best.score() ||
			(h.score() == best.score() && h.row-h.first < best.row-best.first) {
			best = h
		}
	}
	for i, r := range rows {
		if i >= starts || best != nil && r.Num > best.first+1 {
			break // the first header found, with its two-row variants
		}
		if r.Empty() {
			continue
		}
		consider(c.matchHeader(r.Num, r.Num, labels(r, nil)))
		if i+1 < len(rows) && !rows[i+1].Empty() && rows[i+1].Num == r.Num+1 {
			consider(c.matchHeader(r.Num, rows[i+1].Num, labels(r, &rows[i+1])))
		}
	}
	if best != nil {
		c.takeUnitRow(best, rows)
		c.takeUnitLines(best, rows)
	}
	return best
}

// takeUnitLines keeps the cells of the header's rows that state the
// table's unit outside the columns it reads amounts from: 单位：元 beside
// the header, or alone in the unit row under a column of no amounts (年度).
func (c *Catalog) takeUnitLines(h *header, rows []ingest.Row) {
	for _, r := range rows {
		if r.Num < h.first || r.Num > h.row {
			continue
		}
		for _, cell := range r.Cells {
			if !h.readsAmounts(cell.Col) && len(c.unitLine(cell.Value)) > 0 {
				h.unitLines = append(h.unitLines, unitLineCell{cell.Value, r.Ref(cell.Col)})
			}
		}
	}
}

// takeUnitRow makes the row under the header part of it when its
// non-empty cells are all units ((万元), 亿元, 单位：人): each unit is its
// column's, where the column's own header names none (a group header's
// unit over it gives way).
func (c *Catalog) takeUnitRow(h *header, rows []ingest.Row) {
	var under *ingest.Row
	for i := range rows {
		if rows[i].Num == h.row+1 {
			under = &rows[i]
		}
	}
	if under == nil || under.Empty() {
		return
	}
	units := make([]string, len(under.Cells))
	for i, cell := range under.Cells {
		if units[i] = c.unitCell(cell.Value); units[i] == "" {
			return
		}
	}
	for i, cell := range under.Cells {
		for name, col := range h.columns {
			if col.col == cell.Col && col.takesUnitRow() {
				col.unit, col.unitOfGroup = units[i], false
				h.columns[name] = col
			}
		}
		for _, cols := range h.yearly() {
			for j := range cols {
				if cols[j].col == cell.Col && cols[j].takesUnitRow() {
					cols[j].unit, cols[j].unitOfGroup = units[i], false
				}
			}
		}
	}
	h.row = under.Num
}

// label is a text that may name a column of a header: its own, or made of
// a group header over it and its sub-header. group is that group header
// when the text is the sub-header: its unit applies where the text names
// none (投资情况（亿元） over 计划总投资), and joined puts its name before
// the text's (2023年（亿元） over 目标任务: 2023年目标任务, in 亿元).
// groupOnly marks the group header alone, tried last.
type label struct {
	text, group       string
	joined, groupOnly bool
}

// labels lists, for each column of a header row (and an optional row of
// sub-headers below it), the texts that may name the column, best first.
// Under a group header, the group and the sub-header together come before
// the sub-header alone, so that 2023年 over 目标任务 is 2023年目标任务; the
// group alone comes last (for a year's group, a column not read: 2023年
// over 上年同期 or 同比增长% is not that year's value).
func labels(upper ingest.Row, lower *ingest.Row) map[int][]label {
	out := map[int][]label{}
	if lower == nil {
		for _, cell := range upper.Cells {
			out[cell.Col] = []label{{text: cell.Value}}
		}
		return out
	}
	top := map[int]string{}
	for _, cell := range upper.Cells {
		top[cell.Col] = cell.Value
	}
	// A merged group header is stored in its first column only: carry it
	// right over the sub-headers below it.
	group := ""
	for col := 1; col <= lastCol(upper, *lower); col++ {
		if v, ok := top[col]; ok {
			group = v
		} else if cellAt(*lower, col) != "" {
			top[col] = group
		}
	}
	for col, up := range top {
		down := cellAt(*lower, col)
		switch {
		case down == "":
			out[col] = []label{{text: up}}
		case up == "":
			out[col] = []label{{text: down}}
		default:
			out[col] = []label{{text: up + "(" + down + ")"}, {text: down, group: up, joined: true},
				{text: down, group: up}, {text: down + up, group: up}, {text: up, groupOnly: true}}
		}
	}
	for _, cell := range lower.Cells {
		if _, ok := out[cell.Col]; !ok {
			out[cell.Col] = []label{{text: cell.Value}}
		}
	}
	return out
}

func lastCol(rows ...ingest.Row) int {
	last := 0
	for _, r := range rows {
		if n := len(r.Cells); n > 0 && r.Cells[n-1].Col > last {
			last = r.Cells[n-1].Col
		}
	}
	return last
}

func cellAt(r ingest.Row, col int) string {
	for _, cell := range r.Cells {
		if cell.Col == col {
			return cell.Value
		}
	}
	return ""
}

// matchHeader tries every sheet kind on the labelled columns and returns the
// recognised kind with the most columns, or nil. Each label is folded and
// split from its unit once, for all kinds.
func (c *Catalog) matchHeader(first, row int, cols map[int][]label) *header {
	last := maxKey(cols)
	parsed := make([][]headerLabel, last+1)
	for col, labels := range cols {
		for _, l := range labels {
			name, unit := parse.HeaderUnit(l.text, c.unitNames)
			notRead := false
			if l.groupOnly {
				_, _, notRead = yearHeader(name)
			}
			fromGroup := false
			if l.group != "" {
				groupName, groupUnit := parse.HeaderUnit(l.group, c.unitNames)
				if l.joined {
					name = groupName + name
				}
				if unit == "" {
					unit, fromGroup = groupUnit, groupUnit != ""
				}
			}
			parsed[col] = append(parsed[col], headerLabel{name: name, unit: unit, fromGroup: fromGroup, notRead: notRead})
		}
	}
	var best *header
	for i := range c.Kinds {
		k := &c.Kinds[i]
		h := &header{kind: k, first: first, row: row, columns: map[string]column{}}
		for col := 1; col <= last; col++ {
			for _, label := range parsed[col] {
				if c.matchColumn(h, col, row, label) {
					break
				}
			}
		}
		if h.satisfies() && (best == nil || h.score() > best.score()) {
			best = h
		}
	}
	return best
}

// headerLabel is a header label folded, with the unit it names. notRead
// marks a column under a year's group header whose sub-header is not that
// year's value (上年同期, 同比增长%): part of the header, never read.
type headerLabel struct {
	name, unit         string
	fromGroup, notRead bool // fromGroup: the unit is the group header's
}

func maxKey(m map[int][]label) int {
	last := 0
	for k := range m {
		last = max(last, k)
	}
	return last
}

// matchColumn records label as column col of h if it names one of the
// kind's columns (or a year or a target, for wide tables); the first match
// of a name wins.
func (c *Catalog) matchColumn(h *header, col, row int, label headerLabel) bool {
	name, unit := label.name, label.unit
	if h.kind.Kind == "indicator_wide" {
		if label.notRead {
			h.notRead++
			return true
		}
		if y, ok := h.kind.targetHeader(name); ok {
			h.targets = append(h.targets, column{col: col, name: targetColumn, unit: unit, unitOfGroup: label.fromGroup, year: y, ref: ingest.CellName(col, row)})
			return true
		}
		if y, period, ok := yearHeader(name); ok {
			h.years = append(h.years, column{col: col, name: "year", unit: unit, unitOfGroup: label.fromGroup, year: y, period: period, ref: ingest.CellName(col, row)})
			return true
		}
	}
	key, ok := h.kind.headers[name]
	if !ok {
		return false
	}
	if _, taken := h.columns[key]; !taken {
		h.columns[key] = column{col: col, name: key, unit: unit, unitOfGroup: label.fromGroup, ref: ingest.CellName(col, row)}
	}
	return true
}

// valueWords may follow the year or period in a wide table's column header
// (2023年完成值, 2023年1-6月实际).
var valueWords = []string{"本年完成", "本年实际", "本期完成", "本期实际", "完成值", "完成数", "完成", "实际值", "实际", "数值", "数据"}

// yearHeader recognises the year columns of a wide table: 2023, 2023年,
// 2023年度, 2023年全年, 2023年完成值, and reporting periods such as
// 2023年1-6月. The period is nil for a whole year.
func yearHeader(folded string) (int, *parse.Period, bool) {
	for _, w := range valueWords {
		folded = strings.TrimSuffix(folded, w)
	}
	folded = strings.TrimSuffix(folded, ".0")
	if len(folded) < 4 || folded[0] < '1' || folded[0] > '2' {
		return 0, nil, false
	}
	p, err := parse.ParsePeriod(folded)
	if err != nil || p.Year < 1900 || p.Year > 2100 {
		return 0, nil, false
	}
	if p.FromMonth == 1 && p.ToMonth == 12 {
		return p.Year, nil, true
	}
	return p.Year, &p, true
}

// holdsTargets reports whether the table has target columns.
func (h *header) holdsTargets() bool {
	_, ok := h.columns[targetColumn]
	return ok || len(h.targets) > 0
}

// holdsValues reports whether the table has value columns, not only targets.
func (h *header) holdsValues() bool {
	_, ok := h.columns["value"]
	return ok || len(h.years) > 0
}

// targetColumn is the catalog name of a target column.
const targetColumn = "target"

// targetHeader recognises a wide table's target column: a target name of
// the kind (目标, 年度目标任务, 计划 …), alone (year 0) or after a year and
// an optional 年 or 年度 (2023年目标, 2023年度计划, 2024计划).
func (k *KindSpec) targetHeader(folded string) (year int, ok bool) {
	if len(folded) > 4 && folded[0] >= '1' && folded[0] <= '2' {
		if y, err := strconv.Atoi(folded[:4]); err == nil && y >= 1900 && y <= 2100 {
			year, folded = y, folded[4:]
			if rest, cut := strings.CutPrefix(folded, "年度"); cut {
				folded = rest
			} else {
				folded = strings.TrimPrefix(folded, "年")
			}
		}
	}
	return year, k.headers[folded] == targetColumn
}

// satisfies reports whether every required group of the kind has a column.
func (h *header) satisfies() bool {
	for _, group := range h.kind.Required {
		found := false
		for _, name := range group {
			if name == "year_columns" && len(h.years) > 0 || name == "target_columns" && len(h.targets) > 0 {
				found = true
			}
			if _, ok := h.columns[name]; ok {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
