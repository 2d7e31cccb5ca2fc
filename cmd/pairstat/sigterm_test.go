package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pairstat/pairstat/samples/synth"
)

// The SIGTERM test's inbox: many small workbooks, so that the signal
// lands between loads with some stored and many still to come.
const (
	termFiles = 120
	termRows  = 40
)

// TestSIGTERMMidIngest stops `pairstat ingest` with SIGTERM (what systemd
// sends on `systemctl stop`) halfway through a clean run's work: the
// process ends by itself with status 1 (a run that did not finish), each
// workbook stored or not at all (one transaction each), and the next run
// completes the database to the clean run's totals, byte for byte. The
// signal is timed, first at the middle of a clean run; what the next run
// finds tells whether it landed too early (nothing stored yet: the process
// may not even handle signals yet) or too late (everything stored: the
// process may be exiting, most of a second under -race), and then it is
// sent again, to a new database, halfway between the two.
func TestSIGTERMMidIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a large inbox three times; skipped with -short")
	}
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	_, err := synth.Inbox(inbox, termFiles, termRows, 17)
	must(t, err)
	age(t, inbox)

	took, cleanTotals := cleanIngest(t, dir, inbox)
	summary := regexp.MustCompile(`(?m)^pairstat: (\d+) loaded, (\d+) unchanged, 0 duplicate, 0 rejected, 0 ignored$`)
	early, late := time.Duration(0), took
	for attempt := 1; ; attempt++ {
		after := early + (late-early)/2
		db := filepath.Join(dir, "term"+strconv.Itoa(attempt)+".duckdb")
		stderr, err := interruptIngest(t, db, inbox, after)
		r := pairstatDo(t, exitOK, "ingest", "--db", db, "--lang", "en", inbox)
		m := summary.FindStringSubmatch(r.stderr)
		if m == nil {
			t.Fatalf("the run after SIGTERM says:\n%s", r.stderr)
		}
		loaded, unchanged := atoi(m[1]), atoi(m[2])
		t.Logf("clean ingest of %d workbooks: %v; SIGTERM at %v (%v) left %d loaded",
			termFiles, took.Round(time.Millisecond), after.Round(time.Millisecond), err, unchanged)
		if loaded+unchanged != termFiles {
			t.Fatalf("the run after SIGTERM found %d loaded and %d unchanged: want %d in all", loaded, unchanged, termFiles)
		}
		if unchanged == 0 || loaded == 0 {
			if attempt == 8 {
				t.Fatalf("no SIGTERM landed during the load in %d attempts (a clean run takes %v)", attempt, took.Round(time.Millisecond))
			}
			if unchanged == 0 {
				early = after
			} else {
				late = after
			}
			continue
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) || !exit.Exited() || exit.ExitCode() != exitFailure {
			t.Fatalf("ingest after SIGTERM at %v (a clean run takes %v): %v, want exit status %d\n%s",
				after.Round(time.Millisecond), took.Round(time.Millisecond), err, exitFailure, stderr)
		}
		if !strings.HasSuffix(stderr, "pairstat: interrupted before the end; what was loaded stays loaded, the next run loads the rest\n") {
			t.Errorf("ingest after SIGTERM says:\n%s", stderr)
		}
		if got := pairstatDo(t, exitOK, "totals", "--db", db, "--format", "csv").stdout; got != cleanTotals {
			t.Errorf("totals after SIGTERM and a second run differ from the clean run's:\n%s\nwant:\n%s\nstopped run's stderr:\n%s", got, cleanTotals, stderr)
		}
		checkLoadedOnce(t, db)
		return
	}
}

// interruptIngest runs `pairstat ingest` of inbox into db, sending it
// SIGTERM after the given time; it returns what the run wrote to stderr and
// how it ended (cmd.Wait's error).
func interruptIngest(t *testing.T, db, inbox string, after time.Duration) (string, error) {
	t.Helper()
	cmd := pairstatCmd(context.Background(), "ingest", "--db", db, inbox)
	var out bytes.Buffer
	cmd.Stderr = &out
	must(t, cmd.Start())
	time.Sleep(after)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	err := cmd.Wait()
	return out.String(), err
}

// checkLoadedOnce checks that db records every workbook of the inbox once,
// loaded.
func checkLoadedOnce(t *testing.T, db string) {
	t.Helper()
	files := strconv.Itoa(termFiles)
	sameRows(t, "sources", query(t, db,
		`SELECT count(DISTINCT path) AS paths, count(*) AS records, count(*) FILTER (WHERE status = 'loaded') AS loaded
		 FROM sources`),
		[][]string{{"paths", "records", "loaded"}, {files, files, files}})
}
