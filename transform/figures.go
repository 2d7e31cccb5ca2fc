package transform

import (
	"fmt"

	"github.com/pairstat/pairstat/transform/parse"
)

// indicator resolves the row's indicator name, which may carry a unit
// (帮扶资金(万元)); nil when the name is empty or unknown.
func (rec *record) indicator() (*Indicator, string) {
	v, col := rec.raw("indicator")
	if parse.IsNull(v) {
		if !rec.lenient {
			rec.fail(col, v, ErrUnknownIndicator, fixIndicator)
		}
		return nil, ""
	}
	name, unit := parse.HeaderUnit(v, rec.s.cat.unitNames)
	ind, ok := rec.s.cat.Indicator(name)
	if !ok {
		rec.fail(col, v, fmt.Errorf("%q: %w", v, ErrUnknownIndicator), fixIndicator)
		return nil, ""
	}
	return ind, unit
}

// figureUnit is the unit that applies to the row's values before any unit
// written in a value cell: the unit column, else the indicator name's unit,
// else the value header's unit.
func (rec *record) figureUnit(nameUnit, headerUnit string) string {
	if v, col := rec.raw("unit"); !parse.IsNull(v) {
		if _, ok := rec.s.cat.Unit(v); !ok {
			rec.fail(col, v, fmt.Errorf("%q: %w", v, ErrUnknownUnit), fixUnit)
			return ""
		}
		return v
	}
	if nameUnit != "" {
		return nameUnit
	}
	return headerUnit
}

// figure emits one indicator value of the given year and period.
func (rec *record) figure(region any, ind *Indicator, year any, period *parse.Period, value any, cell any) error {
	var code, unit, from, to, cumulative any
	if ind != nil {
		code, unit = ind.Code, ind.Unit
	}
	if period != nil {
		from, to, cumulative = period.FromMonth, period.ToMonth, period.Cumulative
	}
	return rec.emit("figures", region, code, year, from, to, cumulative, value, unit, cell)
}

func (rec *record) longFigure(region any) error {
	ind, nameUnit := rec.indicator()
	var period *parse.Period
	if v, col := rec.raw("period"); !parse.IsNull(v) {
		p, err := parse.ParsePeriod(v)
		if err != nil {
			rec.fail(col, v, err, fixPeriod)
		} else {
			period = &p
		}
	}
	year, _ := rec.year(nil, "")
	if year == nil && period != nil && period.Year != 0 {
		year = period.Year
		rec.s.years[period.Year] = true
	}
	v, col := rec.raw("value")
	var value any
	if ind != nil {
		value = rec.quantity(v, col, rec.figureUnit(nameUnit, rec.s.head.columns["value"].unit), ind.Dimension)
	}
	if year == nil && value != nil {
		rec.fail(col, v, ErrNoYear, fixFigureYear)
	}
	return rec.figure(region, ind, year, period, value, rec.ref(col))
}

func (rec *record) wideFigures(region any) error {
	ind, nameUnit := rec.indicator()
	unit := rec.figureUnit(nameUnit, "")
	for _, yc := range rec.s.head.years {
		v := rec.cells[yc.col]
		if ind == nil || parse.IsNull(v) {
			continue
		}
		u := unit
		if u == "" {
			u = yc.unit
		}
		value := rec.quantity(v, yc.col, u, ind.Dimension)
		if value == nil {
			continue
		}
		rec.s.years[yc.year] = true
		if err := rec.figure(region, ind, yc.year, yc.period, value, rec.ref(yc.col)); err != nil {
			return err
		}
	}
	return nil
}
