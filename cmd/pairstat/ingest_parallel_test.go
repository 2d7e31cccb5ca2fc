package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/samples/synth"
	"github.com/pairstat/pairstat/transform"
)

// parallelInbox writes an inbox whose files exercise every way a file
// goes: new ledgers, a workbook to reject among them, the same content
// twice, a note that is not a spreadsheet.
func parallelInbox(t *testing.T) string {
	t.Helper()
	inbox := t.TempDir()
	_, err := synth.Inbox(inbox, 18, 150, 11)
	must(t, err)
	fundLedger(t, filepath.Join(inbox, "产业共建项目台账-005b.xlsx"), 2023, "12", "abc", "7")
	copyFile(t, filepath.Join(inbox, "产业共建项目台账-002.xlsx"), filepath.Join(inbox, "产业共建项目台账-009b.xlsx"))
	writeFile(t, filepath.Join(inbox, "产业共建项目台账-012b.txt"), []byte("a note"))
	age(t, inbox)
	return inbox
}

// ingestState is what an ingest leaves behind: its messages and summary,
// the sources table and the totals.
func ingestState(t *testing.T, db string, r result) string {
	t.Helper()
	sources := query(t, db, `SELECT id, path, status, coalesce(duplicate_of::VARCHAR, ''), coalesce(rows::VARCHAR, '') FROM sources ORDER BY id`)
	totals := pairstatDo(t, exitOK, "totals", "--db", db, "--format", "csv").stdout
	return fmt.Sprintf("stderr:\n%s\nsources:\n%s\ntotals:\n%s", r.stderr, table(sources), totals)
}

// TestIngestJobsSameResult loads the same inbox with one workbook read at
// a time and with several: messages, source ids, statuses and totals are
// the same, as the writer stores the files in order.
func TestIngestJobsSameResult(t *testing.T) {
	inbox := parallelInbox(t)
	var want string
	for _, jobs := range []string{"1", "2", "5"} {
		db := dbPath(t)
		r := ingestInbox(t, db, inbox, exitRejected, "--jobs", jobs)
		wantSummary(t, r, "18 loaded, 0 unchanged, 1 duplicate, 1 rejected, 1 ignored")
		got := ingestState(t, db, r)
		if jobs == "1" {
			want = got
			continue
		}
		if got != want {
			t.Errorf("--jobs %s:\n%s\nwant, as with --jobs 1:\n%s", jobs, got, want)
		}
	}
}

// TestIngestGroups holds the writer back until the readers are ahead, so
// that the workbooks converted meanwhile are stored in groups, one
// transaction each: the result is that of storing them one by one.
func TestIngestGroups(t *testing.T) {
	inbox := parallelInbox(t)
	seqDB := dbPath(t)
	want := ingestState(t, seqDB, ingestInbox(t, seqDB, inbox, exitRejected, "--jobs", "1"))

	ctx := context.Background()
	db := dbPath(t)
	var stderr bytes.Buffer
	g := &globals{db: db, lang: "en", stdout: &bytes.Buffer{}, stderr: &stderr, jobs: 8}
	err := g.withDB(ctx, false, func(cat *transform.Catalog, qdb *queries.DB) error {
		files, _, err := findInputs([]string{inbox}, db)
		must(t, err)
		release, err := qdb.CacheSources(ctx)
		must(t, err)
		defer release()
		tasks, toRead, err := plan(ctx, qdb, files)
		must(t, err)
		p := startPipeline(ctx, cat, qdb, toRead, g.jobs, false)
		defer p.stop()
		for _, task := range toRead[:min(len(toRead), g.jobs*filesAhead)] {
			<-task.finished // all that may be read ahead is converted
		}
		if n := len(p.group(tasks)); n < 2 {
			t.Errorf("the first group has %d workbook(s), want several", n)
		}
		sum, err := p.storeAll(tasks, g)
		if err != nil {
			return err
		}
		fmt.Fprintln(g.stderr, sum.text(g.lang))
		return nil
	})
	must(t, err)
	if got := ingestState(t, db, result{stderr: stderr.String()}); got != want {
		t.Errorf("stored in groups:\n%s\nwant, as one by one:\n%s", got, want)
	}
}
