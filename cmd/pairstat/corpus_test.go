package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// wildCorpusDeadline is how long `pairstat check` may take on one file of
// the wild corpus: a file that takes longer hangs the reader.
const wildCorpusDeadline = 30 * time.Second

// wildCorpusDir is the corpus of real-world spreadsheets collected from
// other projects' test suites (see its SOURCES.md). It lives next to the
// repository, in shared/corpus/wild: CI clones the repository as
// <dir>/main beside <dir>/shared.
var wildCorpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "wild")

// rawLibraryError matches a cause that is a bare message of the zip or XML
// reader, with nothing saying what it means for the user: such messages
// are wrapped in words (and parentheses) by ingest.
var rawLibraryError = regexp.MustCompile(`: (EOF|unexpected EOF|zip: |XML syntax error)`)

// TestWildCorpus checks every file of the wild corpus in-process: pairstat
// must accept it or reject it with a message naming the file, never fail
// (status 1), panic or hang.
func TestWildCorpus(t *testing.T) {
	entries, err := os.ReadDir(wildCorpusDir)
	if os.IsNotExist(err) {
		t.Skipf("no wild corpus at %s", wildCorpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, e := range entries {
		if e.IsDir() || e.Name() == "SOURCES.md" {
			continue
		}
		files++
		path := filepath.Join(wildCorpusDir, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			checkWildFile(t, path)
		})
	}
	if files == 0 {
		t.Fatalf("no files in %s", wildCorpusDir)
	}
}

// wildResult is what one `pairstat check` printed and returned.
type wildResult struct {
	status         int
	stdout, stderr string
	panicked       string // the panic and its stack, if Do panicked
}

func checkWildFile(t *testing.T, path string) {
	done := make(chan wildResult, 1)
	start := time.Now()
	go func() {
		var r wildResult
		defer func() {
			if v := recover(); v != nil {
				r.panicked = fmt.Sprintf("%v\n%s", v, debug.Stack())
			}
			done <- r
		}()
		var stdout, stderr bytes.Buffer
		r.status = Do(t.Context(), []string{"check", "--lang", "en", path}, strings.NewReader(""), &stdout, &stderr)
		r.stdout, r.stderr = stdout.String(), stderr.String()
	}()
	var r wildResult
	select {
	case r = <-done:
	case <-time.After(wildCorpusDeadline):
		t.Fatalf("pairstat check %s did not finish within %v: a hang", path, wildCorpusDeadline)
	}
	t.Logf("status %d in %v", r.status, time.Since(start).Round(time.Millisecond))
	if r.panicked != "" {
		t.Fatalf("pairstat check %s panicked: %s", path, r.panicked)
	}
	name := filepath.ToSlash(path)
	if !strings.Contains(r.stdout, name) {
		t.Errorf("stdout does not name %s:\n%s", name, r.stdout)
	}
	switch r.status {
	case exitOK:
		m := regexp.MustCompile(regexp.QuoteMeta(name) + `: ok, (\d+) rows`).FindStringSubmatch(r.stdout)
		if m == nil || m[1] == "0" {
			t.Errorf("status 0, but stdout does not report rows read from %s:\n%s", name, r.stdout)
		}
	case exitRejected:
		problems := 0
		for _, line := range strings.Split(r.stdout, "\n") {
			if !strings.HasPrefix(line, "  - ") {
				continue
			}
			problems++
			if !strings.Contains(line, name) {
				t.Errorf("problem line does not name the file %s: %q", name, line)
			}
			if rawLibraryError.MatchString(line) {
				t.Errorf("problem line gives a bare reader error, not what it means: %q", line)
			}
		}
		if problems == 0 {
			t.Errorf("status 3, but no problem line (\"  - …\") on stdout:\n%s", r.stdout)
		}
	default:
		t.Errorf("status %d, want 0 (accepted) or 3 (rejected); stderr:\n%s\nstdout:\n%s", r.status, r.stderr, r.stdout)
	}
}
