package transform

import (
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/pairstat/pairstat/bench"
	"github.com/pairstat/pairstat/ingest"
)

// Benchmarks of the transform stage on ledger A (200,000 rows). Read is
// ingest alone (open, integrity checks, every row); Workbook is reading and
// converting, the conversion on its own goroutine; Convert is converting
// rows already in memory, on one goroutine: the conversion's own cost.

const benchRows = 200_000

func BenchmarkRead(b *testing.B) {
	path := bench.Ledger(b, benchRows)
	size := bench.Size(b, []string{path})
	m := bench.Start(b)
	for range b.N {
		if n := len(readAll(b, path)); n < benchRows {
			b.Fatalf("%d rows", n)
		}
	}
	m.Report(benchRows, size)
}

func BenchmarkWorkbook(b *testing.B) {
	cat := benchCatalog(b)
	path := bench.Ledger(b, benchRows)
	size := bench.Size(b, []string{path})
	for _, stream := range []bool{false, true} {
		name := "batches"
		if stream {
			name = "stream"
		}
		b.Run(name, func(b *testing.B) {
			m := bench.Start(b)
			for range b.N {
				wb, err := ingest.Open(path, filepath.Base(path))
				if err != nil {
					b.Fatal(err)
				}
				var res *Result
				if stream {
					res, err = cat.Stream(wb, Hints{}, func(_ string, batch arrow.RecordBatch) error {
						batch.Release()
						return nil
					})
				} else {
					res, err = cat.Workbook(wb, Hints{})
				}
				wb.Close()
				if err != nil || len(res.Problems) > 0 || res.Rows() != benchRows+1 {
					b.Fatalf("%d rows, %v %v", res.Rows(), err, res.Problems)
				}
				res.Release()
			}
			m.Report(benchRows, size)
		})
	}
}

func BenchmarkConvert(b *testing.B) {
	cat := benchCatalog(b)
	path := bench.Ledger(b, benchRows)
	rows := readAll(b, path)
	wb, err := ingest.Open(path, filepath.Base(path))
	if err != nil {
		b.Fatal(err)
	}
	defer wb.Close()
	b.ReportAllocs()
	m := bench.Start(b)
	for range b.N {
		res := &Result{Batches: map[string][]arrow.RecordBatch{}}
		builders := map[string]*tableBuilder{}
		for _, t := range tables() {
			builders[t.name] = newTableBuilder(memory.DefaultAllocator, t.name, t.schema, func(_ string, batch arrow.RecordBatch) error {
				batch.Release()
				return nil
			})
		}
		s := &sheetReader{cat: cat, wb: wb, res: res, builders: builders, report: SheetReport{Sheet: wb.Sheets()[0]}}
		if err := s.convert(&sliceRows{rows: rows, i: -1}); err != nil {
			b.Fatal(err)
		}
		for _, t := range builders {
			t.finish()
		}
		if len(res.Sheets) != 1 || res.Sheets[0].Rows != benchRows || len(res.Problems) > 0 {
			b.Fatalf("tables %+v, %v", res.Sheets, res.Problems)
		}
	}
	m.Report(benchRows, 0)
}

// sliceRows is a rowSource over rows in memory.
type sliceRows struct {
	rows []ingest.Row
	i    int
}

func (s *sliceRows) next() bool      { s.i++; return s.i < len(s.rows) }
func (s *sliceRows) row() ingest.Row { return s.rows[s.i] }
func (s *sliceRows) err() error      { return nil }

func readAll(b *testing.B, path string) []ingest.Row {
	wb, err := ingest.Open(path, filepath.Base(path))
	if err != nil {
		b.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.Rows(wb.Sheets()[0])
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []ingest.Row
	for rows.Next() {
		out = append(out, rows.Row())
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

func benchCatalog(b *testing.B) *Catalog {
	cat, err := LoadCatalog("")
	if err != nil {
		b.Fatal(err)
	}
	return cat
}
