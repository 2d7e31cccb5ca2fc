package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/samples/synth"
	"github.com/pairstat/pairstat/transform"
)

// recorder keeps the events of a load that tell what was stored.
type recorder struct{ log strings.Builder }

func (r *recorder) Started(int) {}
func (r *recorder) Stored()     {}
func (r *recorder) Rows(int64)  {}
func (r *recorder) Finished()   {}
func (r *recorder) Loaded(name string, w []transform.Warning) {
	fmt.Fprintf(&r.log, "loaded %s, %d warning(s)\n", name, len(w))
}
func (r *recorder) Rejected(name string, p []*ingest.CellError) {
	fmt.Fprintf(&r.log, "rejected %s, %d problem(s)\n", name, len(p))
}
func (r *recorder) Ignored(name string) { fmt.Fprintf(&r.log, "ignored %s\n", name) }

func testOptions(workers int, r *recorder) Options {
	return Options{
		Workers:  workers,
		Problems: func(res *transform.Result) []*ingest.CellError { return res.Problems },
		ReadFailure: func(name string, err error) []*ingest.CellError {
			return []*ingest.CellError{{File: name, Err: err}}
		},
		Events: r,
	}
}

// testInbox writes an inbox of new ledgers, the same content twice and a
// note that is not a spreadsheet, all of them still for a while.
func testInbox(t *testing.T) string {
	t.Helper()
	inbox := t.TempDir()
	if _, err := synth.Inbox(inbox, 18, 150, 11); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(inbox, "产业共建项目台账-002.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(inbox, "产业共建项目台账-009b.xlsx"), data, 0o644))
	must(t, os.WriteFile(filepath.Join(inbox, "产业共建项目台账-012b.txt"), []byte("a note"), 0o644))
	must(t, filepath.WalkDir(inbox, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		old := time.Now().Add(-time.Minute)
		return os.Chtimes(path, old, old)
	}))
	return inbox
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func openTestDB(t *testing.T, cat *transform.Catalog) *queries.DB {
	t.Helper()
	ctx := context.Background()
	db, err := queries.Open(ctx, filepath.Join(t.TempDir(), "db.duckdb"), false)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	must(t, db.SyncCatalog(ctx, cat))
	return db
}

// state is what a load leaves behind: its events, summary and sources.
func state(t *testing.T, db *queries.DB, r *recorder, sum Summary) string {
	t.Helper()
	tab, err := db.Query(context.Background(), `SELECT id, path, status, coalesce(duplicate_of::VARCHAR, ''), coalesce(rows::VARCHAR, '') FROM sources ORDER BY id`)
	must(t, err)
	var b strings.Builder
	fmt.Fprintf(&b, "%s%+v\n", r.log.String(), sum)
	for _, row := range tab.Rows {
		fmt.Fprintln(&b, strings.Join(row, " | "))
	}
	return b.String()
}

// TestLoadGroups holds the writer back until the readers are ahead, so
// that the workbooks converted meanwhile are stored in groups, one
// transaction each: the result is that of storing them one by one.
func TestLoadGroups(t *testing.T) {
	ctx := context.Background()
	cat, err := transform.LoadCatalog("")
	must(t, err)
	inbox := testInbox(t)
	files, _, err := Find([]string{inbox}, "")
	must(t, err)

	seqDB, seq := openTestDB(t, cat), &recorder{}
	sum, err := Load(ctx, cat, seqDB, files, testOptions(1, seq))
	must(t, err)
	want := state(t, seqDB, seq, sum)

	db, grouped := openTestDB(t, cat), &recorder{}
	release, err := db.CacheSources(ctx)
	must(t, err)
	defer release()
	tasks, toRead, err := plan(ctx, db, files)
	must(t, err)
	const workers = 8
	p := startPipeline(ctx, cat, db, toRead, testOptions(workers, grouped))
	defer p.stop()
	for _, task := range toRead[:min(len(toRead), workers*filesAhead)] {
		<-task.finished // all that may be read ahead is converted
	}
	if n := len(p.group(tasks)); n < 2 {
		t.Errorf("the first group has %d workbook(s), want several", n)
	}
	sum, err = p.storeAll(tasks)
	must(t, err)
	if got := state(t, db, grouped, sum); got != want {
		t.Errorf("stored in groups:\n%s\nwant, as one by one:\n%s", got, want)
	}
	if !strings.Contains(want, "duplicate") {
		t.Errorf("no duplicate stored:\n%s", want)
	}
}

// TestGroupLeavesTheReadersWork: the writer waits for the conversions of
// the first half of the read-ahead window, and of the second half takes
// only the workbooks already converted. Waiting for the whole window held
// every slot while the group was stored, so the readers stood still.
func TestGroupLeavesTheReadersWork(t *testing.T) {
	ctx := context.Background()
	cat, err := transform.LoadCatalog("")
	must(t, err)
	p := &pipeline{ctx: ctx, cat: cat, db: openTestDB(t, cat), slots: make(chan struct{}, 8)}
	waitFor := cap(p.slots) / 2
	newTasks := func() []*task {
		tasks := make([]*task, cap(p.slots))
		for i := range tasks {
			name := fmt.Sprintf("ledger-%d.xlsx", i)
			tasks[i] = &task{f: File{Name: name, Spreadsheet: true}, ready: make(chan struct{}),
				src: queries.Source{Path: name, SHA256: fmt.Sprintf("%064d", i)}, stable: true,
				converted: true, res: &transform.Result{}}
			tasks[i].newConversion()
			close(tasks[i].ready)
		}
		return tasks
	}
	finish := func(ts ...*task) {
		for _, t := range ts {
			close(t.finished)
		}
	}
	group := func(tasks []*task) []*task {
		done := make(chan []*task, 1)
		go func() { done <- p.group(tasks) }()
		select {
		case g := <-done:
			return g
		case <-time.After(10 * time.Second):
			t.Fatal("the group still waits for a workbook not converted")
			return nil
		}
	}

	// The first half and one more are converted, the next is not: the group
	// ends before it, though a later one is converted too.
	tasks := newTasks()
	finish(tasks[:waitFor+1]...)
	finish(tasks[waitFor+2])
	if got := group(tasks); len(got) != waitFor+1 {
		t.Errorf("group of %d workbooks, want %d: the converted ones up to the first that is not", len(got), waitFor+1)
	}

	// Nothing converted yet: the group waits for the first half.
	tasks = newTasks()
	go func() {
		for _, t := range tasks[:waitFor] {
			time.Sleep(5 * time.Millisecond)
			finish(t)
		}
	}()
	if got := group(tasks); len(got) != waitFor {
		t.Errorf("group of %d workbooks, want the first %d, waited for", len(got), waitFor)
	}
}
