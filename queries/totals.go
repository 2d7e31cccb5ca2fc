package queries

import (
	"context"
	"database/sql"
	"fmt"
)

// Filter narrows totals; zero fields do not filter.
type Filter struct {
	Year      int
	Region    string
	Indicator string
}

// Total is one yearly total of one indicator for one region (or "all").
type Total struct {
	Year      int
	Region    string
	Indicator string
	// Value is a plain decimal without trailing zeros, in Unit.
	Value string
	Unit  string
	// Partial marks a year whose latest cumulative report is not a full-year one.
	Partial bool
	// Basis says where the value comes from: ledger, figure or mixed (region all).
	Basis string
}

// Totals computes the yearly totals, ordered by year, catalog order of
// indicators, then region with "all" last.
func (db *DB) Totals(ctx context.Context, f Filter) ([]Total, error) {
	var year, region, indicator any
	if f.Year != 0 {
		year = f.Year
	}
	if f.Region != "" {
		region = f.Region
	}
	if f.Indicator != "" {
		indicator = f.Indicator
	}
	out, err := queryRows(ctx, db.sql, totalsSQL, []any{year, region, indicator}, func(rows *sql.Rows) (t Total, err error) {
		var value any
		if err := rows.Scan(&t.Year, &t.Region, &t.Indicator, &value, &t.Unit, &t.Partial, &t.Basis); err != nil {
			return t, err
		}
		t.Value, err = decimalText(value)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("totals: %w", err)
	}
	return out, nil
}

// Conflict is a year, region and indicator reported both by a ledger and as
// a direct figure with another value. The ledger's value counts.
type Conflict struct {
	Year                     int
	Region, Indicator        string
	LedgerValue, FigureValue string
}

// Conflicts lists the ledger and figure disagreements, for warnings.
func (db *DB) Conflicts(ctx context.Context) ([]Conflict, error) {
	out, err := queryRows(ctx, db.sql, conflictsSQL, nil, func(rows *sql.Rows) (c Conflict, err error) {
		var ledger, figure any
		if err := rows.Scan(&c.Year, &c.Region, &c.Indicator, &ledger, &figure); err != nil {
			return c, err
		}
		if c.LedgerValue, err = decimalText(ledger); err != nil {
			return c, err
		}
		c.FigureValue, err = decimalText(figure)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("conflicts: %w", err)
	}
	return out, nil
}
