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
// dimension; a unit word counts at the start of a text or after a bracket
// or separator, so that 填报单位：… states nothing.
func (c *Catalog) unitLine(text string) []Unit {
	if !strings.ContainsAny(text, ":：") {
		return nil
	}
	fields := strings.Fields(text)
	var units []Unit
	for i, f := range fields {
		folded := parse.Text(f)
		for _, w := range c.unitWords {
			at := strings.Index(folded, w+":")
			if at < 0 || (at > 0 && !strings.ContainsRune(unitLineOpeners, lastRune(folded[:at]))) {
				continue
			}
			value := folded[at+len(w)+1:]
			if value == "" && i+1 < len(fields) {
				value = parse.Text(fields[i+1])
			}
			if end := strings.IndexAny(value, unitLineClosers); end >= 0 {
				value = value[:end]
			}
			for _, name := range strings.FieldsFunc(value, func(r rune) bool { return strings.ContainsRune("、/,", r) }) {
				if u, ok := c.Unit(name); ok && !hasDimension(units, u.Dimension) {
					units = append(units, u)
				}
			}
			break
		}
	}
	return units
}

// Brackets and separators a unit word may follow, and those that end the
// unit, in folded text.
const (
	unitLineOpeners = "([【〔,;、"
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
