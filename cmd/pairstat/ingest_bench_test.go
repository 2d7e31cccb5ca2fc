package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/bench"
	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// The end-to-end benchmarks of issue 7, on its inputs (see package bench):
//
//	A: one ledger of 200,000 rows      B: 200 ledgers of 1,000 rows
//
// and of issue 15, on their text-heavy counterparts in shared strings:
//
//	Aprime: one ledger of 200,000 rows Bprime: 200 ledgers of 1,000 rows
//
// Each reports rows/s, MB/s (of .xlsx read), cpu-s and peak-MB; bench/report
// divides their times by those of the bare excelize reads measured in the
// same run.

const (
	rowsA            = 200_000
	filesB, rowsPerB = 200, 1000
	benchDBName      = "bench.duckdb"
)

// BenchmarkReadBare is the reference: excelize's streaming reader with raw
// values, as the issue measures it (open, Rows, Columns(RawCellValue) of
// every row, close), files spread over 1 or 2 goroutines, with Go's
// default collector, as a load has it (pipeline.TuneGC).
func BenchmarkReadBare(b *testing.B) {
	b.Run("A", func(b *testing.B) { benchReadBare(b, []string{bench.Ledger(b, rowsA)}, rowsA, 1) })
	b.Run("Aprime", func(b *testing.B) { benchReadBare(b, []string{bench.TextLedger(b, rowsA)}, rowsA, 1) })
	b.Run("Bprime/workers=2", func(b *testing.B) {
		benchReadBare(b, bench.Files(b, bench.TextInbox(b, filesB, rowsPerB)), filesB*rowsPerB, 2)
	})
	for _, workers := range []int{1, 2} {
		b.Run("B/workers="+strconv.Itoa(workers), func(b *testing.B) {
			benchReadBare(b, bench.Files(b, bench.Inbox(b, filesB, rowsPerB)), filesB*rowsPerB, workers)
		})
	}
}

func benchReadBare(b *testing.B, files []string, rows, workers int) {
	size := bench.Size(b, files)
	for _, f := range files { // into the page cache, as for the benchmarks after it
		if _, err := os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	m := bench.Start(b)
	for range b.N {
		next := make(chan string)
		errs := make(chan error, len(files))
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for f := range next {
					if err := readRaw(f); err != nil {
						errs <- err
					}
				}
			})
		}
		for _, f := range files {
			next <- f
		}
		close(next)
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
	}
	m.Report(int64(rows), size)
}

