package transform

import (
	"fmt"

	"github.com/pairstat/pairstat/transform/parse"
)

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
// written in a value cell: the unit column, else the indicator name's unit,
// else the value header's unit.
func (rec *record) figureUnit(nameUnit string, header unitRef) unitRef {
	if v, col := rec.raw(colUnit); !parse.IsNull(v) {
		if _, ok := rec.s.cat.Unit(v); !ok {
			rec.fail(col, v, fmt.Errorf("%q: %w", v, ErrUnknownUnit), fixUnit)
			return unitRef{}
		}
		return unitRef{v, UnitFromColumn}
	}
	if nameUnit != "" {
		return unitRef{nameUnit, UnitFromName}
	}
	return header
}

// figure emits one indicator value of the given year and period.
func (rec *record) figure(region val, ind *Indicator, year val, period *parse.Period, value val, cell val) error {
	code, unit, from, to, cumulative := null, null, null, null, null
	if ind != nil {
		code, unit = strVal(ind.Code), strVal(ind.Unit)
	}
	if period != nil {
		from, to, cumulative = intVal(period.FromMonth), intVal(period.ToMonth), boolVal(period.Cumulative)
	}
	return rec.emit("figures", region, code, year, from, to, cumulative, value, unit, cell)
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
	v, col := rec.raw(colValue)
	value := null
	if ind != nil {
		header := unitRef{rec.s.cols[colValue].unit, UnitFromHeader}
		value = rec.quantity(v, col, rec.figureUnit(nameUnit, header), ind.Dimension, ind.Code)
		rec.check(col, value, ind.Unit)
	}
	if year.kind == kindNull && value.kind != kindNull {
		rec.fail(col, v, ErrNoYear, fixFigureYear)
	}
	return rec.figure(region, ind, year, period, value, rec.ref(col))
}

func (rec *record) wideFigures(region val) error {
	ind, nameUnit := rec.indicator()
	unit := rec.figureUnit(nameUnit, unitRef{})
	for _, yc := range rec.s.head.years {
		v := rec.s.cell(yc.col)
		if ind == nil || parse.IsNull(v) {
			continue
		}
		u := unit
		if u.name == "" {
			u = unitRef{yc.unit, UnitFromHeader}
		}
		value := rec.quantity(v, yc.col, u, ind.Dimension, ind.Code)
		if value.kind == kindNull {
			continue
		}
		rec.check(yc.col, value, ind.Unit)
		rec.s.sawYear(yc.year)
		if err := rec.figure(region, ind, intVal(yc.year), yc.period, value, rec.ref(yc.col)); err != nil {
			return err
		}
	}
	return nil
}
