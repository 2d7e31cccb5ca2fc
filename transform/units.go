package transform

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// An amount's unit is the first of: the unit written in its cell; its
// column's (the header's, or for indicator tables the unit column's or
// the indicator name's); the table's unit line (单位：万元 above the
// header or in the title); the catalog's base unit, which is then noted
// as assumed. Where each column's unit came from is reported (UnitUse).

// Sources of a unit, as reported.
const (
	UnitFromCell      = "cell"
	UnitFromHeader    = "header"
	UnitFromColumn    = "unit column"
	UnitFromName      = "name"
	UnitFromTableLine = "table line"
	UnitFromCatalog   = "catalog"
)

// unitRef is a unit name with where it was stated ("" when none).
type unitRef struct{ name, source string }

// UnitUse says in which unit amounts of one column (of one indicator, in
// indicator tables) were read, and where that unit came from: one per
// unit and source, when a column's values came in several.
type UnitUse struct {
	Column    string // the column's header cell, like "D3"
	Indicator string // the indicator's code, in indicator tables
	Unit      string
	Source    string // UnitFromCell, UnitFromHeader, …
	Values    int
	// Assumed counts the values read in the catalog's unit because none
	// was stated; FirstAssumed is the first of their cells.
	Assumed      int
	FirstAssumed string
	dimension    string
	col          int
}

type unitKey struct {
	col                     int
	indicator, unit, source string
}

// noteUnit records the unit a value was read in.
func (s *sheetReader) noteUnit(col, row int, indicator string, u Unit, source string) {
	key := unitKey{col, indicator, u.Name, source}
	use := s.units[key]
	if use == nil {
		use = &UnitUse{Column: s.head.cellOf(col), Indicator: indicator, Unit: u.Name, Source: source,
			dimension: u.Dimension, col: col}
		s.units[key] = use
	}
	use.Values++
	if source == UnitFromCatalog {
		if use.Assumed++; use.Assumed == 1 {
			use.FirstAssumed = ingest.CellName(col, row)
		}
	}
}

// noteUnits adds the table's unit uses to its report, and a warning for
// each column where an amount's unit was assumed.
func (s *sheetReader) noteUnits() {
	for _, use := range s.units {
		s.report.Units = append(s.report.Units, *use)
	}
	slices.SortFunc(s.report.Units, func(a, b UnitUse) int {
		if a.col != b.col {
			return a.col - b.col
		}
		return strings.Compare(a.Indicator+" "+a.Source+" "+a.Unit, b.Indicator+" "+b.Source+" "+b.Unit)
	})
	for _, use := range s.report.Units {
		if use.Assumed == 0 || !s.cat.scaled[use.dimension] {
			continue
		}
		what := use.Column
		if use.Indicator != "" {
			what = use.Indicator + ", " + what
		}
		base := s.cat.base(use.dimension)
		s.report.Warnings = append(s.report.Warnings, Warning{File: s.wb.Name, Sheet: s.report.Sheet,
			Cell: use.FirstAssumed, Kind: WarnUnit, Expected: base, Found: "",
			En: fmt.Sprintf("unit not stated: %s assumed (%s; %d value(s)); write the unit in the header, e.g. 金额（万元）, or a line 单位：万元 above it", base, what, use.Assumed),
			Zh: fmt.Sprintf("未注明单位：按 %s 计（%s；共 %d 个数值）；请在表头注明单位，如“金额（万元）”，或在表头上方写“单位：万元”", base, what, use.Assumed)})
	}
}

// cellOf names the header cell of a column, or the column's letter when
// the header has none there.
func (h *header) cellOf(col int) string {
	for _, c := range h.columns {
		if c.col == col {
			return c.ref
		}
	}
	for _, cols := range h.yearly() {
		for _, c := range cols {
			if c.col == col {
				return c.ref
			}
		}
	}
	return ingest.CellName(col, h.row)
}

// unitCell returns the unit a cell of a unit row states ((万元), 亿元,
// 单位：人), "" when the cell is not a unit.
func (c *Catalog) unitCell(v string) string {
	if name, unit := parse.HeaderUnit(v, c.unitNames); unit != "" && name == "" {
		return unit
	}
	if u, ok := c.Unit(v); ok {
		return u.Name
	}
	return ""
}

