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
// batches in memory) stored into a new database file as an ingest run does
// (DuckDB on one thread, sources cached). A is one ledger of 200,000 rows,
// streamed batch by batch (Loading) in one transaction; B is 200 ledgers of
// 1,000 rows, one transaction each (Load), or in groups (LoadAll).

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

// loadDB opens a new database as ingest does; the timer is stopped.
func loadDB(b *testing.B) *queries.DB {
	b.StopTimer()
	defer b.StartTimer()
	ctx := context.Background()
	db, err := queries.Open(ctx, filepath.Join(b.TempDir(), "bench.duckdb"), false)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.CacheSources(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := db.LoadSettings(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}

func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	b.Run("A/streamed", func(b *testing.B) {
		srcs, results, rows := transformed(b, bench.Ledger(b, 200_000))
		m := bench.Start(b)
		for range b.N {
			db := loadDB(b)
			l := db.BeginLoad(ctx, srcs[0])
			for _, table := range transform.TableNames() {
				for _, batch := range results[0].Batches[table] {
					if err := l.Insert(table, batch); err != nil {
						b.Fatal(err)
					}
				}
			}
			if _, err := l.Commit(results[0].Sheets, rows); err != nil {
				b.Fatal(err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
		}
		m.Report(rows, 0)
	})
	srcs, results, rows := transformed(b, bench.Inbox(b, 200, 1000))
	for _, size := range []int{1, 16} {
		b.Run(fmt.Sprintf("B/group=%d", size), func(b *testing.B) {
			m := bench.Start(b)
			for range b.N {
				db := loadDB(b)
				for i := 0; i < len(results); i += size {
					var err error
					if size == 1 {
						_, err = db.Load(ctx, srcs[i], results[i])
					} else {
						var group []queries.Workbook
						for j := i; j < min(i+size, len(results)); j++ {
							group = append(group, queries.Workbook{Source: srcs[j], Sheets: results[j].Sheets,
								Batches: results[j].Batches, Rows: results[j].Rows()})
						}
						_, err = db.LoadAll(ctx, group)
					}
					if err != nil {
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
