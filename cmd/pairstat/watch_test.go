package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pairstat/pairstat/pipeline"
	"github.com/pairstat/pairstat/samples/synth"
)

// loadDeadline is how soon after a copy finishes the watcher must have
// loaded the file (issue 4): the file must first be still for pipeline.QuietPeriod.
// A binary built with -race reads workbooks several times slower, so there
// the deadline is doubled.
func loadDeadline() time.Duration {
	if raceEnabled() {
		return 4 * time.Second
	}
	return 2 * time.Second
}

// TestWatch runs `pairstat watch` as a process of its own on an empty inbox
// while another process keeps asking for the totals, and drops into the
// inbox (a) a workbook in a sub-folder created after the watcher started,
// (b) a larger workbook copied slowly, in chunks over three seconds, as a
// network copy writes it, and (c) a file that is not a workbook. Each
// workbook must be loaded exactly once, within loadDeadline of its copy
// finishing, the slow one never read half-written; the bad file is
// rejected once and the watcher keeps going. Every totals run must answer:
// none may fail on the database's file lock. Ctrl-C (SIGINT) ends the
// watcher with status 0.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	inbox, db := filepath.Join(dir, "inbox"), filepath.Join(dir, "pairstat.duckdb")
	must(t, os.Mkdir(inbox, 0o755))
	pairstatDo(t, exitOK, "ingest", "--db", db, inbox) // the database exists before the watcher starts

	// the workbooks to drop, written outside the inbox first
	small, large := filepath.Join(dir, "small.xlsx"), filepath.Join(dir, "large.xlsx")
	smallTotals, err := synth.Ledger(small, 150, 3)
	must(t, err)
	largeTotals, err := synth.Ledger(large, 1000, 4)
	must(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	watcher := pairstatCmd(ctx, "watch", "--db", db, "--lang", "en", inbox)
	stderr := &lines{}
	watcher.Stderr = stderr
	must(t, watcher.Start())
	exited, stopped := make(chan error, 1), false
	go func() { exited <- watcher.Wait() }()
	defer func() {
		if !stopped {
			watcher.Process.Kill()
			<-exited
		}
	}()
	if !stderr.waitFor("watching "+inbox, 30*time.Second) {
		t.Fatalf("the watcher did not start; stderr:\n%s", stderr)
	}

	// another terminal: totals, again and again, while the watcher runs
	readers := &reader{db: db}
	stopReaders := readers.start(ctx)

	// (a) a new sub-folder, and later a workbook dropped into it: the
	// watcher has looked at the inbox since the folder appeared, so only
	// a watch on the new folder tells it of the workbook in time
	must(t, os.MkdirAll(filepath.Join(inbox, "shixing", "2023"), 0o755))
	time.Sleep(2 * pipeline.QuietPeriod)
	copyFile(t, small, filepath.Join(inbox, "shixing", "2023", "始兴县项目台账.xlsx"))
	waitLoaded(t, readers, "shixing/2023/始兴县项目台账.xlsx", textTotals(smallTotals), time.Now(), stderr)

	// (c) a file that is not a workbook: rejected, and the watcher goes on
	writeFile(t, filepath.Join(inbox, "坏文件.xlsx"), []byte("PK\x03\x04 not really a workbook"))
	waitStatus(t, db, "坏文件.xlsx", "rejected", time.Now(), 10*time.Second, stderr)

	// (b) a larger workbook, copied slowly: 12 chunks, 250 ms apart
	slowCopy(t, large, filepath.Join(inbox, "tangxia", "塘厦镇项目台账.xlsx"), 12, 250*time.Millisecond)
	waitLoaded(t, readers, "tangxia/塘厦镇项目台账.xlsx", textTotals(smallTotals, largeTotals), time.Now(), stderr)

	// let the watcher look at the inbox a few more times: nothing is loaded again
	time.Sleep(3 * pipeline.QuietPeriod)
	answered := stopReaders()

	if err := watcher.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		stopped = true
		if err != nil {
			t.Errorf("after SIGINT the watcher exited with %v, want status 0; stderr:\n%s", err, stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the watcher did not stop within 30 s of SIGINT; stderr:\n%s", stderr)
	}
	if !strings.Contains(stderr.String(), "watch stopped") {
		t.Errorf("stderr:\n%s\nwant \"watch stopped\"", stderr)
	}

	for _, err := range readers.failures() {
		t.Error(err)
	}
	if answered < 3 {
		t.Errorf("only %d totals runs answered while the watcher ran", answered)
	}
	t.Logf("%d totals runs answered while the watcher ran", answered)
	sameRows(t, "sources", query(t, db, "SELECT path, status FROM sources ORDER BY id"), [][]string{
		{"path", "status"},
		{"shixing/2023/始兴县项目台账.xlsx", "loaded"},
		{"坏文件.xlsx", "rejected"},
		{"tangxia/塘厦镇项目台账.xlsx", "loaded"},
	})
	sameTotals(t, totalsOf(t, db), textTotals(smallTotals, largeTotals))
}

// slowCopy copies from to to in n chunks, pausing between them, as a slow
// network copy does; it returns when the copy is complete and closed.
func slowCopy(t *testing.T, from, to string, n int, pause time.Duration) {
	t.Helper()
	data, err := os.ReadFile(from)
	must(t, err)
	must(t, os.MkdirAll(filepath.Dir(to), 0o755))
	f, err := os.Create(to)
	must(t, err)
	size := (len(data) + n - 1) / n
	for len(data) > 0 {
		k := min(size, len(data))
		if _, err := f.Write(data[:k]); err != nil {
			f.Close()
			t.Fatal(err)
		}
		data = data[k:]
		if len(data) > 0 {
			time.Sleep(pause)
		}
	}
	must(t, f.Close())
}

// loadedLine is the watcher's report of a pass that loaded files.
var loadedLine = regexp.MustCompile(`(?m)^pairstat: [1-9][0-9]* loaded, `)

// waitLoaded waits until the totals the readers get are want, and fails
// unless the watcher loaded the file within loadDeadline of since. The
// moment of loading is when the watcher reports it on stderr, which it does
// right after the load's transaction commits; a totals run shows the load
// some time later, as long as that process takes to start and read, which
// on a busy machine is a good part of a second (logged, not asserted).
func waitLoaded(t *testing.T, r *reader, path string, want map[synth.Key]string, since time.Time, stderr *lines) {
	t.Helper()
	shown, ok := r.waitFor(want, 10*loadDeadline())
	if !ok {
		t.Fatalf("the totals do not show %s %v after its copy finished; watcher stderr:\n%s", path, 10*loadDeadline(), stderr)
	}
	loaded, ok := stderr.firstAfter(loadedLine, since)
	if !ok || loaded.After(shown) {
		t.Fatalf("the totals show %s, but the watcher did not report loading it; stderr:\n%s", path, stderr)
	}
	took := loaded.Sub(since)
	t.Logf("%s: loaded %v after its copy finished, shown by totals after %v", path,
		took.Round(time.Millisecond), shown.Sub(since).Round(time.Millisecond))
	if took > loadDeadline() {
		t.Errorf("%s: loaded %v after its copy finished, want within %v", path, took.Round(time.Millisecond), loadDeadline())
	}
}

// waitStatus polls the sources table, from a process of its own, until
// path has status; it fails on any other status, or after limit.
func waitStatus(t *testing.T, db, path, status string, since time.Time, limit time.Duration, stderr *lines) time.Duration {
	t.Helper()
	for {
		out, err := pairstatCmd(context.Background(), "query", "--db", db, "--format", "csv",
			"SELECT status FROM sources WHERE path = '"+path+"' ORDER BY id").Output()
		if err != nil {
			t.Fatalf("query while the watcher runs: %v", describeExit(err))
		}
		took := time.Since(since)
		switch got := strings.Fields(string(out)); {
		case len(got) == 2 && got[1] == status:
			return took
		case len(got) > 1:
			t.Fatalf("sources lists %s as %v, want one %s record; watcher stderr:\n%s", path, got[1:], status, stderr)
		}
		if took > limit {
			t.Fatalf("%s not %s after %v; watcher stderr:\n%s", path, status, limit, stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// reader runs `pairstat totals` in a loop, as someone at another terminal
// would, and keeps every answer and failure.
type reader struct {
	db      string
	mu      sync.Mutex
	errs    []error
	answers []answer
}

// answer is the output of one totals run and when it came.
type answer struct {
	at     time.Time
	totals map[synth.Key]string
}

// start begins the loop; the returned function stops it and returns how
// many runs answered.
func (r *reader) start(ctx context.Context) (stop func() int) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			cmd := pairstatCmd(context.Background(), "totals", "--db", r.db, "--format", "csv")
			var errOut strings.Builder
			cmd.Stderr = &errOut
			out, err := cmd.Output()
			var tot map[synth.Key]string
			if err == nil {
				tot, err = parseTotals(string(out))
			}
			r.mu.Lock()
			if err != nil {
				r.errs = append(r.errs, fmt.Errorf("totals while the watcher runs: %v; stderr: %s", describeExit(err), errOut.String()))
			} else {
				r.answers = append(r.answers, answer{time.Now(), tot})
			}
			r.mu.Unlock()
			select {
			case <-ctx.Done():
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	return func() int {
		cancel()
		<-done
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.answers)
	}
}

// waitFor waits until a totals run answers want, and returns when.
func (r *reader) waitFor(want map[synth.Key]string, limit time.Duration) (time.Time, bool) {
	deadline := time.Now().Add(limit)
	seen := 0
	for time.Now().Before(deadline) {
		r.mu.Lock()
		answers := r.answers[seen:]
		seen = len(r.answers)
		r.mu.Unlock()
		for _, a := range answers {
			if maps.Equal(a.totals, want) {
				return a.at, true
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Time{}, false
}

func (r *reader) failures() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.errs
}

// describeExit says how a process ended.
func describeExit(err error) string {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return "killed by " + ws.Signal().String()
		}
		return fmt.Sprintf("status %d: %s", exit.ExitCode(), strings.TrimSpace(string(exit.Stderr)))
	}
	return err.Error()
}

// lines collects a process's output, safe for concurrent use, noting when
// each write arrived.
type lines struct {
	mu     sync.Mutex
	buf    strings.Builder
	writes []write
}

type write struct {
	at   time.Time
	text string
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes = append(l.writes, write{time.Now(), string(p)})
	return l.buf.Write(p)
}

// firstAfter returns when output matching re first arrived after since.
func (l *lines) firstAfter(re *regexp.Regexp, since time.Time) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range l.writes {
		if w.at.After(since) && re.MatchString(w.text) {
			return w.at, true
		}
	}
	return time.Time{}, false
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// waitFor waits until the output holds s.
func (l *lines) waitFor(s string, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for !strings.Contains(l.String(), s) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}
