package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/samples/synth"
)

// The tests of this file check SPEC §4 (nothing lost, nothing counted
// twice) end to end: they write inboxes of workbooks, run pairstat on them
// in-process through Do, and compare its totals with what the inbox must
// give. Every run also checks that the inputs are byte-identical (content
// and modification time) afterwards.

// TestInboxTotalsMatchGenerator ingests a generated inbox of both regions
// (region in the title, or only in the sub-folder) and compares every total
// with the generator's own.
func TestInboxTotalsMatchGenerator(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	want, err := synth.Inbox(inbox, 12, 300, 7)
	if err != nil {
		t.Fatal(err)
	}
	age(t, inbox)
	r := ingestInbox(t, db, inbox, exitOK)
	wantSummary(t, r, "12 loaded, 0 unchanged, 0 duplicate, 0 rejected, 0 ignored")
	sameTotals(t, totalsOf(t, db), textTotals(want))
}

// TestInboxDuplicateContent drops the same workbook twice in one inbox and
// once more later under a third name: it loads once, the copies are listed
// as duplicates of it, and the totals do not change.
func TestInboxDuplicateContent(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	a := ledger(t, inbox, "a.xlsx", 60, 2)
	b := ledger(t, inbox, "b.xlsx", 40, 3)
	copyFile(t, filepath.Join(inbox, "a.xlsx"), filepath.Join(inbox, "tangxia", "a-副本.xlsx"))
	age(t, inbox)
	r := ingestInbox(t, db, inbox, exitOK)
	wantSummary(t, r, "2 loaded, 0 unchanged, 1 duplicate, 0 rejected, 0 ignored")
	want := textTotals(a, b)
	sameTotals(t, totalsOf(t, db), want)

	copyFile(t, filepath.Join(inbox, "a.xlsx"), filepath.Join(inbox, "重发", "a (1).xlsx"))
	age(t, inbox)
	r = ingestInbox(t, db, inbox, exitOK)
	wantSummary(t, r, "0 loaded, 2 unchanged, 2 duplicate, 0 rejected, 0 ignored")
	sameTotals(t, totalsOf(t, db), want)

	got := query(t, db, `SELECT s.path, s.status, d.path AS duplicate_of FROM sources s
		LEFT JOIN sources d ON d.id = s.duplicate_of ORDER BY s.path`)
	sameRows(t, "sources", got, [][]string{
		{"path", "status", "duplicate_of"},
		{"a.xlsx", "loaded", ""},
		{"b.xlsx", "loaded", ""},
		{"tangxia/a-副本.xlsx", "duplicate", "a.xlsx"},
		{"重发/a (1).xlsx", "duplicate", "a.xlsx"},
	})
	if n := query(t, db, "SELECT count(*) FROM projects")[1][0]; n != strconv.Itoa(60+40+2) { // + two 合计 rows
		t.Errorf("projects table has %s rows, want 102 (two ledgers of 60 and 40 projects, each with a 合计 row)", n)
	}
}

// TestInboxCorrectedVersion drops a corrected workbook under the same name:
// its rows replace the earlier version's, whose record stays as superseded.
// Sending the first version again brings its figures back.
func TestInboxCorrectedVersion(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	const name = "shixing/始兴县项目台账.xlsx"
	other := ledger(t, inbox, "塘厦镇项目台账.xlsx", 80, 2)
	v1 := ledger(t, inbox, name, 80, 5)
	age(t, inbox)
	wantSummary(t, ingestInbox(t, db, inbox, exitOK), "2 loaded, 0 unchanged, 0 duplicate, 0 rejected, 0 ignored")
	sameTotals(t, totalsOf(t, db), textTotals(other, v1))

	v2 := ledger(t, inbox, name, 95, 7) // the corrected version: other projects, other amounts
	age(t, inbox)
	wantSummary(t, ingestInbox(t, db, inbox, exitOK), "1 loaded, 1 unchanged, 0 duplicate, 0 rejected, 0 ignored")
	sameTotals(t, totalsOf(t, db), textTotals(other, v2))
	history := `SELECT s.status, n.status AS superseded_by, s.rows > 0 AS has_rows,
		(SELECT count(*) FROM projects p WHERE p.source_id = s.id) AS projects
		FROM sources s LEFT JOIN sources n ON n.id = s.superseded_by
		WHERE s.path = '` + name + `' ORDER BY s.id`
	sameRows(t, "history of "+name, query(t, db, history), [][]string{
		{"status", "superseded_by", "has_rows", "projects"},
		{"superseded", "loaded", "true", "0"},
		{"loaded", "", "true", "96"},
	})

	// the first version sent again under the same name replaces the second
	ledger(t, inbox, name, 80, 5)
	age(t, inbox)
	wantSummary(t, ingestInbox(t, db, inbox, exitOK), "1 loaded, 1 unchanged, 0 duplicate, 0 rejected, 0 ignored")
	sameTotals(t, totalsOf(t, db), textTotals(other, v1))
	sameRows(t, "history of "+name, query(t, db, history), [][]string{
		{"status", "superseded_by", "has_rows", "projects"},
		{"superseded", "superseded", "true", "0"},
		{"superseded", "loaded", "true", "0"},
		{"loaded", "", "true", "81"},
	})
}