// unitLine returns the units a unit line states (单位：万元, 计量单位：亿元,
// （金额单位：元）, 单位：万元、人), in any script and width, one per
// dimension, the first stated first; a unit word counts at the start of a
// text or after a space, bracket or separator, so that 填报单位：… states
// nothing. Spaces within the word and before its colon are allowed, as
// official forms pad them (单　位：万元, 单位 : 亿元).
func (c *Catalog) unitLine(text string) []Unit {
	if !strings.ContainsAny(text, ":：") {
		return nil
	}
	fields := strings.Fields(text)
	for i, f := range fields {
		fields[i] = parse.Text(f)
	}
	line := strings.Join(fields, " ")
	var units []Unit
	for from := 0; from < len(line); {
		at, end := -1, 0
		for _, w := range c.unitWords {
			if a, e := spacedIndex(line[from:], w+":"); a >= 0 && (at < 0 || from+a < at) {
				at, end = from+a, from+e
			}
		}
		if at < 0 {
			break
		}
		from = end
		if at > 0 && !strings.ContainsRune(unitLineOpeners, lastRune(line[:at])) {
			continue
		}
		value := strings.TrimLeft(line[end:], " ")
		if stop := strings.IndexAny(value, unitLineClosers+" "); stop >= 0 {
			value = value[:stop]
		}
		for _, name := range strings.FieldsFunc(value, func(r rune) bool { return strings.ContainsRune("、/,", r) }) {
			if u, ok := c.Unit(name); ok && !hasDimension(units, u.Dimension) {
				units = append(units, u)
			}
		}
	}
	return units
}

// spacedIndex finds word in s, where s may hold a space between any two of
// word's characters; it returns where the match starts and ends, or -1.
func spacedIndex(s, word string) (start, end int) {
	first, _ := utf8.DecodeRuneInString(word)
	for start = 0; start < len(s); {
		at := strings.IndexRune(s[start:], first)
		if at < 0 {
			return -1, 0
		}
		start += at
		i, j := start, 0
		for j < len(word) {
			if s[i] == ' ' && j > 0 {
				i++
			} else if r, n := utf8.DecodeRuneInString(word[j:]); strings.HasPrefix(s[i:], string(r)) {
				i, j = i+n, j+n
			} else {
				break
			}
			if i >= len(s) {
				break
			}
		}
		if j == len(word) {
			return start, i
		}
		_, n := utf8.DecodeRuneInString(s[start:])
		start += n
	}
	return -1, 0
}

// Brackets and separators a unit word may follow, and those that end the
// unit, in folded text.
const (
	unitLineOpeners = " ([【〔,;、"
	unitLineClosers = ")]】〕;"
)

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func hasDimension(units []Unit, dimension string) bool {
	for _, u := range units {
		if u.Dimension == dimension {
			return true
		}
	}
	return false
}

// unitSourceWords names where a unit was stated, in English and Chinese.
var unitSourceWords = map[string][2]string{
	UnitFromColumn: {"the unit column", "单位列"},
	UnitFromName:   {"the indicator's name", "指标名称"},
	UnitFromHeader: {"the column's header", "列标题"},
}

// columnUnit is the unit the row's unit column (单位, 计量单位) states,
// else other (a unit stated for the whole column or indicator); see
// firstUnit. ok is false when the unit column holds an unknown unit (a
// problem of the row).
func (rec *record) columnUnit(other unitRef) (unitRef, bool) {
	v, col := rec.raw(colUnit)
	if parse.IsNull(v) {
		return other, true
	}
	if _, ok := rec.s.cat.Unit(v); !ok {
		rec.fail(col, v, fmt.Errorf("%q: %w", v, ErrUnknownUnit), fixUnit)
		return unitRef{}, false
	}
	return rec.firstUnit(col, unitRef{v, UnitFromColumn}, other), true
}

// firstUnit returns the unit that counts of two stated for a value, in
// order of precedence: the first, else the second. When both are stated
// and disagree, the statistician is told, at the cell of column col of
// the row: one of them is a mistake, and which one is not for pairstat to
// guess.
func (rec *record) firstUnit(col int, first, second unitRef) unitRef {
	if first.name == "" {
		return second
	}
	a, okA := rec.s.cat.Unit(first.name)
	b, okB := rec.s.cat.Unit(second.name)
	if okA && okB && !a.Factor.Equal(b.Factor) && rec.role == roleData {
		fw, sw := unitSourceWords[first.source], unitSourceWords[second.source]
		rec.s.audit.warn(col, rec.row.Num, WarnUnit, second.name, first.name,
			fmt.Sprintf("%s says %s, %s %s: %s counts", fw[0], first.name, sw[0], second.name, first.name),
			fmt.Sprintf("%s为 %s，%s中为 %s：以%s的 %s 为准", fw[1], first.name, sw[1], second.name, fw[1], first.name))
	}
	return first
}
