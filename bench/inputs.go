package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pairstat/pairstat/samples/synth"
)

// Seed is the synth seed of every benchmark input.
const Seed = 1

// Dir is the folder that keeps the generated inputs.
func Dir() string {
	if d := os.Getenv("PAIRSTAT_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "pairstat-bench")
}

var mu sync.Mutex // one generator at a time within a process

// Ledger returns the path of a project ledger of rows rows, writing it on
// first use.
func Ledger(tb testing.TB, rows int) string {
	tb.Helper()
	path, err := MakeLedger(rows)
	return must(tb, path, err)
}

// Inbox returns the folder of an inbox of files ledgers of rows rows each,
// writing it on first use.
func Inbox(tb testing.TB, files, rows int) string {
	tb.Helper()
	path, err := MakeInbox(files, rows)
	return must(tb, path, err)
}

// Mixed returns the folder of an inbox of files workbooks of every sheet
// kind in turn (synth.Mixed; ledgers of rows rows), writing it on first
// use.
func Mixed(tb testing.TB, files, rows int) string {
	tb.Helper()
	path, err := MakeMixed(files, rows)
	return must(tb, path, err)
}

// MakeMixed is Mixed outside a test.
func MakeMixed(files, rows int) (string, error) {
	path := filepath.Join(Dir(), fmt.Sprintf("mixed-%dx%d", files, rows))
	return path, make1(path, func(tmp string) error {
		return synth.Mixed(tmp, files, rows, Seed)
	})
}

// MakeLedger is Ledger outside a test.
func MakeLedger(rows int) (string, error) {
	path := filepath.Join(Dir(), fmt.Sprintf("ledger-%d.xlsx", rows))
	return path, make1(path, func(tmp string) error {
		_, err := synth.Ledger(tmp, rows, Seed)
		return err
	})
}

// MakeInbox is Inbox outside a test.
func MakeInbox(files, rows int) (string, error) {
	path := filepath.Join(Dir(), fmt.Sprintf("inbox-%dx%d", files, rows))
	return path, make1(path, func(tmp string) error {
		_, err := synth.Inbox(tmp, files, rows, Seed)
		return err
	})
}

// TextLedger returns the path of a text-heavy ledger of rows rows
// (synth.TextLedger: shared strings as Excel and WPS save them), writing it
// on first use.
func TextLedger(tb testing.TB, rows int) string {
	tb.Helper()
	path, err := MakeTextLedger(rows)
	return must(tb, path, err)
}

// TextInbox returns the folder of an inbox of files text-heavy ledgers of
// rows rows each, writing it on first use.
func TextInbox(tb testing.TB, files, rows int) string {
	tb.Helper()
	path, err := MakeTextInbox(files, rows)
	return must(tb, path, err)
}

// MakeTextLedger is TextLedger outside a test.
func MakeTextLedger(rows int) (string, error) {
	path := filepath.Join(Dir(), fmt.Sprintf("text-ledger-%d.xlsx", rows))
	return path, make1(path, func(tmp string) error {
		return synth.TextLedger(tmp, rows, Seed)
	})
}

// MakeTextInbox is TextInbox outside a test.
func MakeTextInbox(files, rows int) (string, error) {
	path := filepath.Join(Dir(), fmt.Sprintf("text-inbox-%dx%d", files, rows))
	return path, make1(path, func(tmp string) error {
		return synth.TextInbox(tmp, files, rows, Seed)
	})
}

// make1 writes path through write under a temporary name and renames it,
// so that a run killed while generating leaves nothing half-written. The
// files are dated a minute back: pairstat reads only files that have been
// still for a second.
func make1(path string, write func(tmp string) error) error {
	mu.Lock()
	defer mu.Unlock()
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	os.RemoveAll(tmp)
	if err := write(tmp); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("generate %s: %w", path, err)
	}
	past := time.Now().Add(-time.Minute)
	err := filepath.Walk(tmp, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, past, past)
	})
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.RemoveAll(tmp)
	}
	return err
}

// Files lists the .xlsx files under dir (a file is itself), in name order.
func Files(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && filepath.Ext(p) == ".xlsx" {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// Size is the total size in bytes of the files.
func Size(tb testing.TB, files []string) int64 {
	tb.Helper()
	var n int64
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			tb.Fatal(err)
		}
		n += info.Size()
	}
	return n
}

// must returns path, failing tb if err is not nil.
func must(tb testing.TB, path string, err error) string {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
	return path
}