// TestInboxRejectsWholeWorkbook drops a workbook with one bad cell beside
// good ones: it is rejected whole (its good sheet is not loaded either), the
// others load, the exit status is 3, and stderr and the rejects table name
// file, sheet, cell and fix. Once corrected, it loads.
func TestInboxRejectsWholeWorkbook(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	projects := ledger(t, inbox, "shixing/始兴县项目台账.xlsx", 120, 9)
	fundLedger(t, filepath.Join(inbox, "始兴县帮扶资金台账.xlsx"), 2023, "300", "150.5", "45")
	const bad = "始兴县帮扶资金台账-2024.xlsx"
	// the bad workbook: its fund ledger has "abc" in D5, and a second sheet
	// holds a correct project ledger that must not load either
	badPath := filepath.Join(inbox, bad)
	fundLedger(t, badPath, 2024, "100", "abc", "30")
	addProjectSheet(t, badPath)
	age(t, inbox)

	r := ingestInbox(t, db, inbox, exitRejected)
	wantSummary(t, r, "2 loaded, 0 unchanged, 0 duplicate, 1 rejected, 0 ignored")
	want := textTotals(projects)
	want[synth.Key{Year: 2023, Region: "shixing", Indicator: "assistance_funds"}] = "495.5"
	want[synth.Key{Year: 2023, Region: "all", Indicator: "assistance_funds"}] = "495.5"
	sameTotals(t, totalsOf(t, db), want)

	// one problem, recorded and printed alike
	rejects := query(t, db, "SELECT file, sheet, cell, value, reason, fix FROM rejects ORDER BY rowid")
	if len(rejects) != 2 {
		t.Fatalf("rejects table:\n%v\nwant one line", rejects)
	}
	rj := rejects[1]
	if rj[0] != bad || rj[1] != "帮扶资金" || rj[2] != "D5" || rj[3] != "abc" || rj[4] == "" || rj[5] == "" {
		t.Errorf("rejects line %q, want file %s, sheet 帮扶资金, cell D5, value abc, a reason and a fix", rj, bad)
	}
	line := fmt.Sprintf("  %s: sheet %s: cell %s: %s (fix: %s)\n", rj[0], rj[1], rj[2], rj[4], rj[5])
	if !strings.Contains(r.stderr, "rejected "+bad) || !strings.Contains(r.stderr, line) {
		t.Errorf("stderr:\n%s\nwant the rejection of %s and the line\n%s", r.stderr, bad, line)
	}
	// nothing of the rejected workbook in any table
	id := query(t, db, "SELECT id FROM sources WHERE path = '"+bad+"' AND status = 'rejected'")
	if len(id) != 2 {
		t.Fatalf("sources has no rejected record of %s: %v", bad, query(t, db, "SELECT * FROM sources"))
	}
	for _, table := range []string{"sheets", "projects", "funds", "assistance", "figures"} {
		if n := query(t, db, "SELECT count(*) FROM "+table+" WHERE source_id = "+id[1][0])[1][0]; n != "0" {
			t.Errorf("%s holds %s rows of the rejected workbook", table, n)
		}
	}

	// a re-run prints the rejection again, the same
	if again := ingestInbox(t, db, inbox, exitRejected); !strings.Contains(again.stderr, line) {
		t.Errorf("stderr of a re-run:\n%s\nwant the line\n%s", again.stderr, line)
	}

	// in Chinese, the message names the same place and says how to fix it
	r = ingestInbox(t, dbPath(t), inbox, exitRejected, "--lang", "zh")
	for _, part := range []string{"拒收 " + bad, "工作表「帮扶资金」", "单元格 D5", "「abc」不是数字", "修改方法："} {
		if !strings.Contains(r.stderr, part) {
			t.Errorf("stderr (zh):\n%s\nwant %q", r.stderr, part)
		}
	}

	// corrected under the same name, it loads, and its history is kept
	fundLedger(t, badPath, 2024, "100", "20.25", "30")
	addProjectSheet(t, badPath)
	age(t, inbox)
	wantSummary(t, ingestInbox(t, db, inbox, exitOK), "1 loaded, 2 unchanged, 0 duplicate, 0 rejected, 0 ignored")
	want[synth.Key{Year: 2024, Region: "shixing", Indicator: "assistance_funds"}] = "150.25"
	want[synth.Key{Year: 2024, Region: "all", Indicator: "assistance_funds"}] = "150.25"
	addTotals(want, extraProjects)
	sameTotals(t, totalsOf(t, db), want)
	sameRows(t, "history of "+bad, query(t, db, "SELECT status FROM sources WHERE path = '"+bad+"' ORDER BY id"),
		[][]string{{"status"}, {"superseded"}, {"loaded"}})
}

