package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeRows saves rows (from A1; nil leaves a cell empty) as the one sheet
// of an .xlsx workbook at path.
func writeRows(t *testing.T, path, sheet string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must(t, f.SetSheetName("Sheet1", sheet))
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(t, f.SetSheetRow(sheet, cell, &row))
	}
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, f.SaveAs(path))
}

// mismatchLedger is a fund ledger whose 合计 (D6) is 9999 over rows that
// add up to 3500.
var mismatchLedger = [][]any{
	{"始兴县2023年帮扶资金明细表"},
	{nil, nil, nil, "单位：万元"},
	{"年度", "领域", "项目", "金额"},
	{2023, "教育", "助学", 1000},
	{2023, "医疗", "设备", 2500},
	{"合计", nil, nil, 9999},
}

// runAll runs pairstat and returns its status, stdout and stderr.
func runAll(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	status := Do(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return status, stdout.String(), stderr.String()
}

func TestWarningLoadsAndIsKept(t *testing.T) {
	dir := t.TempDir()
	inbox, db := filepath.Join(dir, "inbox"), filepath.Join(dir, "db.duckdb")
	writeRows(t, filepath.Join(inbox, "资金.xlsx"), "帮扶资金", mismatchLedger)

	status, _, stderr := runAll("--lang", "en", "--db", db, "ingest", inbox)
	if status != exitOK {
		t.Fatalf("status %d, want 0 (a warning loads); stderr:\n%s", status, stderr)
	}
	want := "pairstat: warning: 资金.xlsx: sheet 帮扶资金: cell D6: 合计 row gives 9999 万元, the rows it covers (4–5) add up to 3500 万元: difference 6499 万元"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	totals := runCLI(t, 0, "--db", db, "totals", "--format", "csv", "--indicator", "assistance_funds")
	if !strings.Contains(totals, "2023,shixing,assistance_funds,3500,万元") {
		t.Errorf("a warning changed what counts:\n%s", totals)
	}
	got := runCLI(t, 0, "--db", db, "query", "--format", "csv",
		"SELECT file, sheet, cell, kind, expected, found, message_zh FROM warnings")
	wantRow := "资金.xlsx,帮扶资金,D6,total,3500 万元,9999 万元,合计行为 9999 万元，所含各行（第 4–5 行）之和为 3500 万元，相差 6499 万元"
	if !strings.Contains(got, wantRow) {
		t.Errorf("warnings table:\n%s\nwant the row %q", got, wantRow)
	}
	trace := runCLI(t, 0, "--db", db, "trace", "--year", "2023", "--indicator", "assistance_funds", "--format", "csv")
	if !strings.Contains(trace, "D6,shixing,9999,total row,合计,mismatch") {
		t.Errorf("trace does not show the 合计 row with its failed check:\n%s", trace)
	}

	status, stdout, _ := runAll("--lang", "zh", "check", inbox)
	if status != exitOK || !strings.Contains(stdout, "警告：资金.xlsx：工作表「帮扶资金」：单元格 D6：合计行为 9999 万元") {
		t.Errorf("check: status %d, want 0 and the warning in Chinese:\n%s", status, stdout)
	}
	if !strings.Contains(stdout, "D3 的单位：万元，来自表上方的单位行") {
		t.Errorf("check does not say where the unit came from:\n%s", stdout)
	}
}

func TestStrictRejectsWarnings(t *testing.T) {
	dir := t.TempDir()
	inbox, db := filepath.Join(dir, "inbox"), filepath.Join(dir, "db.duckdb")
	writeRows(t, filepath.Join(inbox, "资金.xlsx"), "帮扶资金", mismatchLedger)
	status, _, stderr := runAll("--lang", "zh", "--strict", "--db", db, "ingest", inbox)
	if status != exitRejected {
		t.Fatalf("status %d, want %d; stderr:\n%s", status, exitRejected, stderr)
	}
	if !strings.Contains(stderr, "资金.xlsx：工作表「帮扶资金」：单元格 D6：合计行为 9999 万元") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if got := runCLI(t, 0, "--db", db, "query", "--format", "csv", "SELECT count(*) AS n FROM funds"); got != "n\n0\n" {
		t.Errorf("funds of a rejected workbook: %q", got)
	}
	if status, _, _ := runAll("--strict", "check", inbox); status != exitRejected {
		t.Errorf("check --strict: status %d, want %d", status, exitRejected)
	}
}

// A rejection stored under one language is shown in the other: both are
// stored (reason and reason_zh, fix and fix_zh), and a re-run prints the
// same lines as the first run of that language.
func TestRejectionInEitherLanguage(t *testing.T) {
	for _, first := range []string{"zh", "en"} {
		t.Run("first "+first, func(t *testing.T) {
			dir := t.TempDir()
			inbox, db := filepath.Join(dir, "inbox"), filepath.Join(dir, "db.duckdb")
			writeRows(t, filepath.Join(inbox, "项目.xlsx"), "项目台账", [][]any{
				{"塘厦镇产业共建项目台账"},
				{"项目名称", "投资额（万元）", "签约日期"},
				{"甲", "约100", "2023-03-01"},
				{"乙", 100, "签了"},
			})
			lines := map[string][]string{}
			for _, lang := range []string{first, other(first), first, other(first)} {
				status, _, stderr := runAll("--lang", lang, "--db", db, "ingest", inbox)
				if status != exitRejected {
					t.Fatalf("--lang %s: status %d, want %d", lang, status, exitRejected)
				}
				got := problemLines(stderr)
				if len(got) != 2 {
					t.Fatalf("--lang %s: problem lines %q, want 2", lang, got)
				}
				for _, l := range got {
					if lang == "zh" && regexp.MustCompile(`not a|fix:|write a`).MatchString(l) {
						t.Errorf("--lang zh: English in %q", l)
					}
					if lang == "en" && regexp.MustCompile(`不是|修改方法`).MatchString(l) {
						t.Errorf("--lang en: Chinese in %q", l)
					}
				}
				if prev, ok := lines[lang]; ok && strings.Join(prev, "\n") != strings.Join(got, "\n") {
					t.Errorf("--lang %s: a re-run printed\n%s\nthe first run\n%s", lang, strings.Join(got, "\n"), strings.Join(prev, "\n"))
				}
				lines[lang] = got
			}
			conn, err := sql.Open("duckdb", db)
			must(t, err)
			defer conn.Close()
			var missing int
			must(t, conn.QueryRow("SELECT count(*) FROM rejects WHERE reason_zh IS NULL OR fix_zh IS NULL OR fix IS NULL").Scan(&missing))
			if missing != 0 {
				t.Errorf("%d rejects without both languages", missing)
			}
		})
	}
}

func other(lang string) string {
	if lang == "zh" {
		return "en"
	}
	return "zh"
}

// problemLines are the indented lines of a rejection.
func problemLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "  ") {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return out
}

func TestTraceJSON(t *testing.T) {
	dir := t.TempDir()
	inbox, db := filepath.Join(dir, "inbox"), filepath.Join(dir, "db.duckdb")
	writeRows(t, filepath.Join(inbox, "资金.xlsx"), "帮扶资金", mismatchLedger)
	runCLI(t, 0, "--db", db, "ingest", inbox)
	out := runCLI(t, 0, "--db", db, "trace", "--year", "2023", "--indicator", "assistance_funds", "--format", "json")
	if !strings.Contains(out, `"check": "mismatch"`) || !strings.Contains(out, `"cell": "D4"`) {
		t.Errorf("trace json:\n%s", out)
	}
}
