package queries

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// TestQuoteLiteral checks the quoting of COPY's file names against DuckDB
// itself: every quoted string reads back as the string.
func TestQuoteLiteral(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "quote.duckdb"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tc := range []struct {
		in, want string
	}{
		{"plain.parquet", "'plain.parquet'"},
		{"it's.parquet", "'it''s.parquet'"},
		{"''", "''''''"},
		{"/tmp/a'b'/c.parquet", "'/tmp/a''b''/c.parquet'"},
		{`C:\exports\汇总.parquet`, `'C:\exports\汇总.parquet'`},
		{`x'; DROP TABLE sources; --`, `'x''; DROP TABLE sources; --'`},
		{"line\nbreak\t\"double\"", "'line\nbreak\t\"double\"'"},
		{"", "''"},
	} {
		got, err := quoteLiteral(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("quoteLiteral(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			continue
		}
		var back string
		if err := db.sql.QueryRowContext(ctx, "SELECT "+got).Scan(&back); err != nil {
			t.Errorf("SELECT %s: %v", got, err)
		} else if back != tc.in {
			t.Errorf("DuckDB reads %s as %q, want %q", got, back, tc.in)
		}
	}
	if _, err := quoteLiteral("a\x00b"); !errors.Is(err, errNulInLiteral) {
		t.Errorf("quoteLiteral with NUL: %v, want errNulInLiteral", err)
	}
}