// TestInboxIgnoresLockAndHiddenFiles puts Excel lock files, hidden files and
// hidden folders (holding workbooks that would change the totals) and a
// note beside a ledger: the lock and hidden files are passed over silently,
// the note is recorded as ignored.
func TestInboxIgnoresLockAndHiddenFiles(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	want := ledger(t, inbox, "tangxia/塘厦镇项目台账.xlsx", 50, 2)
	lock := append([]byte{0x0c}, []byte("statistician")...) // what Excel leaves: an owner file, not a workbook
	writeFile(t, filepath.Join(inbox, "tangxia", "~$塘厦镇项目台账.xlsx"), append(lock, make([]byte, 152)...))
	writeFile(t, filepath.Join(inbox, "~$说明.txt"), lock)
	ledger(t, inbox, ".塘厦镇项目台账-草稿.xlsx", 30, 4)
	ledger(t, inbox, ".hidden/始兴县项目台账.xlsx", 30, 5)
	ledger(t, inbox, "shixing/.cache/始兴县项目台账.xlsx", 30, 7)
	writeFile(t, filepath.Join(inbox, "说明.txt"), []byte("2023年数据，请查收。\n"))
	age(t, inbox)

	r := ingestInbox(t, db, inbox, exitOK)
	wantSummary(t, r, "1 loaded, 0 unchanged, 0 duplicate, 0 rejected, 1 ignored")
	for _, name := range []string{"~$", ".塘厦镇", ".hidden", ".cache"} {
		if strings.Contains(r.stderr, name) {
			t.Errorf("stderr mentions %s:\n%s", name, r.stderr)
		}
	}
	sources := [][]string{{"path", "status"}, {"tangxia/塘厦镇项目台账.xlsx", "loaded"}, {"说明.txt", "ignored"}}
	sameRows(t, "sources", query(t, db, "SELECT path, status FROM sources ORDER BY path"), sources)
	sameTotals(t, totalsOf(t, db), textTotals(want))

	r = ingestInbox(t, db, inbox, exitOK)
	wantSummary(t, r, "0 loaded, 1 unchanged, 0 duplicate, 0 rejected, 1 ignored")
	sameRows(t, "sources", query(t, db, "SELECT path, status FROM sources ORDER BY path"), sources)
}

