package queries_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/pairstat/pairstat/bench"
	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// Benchmarks of the load stage: workbooks already transformed (record
// batches in memory) stored into a new database file, each in its own
// transaction. A is one ledger of 200,000 rows; B 200 ledgers of 1,000.

// transformed reads and transforms the .xlsx files under dir.
func transformed(b *testing.B, dir string) ([]queries.Source, []*transform.Result, int64) {
	b.Helper()
	cat := benchCatalog(b)
	var srcs []queries.Source
	var results []*transform.Result
	var rows int64
	for i, path := range bench.Files(b, dir) {
		wb, err := ingest.Open(path, filepath.Base(path))
		if err != nil {
			b.Fatal(err)
		}
		res, err := cat.Workbook(wb, transform.Hints{Folder: filepath.Base(filepath.Dir(path))})
		wb.Close()
		if err != nil || len(res.Problems) > 0 {
			b.Fatalf("%s: %v %v", path, err, res.Problems)
		}
		b.Cleanup(res.Release)
		srcs = append(srcs, queries.Source{Path: fmt.Sprintf("%04d.xlsx", i), SHA256: fmt.Sprint(i), Size: 1, Modified: time.Now()})
		results = append(results, res)
		rows += res.Rows()
	}
	return srcs, results, rows
}

func BenchmarkLoad(b *testing.B) {
	for _, in := range []struct {
		name string
		dir  func() string
	}{
		{"A", func() string { return bench.Ledger(b, 200_000) }},
		{"B", func() string { return bench.Inbox(b, 200, 1000) }},
	} {
		b.Run(in.name, func(b *testing.B) {
			srcs, results, rows := transformed(b, in.dir())
			ctx := context.Background()
			m := bench.Start(b)
			for range b.N {
				b.StopTimer()
				db, err := queries.Open(ctx, filepath.Join(b.TempDir(), "bench.duckdb"), false)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for i, res := range results {
					if _, err := db.Load(ctx, srcs[i], res); err != nil {
						b.Fatal(err)
					}
				}
				if err := db.Close(); err != nil {
					b.Fatal(err)
				}
			}
			m.Report(rows, 0)
		})
	}
}

func benchCatalog(b *testing.B) *transform.Catalog {
	cat, err := transform.LoadCatalog("")
	if err != nil {
		b.Fatal(err)
	}
	return cat
}

// BenchmarkLoadAll stores inbox B in groups of workbooks, one transaction
// per group (LoadAll), as the writer does when reading runs ahead of it.
func BenchmarkLoadAll(b *testing.B) {
	srcs, results, rows := transformed(b, bench.Inbox(b, 200, 1000))
	ctx := context.Background()
	for _, cfg := range []struct {
		size    int
		setting string
	}{{8, ""}, {8, "SET checkpoint_threshold = '1GB'"}, {8, "SET threads = 1"}, {1, "SET checkpoint_threshold = '1GB'"}} {
		size := cfg.size
		b.Run(fmt.Sprintf("B/group=%d/%s", size, cfg.setting), func(b *testing.B) {
			m := bench.Start(b)
			for range b.N {
				b.StopTimer()
				db, err := queries.Open(ctx, filepath.Join(b.TempDir(), "bench.duckdb"), false)
				if err != nil {
					b.Fatal(err)
				}
				if cfg.setting != "" {
					if _, err := db.SQL().ExecContext(ctx, cfg.setting); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				for i := 0; i < len(results); i += size {
					var group []queries.Workbook
					for j := i; j < min(i+size, len(results)); j++ {
						group = append(group, queries.Workbook{Source: srcs[j], Sheets: results[j].Sheets,
							Batches: results[j].Batches, Rows: results[j].Rows()})
					}
					if _, err := db.LoadAll(ctx, group); err != nil {
						b.Fatal(err)
					}
				}
				if err := db.Close(); err != nil {
					b.Fatal(err)
				}
			}
			m.Report(rows, 0)
		})
	}
}
