package queries_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pairstat/pairstat/bench"
	"github.com/pairstat/pairstat/queries"
)

// BenchmarkTotals computes the yearly totals over about 10 million fact
// rows (cells that count towards an indicator: indicator_cells), bulk
// inserted with DuckDB's range() across 1,000 loaded sources of both
// regions, 2019–2024. Each time it opens the database file read-only, as
// `pairstat totals` does: nothing of it is in DuckDB's memory yet.
func BenchmarkTotals(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "bench.duckdb")
	db, err := queries.Open(ctx, path, false)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.SyncCatalog(ctx, benchCatalog(b)); err != nil {
		b.Fatal(err)
	}
	// Per source: 3,000 projects (every one signed with an investment, 70%
	// started, 14% in production: 8.5 facts per 1,000), 1,000 fund rows, 500
	// assistance projects (60% delivered), 200 direct figures.
	for _, q := range []string{
		`INSERT INTO sources SELECT i, 'f' || i || '.xlsx', md5(i::VARCHAR), 1, NULL, 'loaded', NULL, NULL, 0, now(), NULL FROM range(1, 1001) t(i)`,
		`INSERT INTO projects SELECT 1 + i % 1000, 'Sheet1', i // 1000, CASE WHEN i % 50 = 0 THEN 'total' ELSE 'data' END,
		    CASE WHEN i % 2 = 0 THEN 'tangxia' ELSE 'shixing' END, 'p' || i, 'B1', 'x',
		    (i % 100000)::DECIMAL(18,6) / 100, 'D1', DATE '2019-01-01' + (i % 2190)::INTEGER, 'E1',
		    CASE WHEN i % 10 < 7 THEN DATE '2019-03-01' + (i % 2100)::INTEGER END, 'F1',
		    CASE WHEN i % 50 < 7 THEN DATE '2019-06-01' + (i % 2000)::INTEGER END, 'G1', NULL
		 FROM range(3000000) t(i)`,
		`INSERT INTO funds SELECT 1 + i % 1000, 'Sheet1', i // 1000, 'data', CASE WHEN i % 2 = 0 THEN 'tangxia' ELSE 'shixing' END,
		    NULL, 2019 + i % 6, 'A1', NULL, '教育', 'item', (i % 5000)::DECIMAL(18,6) / 10, 'C1' FROM range(1000000) t(i)`,
		`INSERT INTO assistance SELECT 1 + i % 1000, 'Sheet1', i // 1000, 'data', CASE WHEN i % 2 = 0 THEN 'tangxia' ELSE 'shixing' END,
		    'a' || i, 'v', CASE WHEN i % 10 < 6 THEN '已落地' ELSE '在建' END, i % 10 < 6, NULL, 2019 + i % 6, 'D1', 'E1' FROM range(500000) t(i)`,
		`INSERT INTO figures SELECT 1 + i % 1000, 'Sheet1', i // 1000, 'data', CASE WHEN i % 2 = 0 THEN 'tangxia' ELSE 'shixing' END,
		    'assistance_funds', 2019 + i % 6, 1, 1 + i % 12, true, (i % 900)::DECIMAL(18,6), '万元', 'C1' FROM range(200000) t(i)`,
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	var facts int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM indicator_cells").Scan(&facts); err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	m := bench.Start(b)
	for range b.N {
		db, err := queries.Open(ctx, path, true)
		if err != nil {
			b.Fatal(err)
		}
		totals, err := db.Totals(ctx, queries.Filter{})
		if err != nil {
			b.Fatal(err)
		}
		if len(totals) == 0 {
			b.Fatal("no totals")
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	m.Report(facts, 0)
	b.ReportMetric(float64(facts), "facts")
}