// TestInboxUnchangedNotReadAgain runs twice on an inbox of loaded, rejected,
// ignored and duplicate files: the second run records nothing new. To see
// that it reads no file whose size and modification time are those it
// recorded, the test then overwrites a loaded workbook in place with zeros
// of the same size and puts its modification time back: a run that read
// the file would reject it.
func TestInboxUnchangedNotReadAgain(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	want, err := synth.Inbox(inbox, 6, 100, 11)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(inbox, "坏文件.xlsx"), []byte("not a workbook"))
	writeFile(t, filepath.Join(inbox, "说明.txt"), []byte("note"))
	age(t, inbox)
	wantSummary(t, ingestInbox(t, db, inbox, exitRejected), "6 loaded, 0 unchanged, 0 duplicate, 1 rejected, 1 ignored")
	sources := "SELECT id, path, sha256, size, modified, status, duplicate_of, superseded_by, rows FROM sources ORDER BY id"
	before := query(t, db, sources)
	if len(before) != 1+8 {
		t.Fatalf("sources after the first run:\n%v\nwant 8 rows", before)
	}

	r := ingestInbox(t, db, inbox, exitRejected)
	wantSummary(t, r, "0 loaded, 6 unchanged, 0 duplicate, 1 rejected, 1 ignored")
	sameRows(t, "sources after a re-run", query(t, db, sources), before)

	victim := filepath.Join(inbox, "产业共建项目台账-002.xlsx")
	info, err := os.Stat(victim)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, victim, make([]byte, info.Size()))
	if err := os.Chtimes(victim, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	r = ingestInbox(t, db, inbox, exitRejected)
	wantSummary(t, r, "0 loaded, 6 unchanged, 0 duplicate, 1 rejected, 1 ignored")
	sameRows(t, "sources after a re-run", query(t, db, sources), before)
	sameTotals(t, totalsOf(t, db), textTotals(want))
}

// TestNamedLockAndHiddenFilesNotRead names Excel's owner file of an open
// workbook (165 bytes, no workbook) and a hidden draft on the command
// line, as a shell glob does: they are not read, each says so in one line
// on stderr, and the exit status is that of the other files. `check` says
// so in its report.
func TestNamedLockAndHiddenFilesNotRead(t *testing.T) {
	dir, db := t.TempDir(), dbPath(t)
	want := ledger(t, dir, "始兴县项目台账.xlsx", 20, 3)
	lock := filepath.Join(dir, "~$始兴县项目台账.xlsx")
	owner := append([]byte{0x0c}, []byte("statistician")...)
	writeFile(t, lock, append(owner, make([]byte, 165-len(owner))...))
	ledger(t, dir, ".始兴县项目台账-草稿.xlsx", 30, 5)
	hidden := filepath.Join(dir, ".始兴县项目台账-草稿.xlsx")
	age(t, dir)
	args := []string{lock, hidden, filepath.Join(dir, "始兴县项目台账.xlsx")}

	r := pairstatDo(t, exitOK, append([]string{"ingest", "--db", db, "--lang", "en"}, args...)...)
	wantSummary(t, r, "1 loaded, 0 unchanged, 0 duplicate, 0 rejected, 2 ignored")
	for _, line := range []string{
		"pairstat: " + lock + ": ignored: an Excel lock file (~$name), which Excel keeps while the workbook is open; lock files are never read\n",
		"pairstat: " + hidden + ": ignored: a hidden file; hidden files are never read\n",
	} {
		if strings.Count(r.stderr, line) != 1 {
			t.Errorf("stderr:\n%s\nwant once the line\n%s", r.stderr, line)
		}
	}
	sameRows(t, "sources", query(t, db, "SELECT status, count(*) FROM sources GROUP BY ALL"), [][]string{{"status", "count_star()"}, {"loaded", "1"}})
	sameTotals(t, totalsOf(t, db), textTotals(want))

	r = pairstatDo(t, exitOK, append([]string{"run", "--db", dbPath(t), "--lang", "zh"}, lock)...)
	if line := "pairstat：" + lock + "：已忽略：Excel 锁定文件"; !strings.Contains(r.stderr, line) {
		t.Errorf("run --lang zh: stderr:\n%s\nwant %q", r.stderr, line)
	}
	r = pairstatDo(t, exitOK, append([]string{"check", "--lang", "en"}, args...)...)
	for _, s := range []string{lock + ": ignored (an Excel lock file", hidden + ": ignored (a hidden file"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("check does not say %q:\n%s", s, r.stdout)
		}
	}
}