func readRaw(path string) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			return err
		}
		for rows.Next() {
			if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkReadIngest reads A through package ingest alone (open with
// its integrity checks and limits, every row of every sheet), neither
// converted nor loaded: what ingest adds to the bare read, and the floor of
// what an end-to-end ingest can take.
func BenchmarkReadIngest(b *testing.B) {
	b.Run("A", func(b *testing.B) {
		path := bench.Ledger(b, rowsA)
		size := bench.Size(b, []string{path})
		m := bench.Start(b)
		for range b.N {
			wb, err := ingest.Open(path, filepath.Base(path))
			if err != nil {
				b.Fatal(err)
			}
			for _, sheet := range wb.Sheets() {
				rows, err := wb.Rows(sheet)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				if err := rows.Err(); err != nil {
					b.Fatal(err)
				}
				rows.Close()
			}
			wb.Close()
		}
		m.Report(rowsA, size)
	})
}

// BenchmarkIngest is `pairstat ingest` in-process: a new database, opened
// (schema and catalog), the files read, transformed and loaded, closed.
// B runs with 1 and 2 workbooks read at once (--jobs), Bprime with 2. Mixed is an inbox
// of 200 workbooks of every sheet kind in turn (bench.Mixed), with the
// default workers; its rows are those the sources table counts.
func BenchmarkIngest(b *testing.B) {
	b.Run("A", func(b *testing.B) { benchIngest(b, bench.Ledger(b, rowsA), rowsA, 0) })
	b.Run("Aprime", func(b *testing.B) { benchIngest(b, bench.TextLedger(b, rowsA), rowsA, 0) })
	b.Run("Bprime/workers=2", func(b *testing.B) {
		benchIngest(b, bench.TextInbox(b, filesB, rowsPerB), filesB*rowsPerB, 2)
	})
	for _, workers := range []int{1, 2} {
		b.Run("B/workers="+strconv.Itoa(workers), func(b *testing.B) {
			benchIngest(b, bench.Inbox(b, filesB, rowsPerB), filesB*rowsPerB, workers)
		})
	}
	b.Run("mixed", func(b *testing.B) { benchIngest(b, bench.Mixed(b, filesB, rowsPerB), 0, 0) })
}

// benchIngest ingests path into a new database each time; rows 0: count
// the rows loaded.
func benchIngest(b *testing.B, path string, rows, workers int) {
	size := bench.Size(b, bench.Files(b, path))
	m := bench.Start(b)
	for range b.N {
		b.StopTimer()
		g := benchGlobals(filepath.Join(b.TempDir(), benchDBName), workers)
		b.StartTimer()
		sum := ingestOnce(b, g, path)
		if sum.Loaded == 0 || sum.Rejected > 0 {
			b.Fatalf("ingest: %+v", sum)
		}
		if rows == 0 {
			b.StopTimer()
			rows = loadedRows(b, g.db)
			b.StartTimer()
		}
	}
	m.Report(int64(rows), size)
}

// loadedRows counts the spreadsheet rows loaded into the database at path.
func loadedRows(b *testing.B, path string) int {
	ctx := context.Background()
	db, err := queries.Open(ctx, path, true)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var rows int
	if err := db.SQL().QueryRowContext(ctx, "SELECT sum(rows) FROM sources WHERE status = 'loaded'").Scan(&rows); err != nil {
		b.Fatal(err)
	}
	return rows
}

// BenchmarkIngestUnchanged runs ingest again on inbox B, already loaded:
// every file is known by its size and modification time, none is read.
func BenchmarkIngestUnchanged(b *testing.B) {
	inbox := bench.Inbox(b, filesB, rowsPerB)
	g := benchGlobals(filepath.Join(b.TempDir(), benchDBName), 0)
	ingestOnce(b, g, inbox)
	m := bench.Start(b)
	for range b.N {
		if sum := ingestOnce(b, g, inbox); sum.Unchanged != filesB {
			b.Fatalf("rerun: %+v", sum)
		}
	}
	m.Report(0, 0)
}

func benchGlobals(db string, workers int) *globals {
	return &globals{db: db, lang: "en", stdout: io.Discard, stderr: io.Discard, jobs: workers}
}

// ingestOnce opens the database, ingests path and closes it, as the ingest
// command does.
func ingestOnce(b *testing.B, g *globals, path string) pipeline.Summary {
	b.Helper()
	ctx := context.Background()
	var sum pipeline.Summary
	err := g.withDB(ctx, false, func(cat *transform.Catalog, db *queries.DB) error {
		var err error
		sum, err = loadPaths(ctx, cat, db, []string{path}, g)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return sum
}

// BenchmarkIngestMemory runs `pairstat ingest` — the command itself,
// built and installed as the README's Install does (installedPairstat), not
// the test binary — on ledgers of 50,000, 200,000 and 800,000 rows, on
// Aprime and on Bprime (--jobs 2), and reports its peak resident memory
// (peak-MB, the kernel's count: rusage's ru_maxrss) with its time, and how
// much of its resident memory was mapped from files (file-MB: the
// executable's and the system libraries' pages, clean and shared; see
// measureProcess).
func BenchmarkIngestMemory(b *testing.B) {
	type input struct {
		name string
		path func(testing.TB) string
		rows int
		jobs string
	}
	var inputs []input
	for _, rows := range []int{50_000, rowsA, 800_000} {
		inputs = append(inputs, input{"rows=" + strconv.Itoa(rows), func(tb testing.TB) string { return bench.Ledger(tb, rows) }, rows, "0"})
	}
	inputs = append(inputs,
		input{"Aprime", func(tb testing.TB) string { return bench.TextLedger(tb, rowsA) }, rowsA, "0"},
		input{"Bprime/jobs=2", func(tb testing.TB) string { return bench.TextInbox(tb, filesB, rowsPerB) }, filesB * rowsPerB, "2"})
	pairstat := installedPairstat(b)
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			path := in.path(b)
			size := bench.Size(b, bench.Files(b, path))
			var peak processPeak // the highest of the runs
			var cpu time.Duration
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				dir := b.TempDir()
				cmd := exec.Command(pairstat, "ingest", "--jobs", in.jobs, "--db", filepath.Join(dir, benchDBName), path)
				b.StartTimer()
				run, err := measureProcess(cmd)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				if run.rss > peak.rss {
					peak = run
				}
				cpu += run.cpu
				b.StartTimer()
			}
			b.StopTimer()
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(in.rows)/sec, "rows/s")
			b.ReportMetric(float64(size)/1e6/sec, "MB/s")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
			b.ReportMetric(float64(peak.rss)/(1<<20), "peak-MB")
			if peak.file > 0 {
				b.ReportMetric(float64(peak.file)/(1<<20), "file-MB")
			}
		})
	}
}

