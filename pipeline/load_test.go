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