// TestNamedFilesReadByContent: a file named on the command line is read
// whatever its name, by `ingest` as by `check` — a .txt as CSV, a
// workbook saved as .xlsx.bak, a zip archive that holds no workbook
// (rejected, with its fix). In an inbox, a file whose extension is not a
// spreadsheet's is ignored, and named once on stderr with the reason: a
// second run finds it unchanged and says nothing of it.
func TestNamedFilesReadByContent(t *testing.T) {
	dir, db := t.TempDir(), dbPath(t)
	want := ledger(t, dir, "塘厦台账.xlsx", 20, 2)
	bak := filepath.Join(dir, "塘厦台账.xlsx.bak")
	must(t, os.Rename(filepath.Join(dir, "塘厦台账.xlsx"), bak))
	note := filepath.Join(dir, "塘厦plain.txt")
	writeFile(t, note, []byte("项目名称,备注\n甲,乙\n"))
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, err := zw.Create("说明.txt")
	must(t, err)
	w.Write([]byte("2023年数据"))
	must(t, zw.Close())
	archive := filepath.Join(dir, "archive.zip")
	writeFile(t, archive, zipped.Bytes())
	age(t, dir)

	r := pairstatDo(t, exitRejected, "ingest", "--db", db, "--lang", "en", note, bak, archive)
	wantSummary(t, r, "1 loaded, 0 unchanged, 0 duplicate, 2 rejected, 0 ignored")
	for _, s := range []string{"rejected " + archive, "a zip archive that holds no Excel workbook", "(fix: ",
		"rejected " + note, "no sheet with a recognised header"} { // read as CSV
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr:\n%s\nwant %q", r.stderr, s)
		}
	}
	sameRows(t, "sources", query(t, db, "SELECT path, status FROM sources ORDER BY path"), [][]string{
		{"path", "status"}, {archive, "rejected"}, {note, "rejected"}, {bak, "loaded"}})
	sameTotals(t, totalsOf(t, db), textTotals(want))
	check := pairstatDo(t, exitRejected, "check", "--lang", "en", note, bak, archive)
	for _, s := range []string{archive + ": would be rejected", note + ": would be rejected", bak + ": ok"} {
		if !strings.Contains(check.stdout, s) {
			t.Errorf("check:\n%s\nwant %q", check.stdout, s)
		}
	}

	inbox, db := t.TempDir(), dbPath(t)
	copyFile(t, archive, filepath.Join(inbox, "archive.zip"))
	writeFile(t, filepath.Join(inbox, "表.ods"), zipped.Bytes())
	age(t, inbox)
	ignored := "pairstat: archive.zip: ignored: not a spreadsheet by its extension"
	r = ingestInbox(t, db, inbox, exitRejected)
	wantSummary(t, r, "0 loaded, 0 unchanged, 0 duplicate, 1 rejected, 1 ignored")
	if !strings.Contains(r.stderr, ignored) || !strings.Contains(r.stderr, "rejected 表.ods") {
		t.Errorf("stderr:\n%s\nwant %q and the rejection of 表.ods", r.stderr, ignored)
	}
	r = ingestInbox(t, db, inbox, exitRejected)
	wantSummary(t, r, "0 loaded, 0 unchanged, 0 duplicate, 1 rejected, 1 ignored")
	if strings.Contains(r.stderr, "archive.zip") {
		t.Errorf("a re-run names the ignored file again:\n%s", r.stderr)
	}
}

// TestInboxCutOffThenCompleted: a workbook caught half-written is rejected
// as cut off; once complete under the same path it loads, and the
// rejected record becomes history (superseded by the loaded one), so that
// the path's status is its newest record's. A re-run then finds it
// unchanged; the cut-off copy dropped again is rejected again, exit 3, on
// this run and the next, the loaded version's rows counting still.
func TestInboxCutOffThenCompleted(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	const name = "始兴县项目台账.xlsx"
	full := filepath.Join(t.TempDir(), name)
	want, err := synth.Ledger(full, 40, 3)
	must(t, err)
	data, err := os.ReadFile(full)
	must(t, err)
	writeFile(t, filepath.Join(inbox, name), data[:len(data)/2])
	age(t, inbox)
	wantSummary(t, ingestInbox(t, db, inbox, exitRejected), "0 loaded, 0 unchanged, 0 duplicate, 1 rejected, 0 ignored")

	writeFile(t, filepath.Join(inbox, name), data)
	age(t, inbox)
	wantSummary(t, ingestInbox(t, db, inbox, exitOK), "1 loaded, 0 unchanged, 0 duplicate, 0 rejected, 0 ignored")
	history := `SELECT s.status, n.status AS superseded_by FROM sources s
		LEFT JOIN sources n ON n.id = s.superseded_by ORDER BY s.id`
	sameRows(t, "history", query(t, db, history), [][]string{
		{"status", "superseded_by"}, {"superseded", "loaded"}, {"loaded", ""}})
	r := ingestInbox(t, db, inbox, exitOK)
	wantSummary(t, r, "0 loaded, 1 unchanged, 0 duplicate, 0 rejected, 0 ignored")
	if lines := strings.Count(r.stderr, "\n"); lines != 1 {
		t.Errorf("a re-run on an unchanged inbox prints more than its summary:\n%s", r.stderr)
	}

	writeFile(t, filepath.Join(inbox, name), data[:len(data)/2])
	age(t, inbox)
	for range 2 {
		wantSummary(t, ingestInbox(t, db, inbox, exitRejected), "0 loaded, 0 unchanged, 0 duplicate, 1 rejected, 0 ignored")
	}
	sameRows(t, "history", query(t, db, history), [][]string{
		{"status", "superseded_by"}, {"superseded", "loaded"}, {"loaded", ""}, {"rejected", ""}})
	sameTotals(t, totalsOf(t, db), textTotals(want))
}

