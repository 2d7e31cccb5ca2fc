package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pairstat/pairstat/samples/synth"
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