// installedPairstat builds pairstat and installs it into a folder of the
// benchmark's, as the README's Install does (a copy, `install -m 755`),
// and returns its path. The copy, not the linker's output: the same bytes
// straight from the linker kept some 9 MB more of the file resident on
// this project's machine (Linux 6.18, ext4) — the page cache holds a file
// just written in larger pieces, and maps whole pieces — which a server
// that installed pairstat, or read it from disk after a restart, does not
// have.
func installedPairstat(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	built := filepath.Join(dir, "built")
	if out, err := exec.Command("go", "build", "-tags", "duckdb_arrow", "-o", built, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	installed := filepath.Join(dir, "pairstat")
	if out, err := exec.Command("install", "-m", "755", built, installed).CombinedOutput(); err != nil {
		b.Fatalf("install: %v\n%s", err, out)
	}
	return installed
}

// processPeak is what measureProcess measured of one process.
type processPeak struct {
	rss  int64 // peak resident memory, bytes
	file int64 // the most of it seen mapped from files, bytes; 0 when unknown
	cpu  time.Duration
}

// measureProcess runs cmd and measures its peak resident memory, the part
// of it mapped from files (sampled from /proc every 10 ms: those pages
// only grow, so the last samples are the most) and its CPU time.
//
// The peak is rusage's ru_maxrss, which counts, for a child that the Go
// runtime starts with vfork, the larger of its own peak and this process's
// peak at the moment of its exec: the figure is the child's only when this
// process's own peak stays below it. measureProcess resets its own peak
// first (benchmarks run before may have raised it), and checks.
func measureProcess(cmd *exec.Cmd) (processPeak, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	bench.ResetPeak()
	if err := cmd.Start(); err != nil {
		return processPeak{}, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var p processPeak
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if kb, ok := bench.StatusFileKB(status, "RssFile"); ok {
			p.file = max(p.file, kb<<10)
		}
		select {
		case err := <-done:
			if err != nil {
				return p, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out.Bytes())
			}
			ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			if !ok {
				return p, fmt.Errorf("%s: no resource usage on this system", cmd.Args[0])
			}
			p.rss = ru.Maxrss << 10
			p.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			if own, ok := bench.StatusKB("VmHWM"); ok && own<<10 >= p.rss {
				return p, fmt.Errorf("this process's own peak, %d MB, hides its child's (%d MB)", own>>10, p.rss>>20)
			}
			return p, nil
		case <-tick.C:
		}
	}
}