// TestMissingPathMakesNoDatabase: run, ingest and watch of a path that
// does not exist fail (status 1) before they open the database: no
// database file is made.
func TestMissingPathMakesNoDatabase(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nowhere")
	for _, args := range [][]string{{"run", missing}, {"ingest", dir, missing}, {"watch", missing}} {
		db := filepath.Join(dir, args[0]+".duckdb")
		r := pairstatDo(t, exitFailure, append([]string{"--db", db}, args...)...)
		if !strings.Contains(r.stderr, missing) {
			t.Errorf("%s: stderr does not name %s:\n%s", args[0], missing, r.stderr)
		}
		if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s of a missing path made the database %s (%v)", args[0], db, err)
		}
	}
}

// ---------------------------------------------------------------- helpers

// result is what one pairstat run gave.
type result struct {
	status         int
	stdout, stderr string
}

// pairstatDo runs pairstat in-process, failing unless it exits with want.
func pairstatDo(t *testing.T, want int, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	r := result{status: Do(t.Context(), args, strings.NewReader(""), &stdout, &stderr)}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	if r.status != want {
		t.Fatalf("pairstat %s: status %d, want %d; stderr:\n%s", strings.Join(args, " "), r.status, want, r.stderr)
	}
	return r
}

// pairstatCmd is a pairstat process: the test binary, which runs Do when
// PAIRSTAT_MAIN=1 (see TestMain).
func pairstatCmd(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PAIRSTAT_MAIN=1", "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=")
	return cmd
}

// ingestInbox runs `pairstat ingest` on inbox in English and checks that
// every file of the inbox is byte-identical afterwards, with the same
// modification time, and that no file appeared or vanished.
func ingestInbox(t *testing.T, db, inbox string, want int, args ...string) result {
	t.Helper()
	before := snapshot(t, inbox)
	args = append([]string{"ingest", "--db", db, "--lang", "en"}, args...)
	r := pairstatDo(t, want, append(args, inbox)...)
	after := snapshot(t, inbox)
	for name, s := range before {
		if after[name] != s {
			t.Errorf("ingest changed %s: %v, was %v", name, after[name], s)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("ingest created %s in the inbox", name)
		}
	}
	return r
}

// fileState is what must not change about an input file.
type fileState struct {
	sha256   string
	size     int64
	modified time.Time
	mode     fs.FileMode
}

func (s fileState) String() string {
	return fmt.Sprintf("sha256 %.12s…, %d bytes, modified %s, mode %v", s.sha256, s.size, s.modified.Format(time.RFC3339Nano), s.mode)
}

