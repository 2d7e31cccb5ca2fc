package queries

import (
	"context"
	"fmt"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// Table is the text form of a query result.
type Table struct {
	Columns []string
	Rows    [][]string
	// Nulls marks the NULL cells of Rows (same shape).
	Nulls [][]bool
}

// Query runs one ad-hoc SQL statement and returns its result as text:
// decimals plain, dates as YYYY-MM-DD, NULL as an empty string marked in Nulls.
func (db *DB) Query(ctx context.Context, query string) (*Table, error) {
	rows, err := db.sql.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	t := &Table{Columns: cols}
	values := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("query: %w", err)
		}
		row := make([]string, len(cols))
		nulls := make([]bool, len(cols))
		for i, v := range values {
			row[i], nulls[i] = formatValue(v)
		}
		t.Rows = append(t.Rows, row)
		t.Nulls = append(t.Nulls, nulls)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	return t, nil
}

// formatValue renders one scanned value; null reports a NULL.
func formatValue(v any) (text string, null bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case duckdb.Decimal:
		s, _ := decimalText(v)
		return s, false
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			return v.Format(time.DateOnly), false
		}
		return v.Format("2006-01-02 15:04:05"), false
	case []byte:
		return string(v), false
	}
	return fmt.Sprint(v), false
}
