package main

import (
	"bytes"
	"context"
	"errors"
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
// sends on `systemctl stop`) halfway through a clean run's duration: the
// process ends by itself with status 1 (a run that did not finish), each
// workbook stored or not at all (one transaction each), and the next run
// completes the database to the clean run's totals, byte for byte.
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

	db := filepath.Join(dir, "term.duckdb")
	cmd := pairstatCmd(context.Background(), "ingest", "--db", db, inbox)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	time.Sleep(took / 2)
	must(t, cmd.Process.Signal(syscall.SIGTERM))
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFailure {
		t.Fatalf("ingest after SIGTERM at %v (a clean run takes %v): %v, want exit status %d\n%s",
			(took / 2).Round(time.Millisecond), took.Round(time.Millisecond), err, exitFailure, stderr.String())
	}
	if !strings.HasSuffix(stderr.String(), "pairstat: interrupted before the end; what was loaded stays loaded, the next run loads the rest\n") {
		t.Errorf("ingest after SIGTERM says:\n%s", stderr.String())
	}

	r := pairstatDo(t, exitOK, "ingest", "--db", db, "--lang", "en", inbox)
	m := regexp.MustCompile(`(?m)^pairstat: (\d+) loaded, (\d+) unchanged, 0 duplicate, 0 rejected, 0 ignored$`).FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("the run after SIGTERM says:\n%s", r.stderr)
	}
	loaded, unchanged := atoi(m[1]), atoi(m[2])
	if loaded+unchanged != termFiles || unchanged == 0 || loaded == 0 {
		t.Errorf("the run after SIGTERM found %d loaded and %d unchanged: want both above 0, %d in all", loaded, unchanged, termFiles)
	}
	t.Logf("clean ingest of %d workbooks: %v; SIGTERM at %v left %d loaded", termFiles, took.Round(time.Millisecond), (took / 2).Round(time.Millisecond), unchanged)
	if got := pairstatDo(t, exitOK, "totals", "--db", db, "--format", "csv").stdout; got != cleanTotals {
		t.Errorf("totals after SIGTERM and a second run differ from the clean run's:\n%s\nwant:\n%s\nstopped run's stderr:\n%s", got, cleanTotals, stderr.String())
	}
	files := strconv.Itoa(termFiles)
	sameRows(t, "sources", query(t, db,
		`SELECT count(DISTINCT path) AS paths, count(*) AS records, count(*) FILTER (WHERE status = 'loaded') AS loaded
		 FROM sources`),
		[][]string{{"paths", "records", "loaded"}, {files, files, files}})
}
