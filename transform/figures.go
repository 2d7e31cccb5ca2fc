package transform

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/pairstat/pairstat/transform/parse"
)

// figureSchema is the schema of the tables of indicator values (figures)
// and targets: the same columns, so that a target is read as its value is.
func figureSchema() *arrow.Schema {
	return schema(str("indicator"), i32("year"), i32("period_from"), i32("period_to"),
		boolean("cumulative"), dec("value"), str("unit"), str("value_cell"))
}

// indicator resolves the row's indicator name, which may carry a unit
// (帮扶资金(万元)); nil when the name is empty or unknown. A breakdown row
// (其中：…) whose label names no indicator is one of its parent's.
func (rec *record) indicator() (*Indicator, string) {
	v, col := rec.raw(colIndicator)
	name, unit := "", ""
	if !parse.IsNull(v) {
		name, unit = parse.HeaderUnit(v, rec.s.cat.unitNames)
	}
	ind, ok := rec.s.cat.Indicator(name)
	switch {
	case ok:
		if rec.role == roleData {
			rec.s.parentInd = ind
		}
		return ind, unit
	case rec.role == roleBreakdown && rec.s.parentInd != nil:
		return rec.s.parentInd, unit
	case parse.IsNull(v) && rec.lenient:
	case parse.IsNull(v):
		rec.fail(col, v, ErrUnknownIndicator, fixIndicator)
	default:
		rec.fail(col, v, fmt.Errorf("%q: %w", v, ErrUnknownIndicator), fixIndicator)
	}
	return nil, ""
}

// figureUnit is the unit that applies to the row's values before any unit
// written in a value cell or its column's header: the unit column, else the
// indicator name's unit; "" when neither states one. ok is false when the
// unit column holds an unknown unit (a problem of the row).
func (rec *record) figureUnit(nameUnit string) (u unitRef, ok bool) {
	return rec.columnUnit(unitRef{nameUnit, UnitFromName})
}

// figure emits one indicator value (table figures) or target (table
// targets) of the given year and period.
func (rec *record) figure(table string, region val, ind *Indicator, year val, period *parse.Period, value val, cell val) error {
	code, unit, from, to, cumulative := null, null, null, null, null
	if ind != nil {
		code, unit = strVal(ind.Code), strVal(ind.Unit)
	}
	if period != nil {
		from, to, cumulative = intVal(period.FromMonth), intVal(period.ToMonth), boolVal(period.Cumulative)
	}
	return rec.emit(table, region, code, year, from, to, cumulative, value, unit, cell)
}

// value emits a figure. A row whose region cell names both regions (两地)
// has none: a value there is a problem.
func (rec *record) value(region val, ind *Indicator, year val, period *parse.Period, value val, cell val) error {
	if rec.pair {
		if value.kind != kindNull {
			v, col := rec.raw(colRegion)
			rec.fail(col, v, fmt.Errorf("%q: %w", v, ErrPairValue), fixPairValue)
		}
		return nil
	}
	return rec.figure("figures", region, ind, year, period, value, cell)
}

// target emits a target. Its region is the row's region cell's (两地: the
// pair's), else the pair's when the table's title or name sets the pair's
// targets, else the table's.
func (rec *record) target(region val, ind *Indicator, year val, period *parse.Period, value val, cell val) error {
	if rec.pair || !rec.ownRegion && rec.s.pairTargets {
		region = strVal(RegionAll)
	}
	if err := rec.figure("targets", region, ind, year, period, value, cell); err != nil {
		return err
	}
	if rec.role == roleData && !rec.dropped() {
		rec.s.report.Targets++
	}
	return nil
}

func (rec *record) longFigure(region val) error {
	ind, nameUnit := rec.indicator()
	var period *parse.Period
	if v, col := rec.raw(colPeriod); !parse.IsNull(v) {
		p, err := parse.ParsePeriod(v)
		if err != nil {
			rec.fail(col, v, err, fixPeriod)
		} else {
			period = &p
		}
	}
	year, _ := rec.year(parse.Day{}, false, colYear)
	if year.kind == kindNull && period != nil && period.Year != 0 {
		year = intVal(period.Year)
		rec.s.sawYear(period.Year)
		rec.yearSeen = period.Year
	}
	unit, unitOK := unitRef{}, true
	if ind != nil {
		unit, unitOK = rec.figureUnit(nameUnit)
	}
	// quantity reads column c of the row: NULL without an indicator; a
	// problem when it holds an amount but the row has no year.
	quantity := func(c colID) (val, int) {
		v, col := rec.raw(c)
		if ind == nil {
			return null, col
		}
		u := unit
		if unitOK {
			u = rec.firstUnit(col, u, unitRef{rec.s.cols[c].unit, UnitFromHeader})
		}
		q := rec.quantity(v, col, u, ind.Dimension, ind.Code)
		rec.check(col, q, ind.Unit) // a value's or a target's: 其中 never more than its parent
		if year.kind == kindNull && q.kind != kindNull {
			rec.fail(col, v, ErrNoYear, fixFigureYear)
		}
		return q, col
	}
	if rec.s.cols[colValue].col != 0 {
		value, col := quantity(colValue)
		if err := rec.value(region, ind, year, period, value, rec.ref(col)); err != nil {
			return err
		}
	}
	if rec.s.cols[colTarget].col == 0 {
		return nil
	}
	if target, col := quantity(colTarget); target.kind != kindNull {
		return rec.target(region, ind, year, period, target, rec.ref(col))
	}
	return nil
}

func (rec *record) wideFigures(region val) error {
	ind, nameUnit := rec.indicator()
	unit, _ := rec.figureUnit(nameUnit)
	if ind == nil {
		return nil
	}
	// quantity reads a year or target column of the row; ok is false
	// when it holds no amount.
	quantity := func(yc column) (val, bool) {
		v := rec.s.cell(yc.col)
		if parse.IsNull(v) {
			return null, false
		}
		u := rec.firstUnit(yc.col, unit, unitRef{yc.unit, UnitFromHeader})
		value := rec.quantity(v, yc.col, u, ind.Dimension, ind.Code)
		if value.kind == kindNull {
			return null, false
		}
		rec.s.sawYear(yc.year)
		return value, true
	}
	for _, yc := range rec.s.head.years {
		value, ok := quantity(yc)
		if !ok {
			continue
		}
		rec.check(yc.col, value, ind.Unit)
		if err := rec.value(region, ind, intVal(yc.year), yc.period, value, rec.ref(yc.col)); err != nil {
			return err
		}
	}
	for _, tc := range rec.s.head.targets {
		if value, ok := quantity(tc); ok {
			rec.check(tc.col, value, ind.Unit)
			if err := rec.target(region, ind, intVal(tc.year), nil, value, rec.ref(tc.col)); err != nil {
				return err
			}
		}
	}
	return nil
}