// snapshot records the state of every file under dir, hidden ones included.
func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out[path] = fileState{hex.EncodeToString(sum[:]), info.Size(), info.ModTime(), info.Mode()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wantSummary checks the summary line of an ingest.
func wantSummary(t *testing.T, r result, summary string) {
	t.Helper()
	if !regexp.MustCompile(`(?m)^pairstat: ` + regexp.QuoteMeta(summary) + `$`).MatchString(r.stderr) {
		t.Errorf("stderr:\n%s\nwant the summary %q", r.stderr, "pairstat: "+summary)
	}
}

func dbPath(t *testing.T) string { return filepath.Join(t.TempDir(), "pairstat.duckdb") }

// ledger writes a synth ledger (region by seed: even tangxia, odd shixing)
// at name under inbox and returns its totals.
func ledger(t *testing.T, inbox, name string, rows int, seed uint64) synth.Totals {
	t.Helper()
	path := filepath.Join(inbox, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	tot, err := synth.Ledger(path, rows, seed)
	if err != nil {
		t.Fatal(err)
	}
	return tot
}

// fundLedger writes a Shixing fund ledger (帮扶资金) with three items of
// year, amounts in 万元 in D4:D6, and a 合计 row.
func fundLedger(t *testing.T, path string, year int, amounts ...string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "帮扶资金"
	rows := [][]any{
		{fmt.Sprintf("始兴县帮扶资金台账（%d年）", year)},
		{"填报单位：始兴县乡村振兴局"},
		{"年度", "领域", "项目", "金额（万元）"},
		{year, "教育", "教育帮扶资金", amounts[0]},
		{year, "医疗", "乡镇卫生院医疗设备购置", amounts[1]},
		{year, "劳务协作", "劳务协作稳岗补贴", amounts[2]},
		{"合计", nil, nil, nil},
	}
	must(t, f.SetSheetName("Sheet1", sheet))
	for i, row := range rows {
		for j, v := range row {
			if n, err := strconv.ParseFloat(fmt.Sprint(v), 64); err == nil && j == 3 {
				v = n // amounts are numbers in the cells, "abc" stays text
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			must(t, f.SetCellValue(sheet, cell, v))
		}
	}
	must(t, f.SetCellFormula(sheet, "D7", "SUM(D4:D6)"))
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, f.SaveAs(path))
}

// extraProjects are the totals of the project sheet addProjectSheet adds.
var extraProjects = map[synth.Key]string{
	{Year: 2024, Region: "shixing", Indicator: "projects_signed"}:   "2",
	{Year: 2024, Region: "shixing", Indicator: "investment_signed"}: "3500.5",
	{Year: 2024, Region: "shixing", Indicator: "projects_started"}:  "1",
}

// addProjectSheet adds a correct Shixing project ledger sheet to the
// workbook at path (see extraProjects).
func addProjectSheet(t *testing.T, path string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "项目台账"
	_, err = f.NewSheet(sheet)
	must(t, err)
	rows := [][]any{
		{"始兴县产业共建项目台账（2024年）"},
		{"项目名称", "产业", "投资额（万元）", "签约日期", "开工日期"},
		{"始兴县紧固件扩产项目", "装备制造", 3000, "2024-03-18", "2024-06-01"},
		{"始兴县茶叶精深加工项目", "农产品加工", 500.5, "2024年9月2日", "—"},
	}
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			must(t, f.SetCellValue(sheet, cell, v))
		}
	}
	must(t, f.Save())
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, os.WriteFile(path, data, 0o644))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	must(t, err)
	writeFile(t, to, data)
}

// age moves the modification time of every file under dir that changed in
// the last two seconds two seconds back, as if it had been dropped a moment
// ago: ingest then need not wait for it to be still (pipeline.QuietPeriod).
// The times stay distinct, so a rewritten file never looks unchanged.
func age(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if m := info.ModTime(); time.Since(m) < 2*time.Second {
			return os.Chtimes(path, m.Add(-2*time.Second), m.Add(-2*time.Second))
		}
		return nil
	})
	must(t, err)
}

// query runs SQL through `pairstat query` and returns the CSV records,
// header first.
func query(t *testing.T, db, sql string) [][]string {
	t.Helper()
	return readCSV(t, pairstatDo(t, exitOK, "query", "--db", db, "--format", "csv", sql).stdout)
}

// totalsOf returns `pairstat totals --format csv` as a map to its values.
func totalsOf(t *testing.T, db string) map[synth.Key]string {
	t.Helper()
	out, err := parseTotals(pairstatDo(t, exitOK, "totals", "--db", db, "--format", "csv").stdout)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// parseTotals reads the CSV of `pairstat totals`.
func parseTotals(text string) (map[synth.Key]string, error) {
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("totals: %w", err)
	}
	if len(records) == 0 || len(records[0]) < 5 || strings.Join(records[0][:5], ",") != "year,region,indicator,value,unit" {
		return nil, fmt.Errorf("totals: no CSV header in %q", text)
	}
	out := map[synth.Key]string{}
	for _, r := range records[1:] {
		y, err := strconv.Atoi(r[0])
		if err != nil {
			return nil, fmt.Errorf("totals: year %q", r[0])
		}
		k := synth.Key{Year: y, Region: r[1], Indicator: r[2]}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("totals lists %v twice", k)
		}
		out[k] = r[3]
	}
	return out, nil
}

