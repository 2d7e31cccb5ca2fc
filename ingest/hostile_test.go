package ingest_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/ingest/hostile"
)

// readAll opens the workbook at path and reads every row of every sheet,
// returning the first error.
func readAll(path, name string, lim ingest.Limits) (rows int, err error) {
	wb, err := ingest.OpenWithLimits(path, name, lim)
	if err != nil {
		return 0, err
	}
	defer wb.Close()
	for _, sheet := range wb.Sheets() {
		rs, err := wb.Rows(sheet)
		if err != nil {
			return rows, err
		}
		for rs.Next() {
			rows++
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return rows, err
		}
	}
	return rows, nil
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// TestHostileWorkbooks reads every hostile case through ingest: each ends
// as its case says, within seconds. (cmd/pairstat's TestHostileInputs runs
// them through the whole command in a process of its own and measures its
// memory.)
func TestHostileWorkbooks(t *testing.T) {
	dir := t.TempDir()
	for _, c := range hostile.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			if raceEnabled() && (c.Size() > 10<<20 || len(c.Parts) > 1000) {
				// The census runs on one goroutine: there is nothing for
				// -race to find, and it makes these take minutes.
				t.Skip("large case, skipped under -race")
			}
			path := filepath.Join(dir, c.Name+".xlsx")
			if err := hostile.WriteFile(path, c.Parts); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err := readAll(path, c.Name+".xlsx", ingest.Limits{})
			took := time.Since(start)
			info, _ := os.Stat(path)
			t.Logf("%s (%d KB on disk, %d MB unpacked): %v in %v", c.Name, info.Size()>>10, c.Size()>>20, err, took.Round(time.Millisecond))
			if limit := 20 * time.Second; took > limit && !raceEnabled() { // -race slows reading down 5 to 10 times
				t.Errorf("took %v, more than %v", took, limit)
			}
			switch c.Outcome {
			case hostile.Loads, hostile.NoSheet:
				if err != nil {
					t.Fatalf("error %v, want the workbook read", err)
				}
				return
			case hostile.Limit:
				if !errors.Is(err, ingest.ErrLimit) {
					t.Fatalf("error %v, want one wrapping ErrLimit", err)
				}
			case hostile.Damaged:
				if !errors.Is(err, ingest.ErrDamaged) {
					t.Fatalf("error %v, want one wrapping ErrDamaged", err)
				}
			}
			var ce *ingest.CellError
			if !errors.As(err, &ce) || ce.File != c.Name+".xlsx" || ce.Fix == "" || ce.FixZh == "" {
				t.Errorf("error %v is not a *CellError naming the file, with advice", err)
			}
			if !strings.Contains(err.Error(), c.Says) {
				t.Errorf("message %q does not say %q", err, c.Says)
			}
		})
	}
}
