package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/pairstat/pairstat/samples/synth"
)

// The crash test's inbox and trials. An ingest here loads roughly 7,000
// rows a second plus 75 ms a workbook on an idle 2-core machine, so this
// inbox takes about 3 s to load and the whole test a little over a minute.
// Built with -race, pairstat runs several times slower: the workbooks are
// smaller then, so that the same number of kills stays affordable.
const (
	crashFiles    = 20
	crashRows     = 1000
	crashRowsRace = 200
	crashTrials   = 20 // runs killed before they finished
)

// TestCrashRecovery kills `pairstat ingest` with SIGKILL at random moments
// (seeded, spread over a clean run's duration) and checks that the next
// run completes the database to the clean run's totals, byte for byte,
// with every workbook loaded exactly once (SPEC §4: a run interrupted at any
// moment leaves a database that the next run completes).
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("kills ingest runs of a large inbox; skipped with -short")
	}
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	rows := crashRows
	if raceEnabled() {
		rows = crashRowsRace
	}
	want, err := synth.Inbox(inbox, crashFiles, rows, 2024)
	must(t, err)
	age(t, inbox)

	// the clean run, as a process, timed
	took, cleanTotals := cleanIngest(t, dir, inbox)
	got, err := parseTotals(cleanTotals)
	must(t, err)
	sameTotals(t, got, textTotals(want))
	t.Logf("clean ingest of %d workbooks × %d rows: %v", crashFiles, rows, took.Round(time.Millisecond))

	rng := rand.New(rand.NewPCG(20260101, 4))
	summary := regexp.MustCompile(`(?m)^pairstat: (\d+) loaded, (\d+) unchanged, 0 duplicate, 0 rejected, 0 ignored$`)
	killed, atKill := 0, []int{}
	for trial := 0; killed < crashTrials; trial++ {
		if trial == 2*crashTrials {
			t.Fatalf("only %d of %d runs were killed before they finished", killed, trial)
		}
		db := filepath.Join(dir, fmt.Sprintf("trial-%02d.duckdb", trial))
		delay := time.Duration(rng.Int64N(int64(took) * 9 / 10))
		wasKilled, stderr := killAfter(t, delay, "ingest", "--db", db, inbox)
		if !wasKilled {
			t.Logf("trial %d: the run finished before the kill at %v", trial, delay.Round(time.Millisecond))
		}

		r := pairstatDo(t, exitOK, "ingest", "--db", db, "--lang", "en", inbox)
		m := summary.FindStringSubmatch(r.stderr)
		if m == nil {
			t.Fatalf("trial %d (killed after %v): the next run says:\n%s", trial, delay.Round(time.Millisecond), r.stderr)
		}
		loaded, unchanged := atoi(m[1]), atoi(m[2])
		if loaded+unchanged != crashFiles {
			t.Errorf("trial %d: the next run found %d loaded and %d unchanged, want %d in all", trial, loaded, unchanged, crashFiles)
		}
		if wasKilled {
			killed++
			atKill = append(atKill, unchanged)
		}
		if got := pairstatDo(t, exitOK, "totals", "--db", db, "--format", "csv").stdout; got != cleanTotals {
			t.Errorf("trial %d (killed after %v with %d workbooks loaded): totals differ from the clean run's:\n%s\nwant:\n%s\nkilled run's stderr:\n%s",
				trial, delay.Round(time.Millisecond), unchanged, got, cleanTotals, stderr)
		}
		sameRows(t, fmt.Sprintf("trial %d: sources", trial), query(t, db,
			`SELECT count(DISTINCT path) AS paths, count(*) AS records, count(*) FILTER (WHERE status = 'loaded') AS loaded
			 FROM sources`),
			[][]string{{"paths", "records", "loaded"}, {strconv.Itoa(crashFiles), strconv.Itoa(crashFiles), strconv.Itoa(crashFiles)}})
		os.Remove(db)
	}
	t.Logf("workbooks already loaded when each of the %d runs was killed: %v", killed, atKill)
}

// killAfter starts pairstat as a process, kills it with SIGKILL after
// delay, and reports whether the kill ended it (rather than the run
// finishing first), with what it wrote to stderr.
func killAfter(t *testing.T, delay time.Duration, args ...string) (bool, string) {
	t.Helper()
	cmd := pairstatCmd(context.Background(), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	time.Sleep(delay)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true, stderr.String()
		}
	}
	if err != nil {
		t.Fatalf("ingest ended with %v before it was killed:\n%s", err, stderr.String())
	}
	return false, stderr.String()
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

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// cleanIngest ingests inbox into a new database under dir, as a process of
// its own, and returns how long it took and the totals as CSV.
func cleanIngest(t *testing.T, dir, inbox string) (time.Duration, string) {
	t.Helper()
	clean := filepath.Join(dir, "clean.duckdb")
	start := time.Now()
	if out, err := pairstatCmd(context.Background(), "ingest", "--db", clean, inbox).CombinedOutput(); err != nil {
		t.Fatalf("clean ingest: %v\n%s", err, out)
	}
	took := time.Since(start)
	return took, pairstatDo(t, exitOK, "totals", "--db", clean, "--format", "csv").stdout
}