// textTotals adds generator totals and formats them as pairstat prints them.
func textTotals(ts ...synth.Totals) map[synth.Key]string {
	all := synth.Totals{}
	for _, t := range ts {
		all.Add(t)
	}
	out := map[synth.Key]string{}
	for _, k := range all.Keys() {
		out[k] = all.Text(k)
	}
	return out
}

// addTotals adds decimal totals of extra into m (region and all).
func addTotals(m, extra map[synth.Key]string) {
	for k, v := range extra {
		for _, region := range []string{k.Region, "all"} {
			k := synth.Key{Year: k.Year, Region: region, Indicator: k.Indicator}
			m[k] = addDecimal(m[k], v)
		}
	}
}

// addDecimal adds two plain decimals with at most six places exactly.
func addDecimal(a, b string) string {
	micro := func(s string) int64 {
		if s == "" {
			return 0
		}
		whole, frac, _ := strings.Cut(s, ".")
		w, _ := strconv.ParseInt(whole, 10, 64)
		f, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
		return w*1e6 + f
	}
	s := micro(a) + micro(b)
	out := fmt.Sprintf("%d.%06d", s/1e6, s%1e6)
	return strings.TrimSuffix(strings.TrimRight(out, "0"), ".")
}

// sameTotals compares totals both ways.
func sameTotals(t *testing.T, got, want map[synth.Key]string) {
	t.Helper()
	keys := func(m map[synth.Key]string) []synth.Key {
		var ks []synth.Key
		for k := range m {
			ks = append(ks, k)
		}
		slices.SortFunc(ks, func(a, b synth.Key) int {
			return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
		})
		return ks
	}
	bad := 0
	for _, k := range keys(want) {
		if got[k] != want[k] && bad < 10 {
			bad++
			t.Errorf("total %d %s %s = %q, want %q", k.Year, k.Region, k.Indicator, got[k], want[k])
		}
	}
	for _, k := range keys(got) {
		if _, ok := want[k]; !ok && bad < 10 {
			bad++
			t.Errorf("total %d %s %s = %q, want no such row", k.Year, k.Region, k.Indicator, got[k])
		}
	}
}

// sameRows compares query results.
func sameRows(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Errorf("%s:\n%s\nwant:\n%s", what, table(got), table(want))
	}
}

func table(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "  %s\n", strings.Join(r, " | "))
	}
	return b.String()
}

// TestSameNameInTwoFolders: two folders given as inboxes, each holding a
// fund.xlsx of its own region. pairstat knows a file by its path in its
// inbox, so the second would supersede the first's rows: it is rejected
// instead, naming the other file, on every run while the other file is
// there. Once that file is gone (its folder moved away), the second is
// the path's new version.
func TestSameNameInTwoFolders(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db.duckdb")
	fund := func(folder, region string, amount int) string {
		path := filepath.Join(dir, folder, "fund.xlsx")
		writeRows(t, path, "资金", [][]any{{region + "2023年帮扶资金"}, {"年度", "领域", "金额（万元）"}, {2023, "教育", amount}})
		old := time.Now().Add(-time.Minute)
		must(t, os.Chtimes(path, old, old))
		return filepath.Join(dir, folder)
	}
	a, b := fund("a", "塘厦镇", 100), fund("b", "始兴县", 200)
	for range 2 {
		r := pairstatDo(t, exitRejected, "--lang", "en", "--db", db, "ingest", a, b)
		// The rejected file is named by its path, the loaded one too.
		if want := filepath.Join(a, "fund.xlsx") + " is loaded under the same name"; !strings.Contains(r.stderr, want) ||
			!strings.Contains(r.stderr, "rejected "+filepath.Join(b, "fund.xlsx")) {
			t.Errorf("stderr lacks %q or the rejected file's path:\n%s", want, r.stderr)
		}
		totals := pairstatDo(t, exitOK, "--db", db, "totals", "--format", "csv").stdout
		if !strings.Contains(totals, "2023,tangxia,assistance_funds,100,") || strings.Contains(totals, "shixing") {
			t.Errorf("totals:\n%s", totals)
		}
	}
	must(t, os.Rename(a, filepath.Join(dir, "moved")))
	pairstatDo(t, exitOK, "--db", db, "ingest", b)
	if totals := pairstatDo(t, exitOK, "--db", db, "totals", "--format", "csv").stdout; strings.Contains(totals, "tangxia") ||
		!strings.Contains(totals, "2023,shixing,assistance_funds,200,") {
		t.Errorf("after the first folder moved away, totals:\n%s", totals)
	}
}
