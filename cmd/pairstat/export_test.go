package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/transform"
)

// samplesDB ingests the sample workbooks into a new database file and
// returns its path.
func samplesDB(t *testing.T) string {
	t.Helper()
	return ingested(t, samplesInbox(t))
}

// samplesInbox copies the sample workbooks into a new inbox folder and
// returns its path.
func samplesInbox(t *testing.T) string {
	t.Helper()
	samples, err := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	if err != nil || len(samples) == 0 {
		t.Fatalf("no sample workbooks in ../../samples (%v)", err)
	}
	inbox := filepath.Join(t.TempDir(), "inbox")
	if err := copySamples(samples, inbox); err != nil {
		t.Fatal(err)
	}
	return inbox
}

// ingested ingests inbox into a new database file and returns its path.
func ingested(t *testing.T, inbox string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "pairstat.duckdb")
	runCLI(t, 0, "ingest", "--db", db, inbox)
	return db
}

// totalsCSV returns `pairstat totals --format csv` of the database: the
// reference every export is compared with.
func totalsCSV(t *testing.T, db string, args ...string) [][]string {
	t.Helper()
	return readCSV(t, runCLI(t, 0, append([]string{"totals", "--db", db, "--format", "csv"}, args...)...))
}

// duckdbRows runs SQL through `pairstat query` (DuckDB's own readers, such
// as read_csv and read_parquet) and returns the rows, header first.
func duckdbRows(t *testing.T, db, sql string) [][]string {
	t.Helper()
	return readCSV(t, runCLI(t, 0, "query", "--db", db, "--format", "csv", sql))
}

// sqlPath quotes a test path (which has no quote) for SQL text.
func sqlPath(t *testing.T, path string) string {
	t.Helper()
	if strings.Contains(path, "'") {
		t.Fatalf("test path %q has a quote", path)
	}
	return "'" + path + "'"
}

// sameDecimal compares two plain decimals exactly.
func sameDecimal(a, b string) bool {
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	return err1 == nil && err2 == nil && x.Equal(y)
}

// matchTotals compares rows read back (year, region, indicator, value,
// unit, partial, basis) with the totals CSV rows, values as decimals.
func matchTotals(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, totals has %d", what, len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if len(g) < 7 || g[0] != w[0] || g[1] != w[1] || g[2] != w[2] || !sameDecimal(g[3], w[3]) ||
			g[4] != w[4] || g[5] != w[5] || g[6] != w[6] {
			t.Errorf("%s row %d = %v, totals %v", what, i+1, g, w)
		}
	}
}

func TestExportCSV(t *testing.T) {
	db := samplesDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "totals.csv")
	runCLI(t, 0, "export", "--db", db, "--format", "csv", "--out", out)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The CSV export is the totals contract, byte for byte.
	if want := runCLI(t, 0, "totals", "--db", db, "--format", "csv"); string(got) != want {
		t.Errorf("csv export differs from `totals --format csv`:\n%s\nwant:\n%s", got, want)
	}
	// DuckDB's CSV reader reads it back as the totals.
	want := totalsCSV(t, db)
	rows := duckdbRows(t, db, "SELECT year, region, indicator, value, unit, partial, basis FROM read_csv("+
		sqlPath(t, out)+", header = true, all_varchar = true)")
	if !slices.Equal(rows[0], want[0][:7]) {
		t.Errorf("header read back %v, want %v", rows[0], want[0])
	}
	matchTotals(t, "csv", rows[1:], want[1:])

	// --bom: the same bytes after the UTF-8 byte-order mark, which DuckDB
	// skips.
	bom := filepath.Join(dir, "bom.csv")
	runCLI(t, 0, "export", "--db", db, "--format", "csv", "--bom", "--out", bom)
	withBOM, err := os.ReadFile(bom)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(withBOM, append([]byte{0xEF, 0xBB, 0xBF}, got...)) {
		t.Errorf("--bom export is not the BOM followed by the csv export")
	}
	rows = duckdbRows(t, db, "SELECT year, region, indicator, value, unit, partial, basis FROM read_csv("+
		sqlPath(t, bom)+", header = true, all_varchar = true)")
	if rows[0][0] != "year" {
		t.Errorf("DuckDB reads the first column of the --bom export as %q, want year", rows[0][0])
	}
	matchTotals(t, "csv --bom", rows[1:], want[1:])
}

func TestExportJSON(t *testing.T) {
	db := samplesDB(t)
	out := filepath.Join(t.TempDir(), "totals.json")
	runCLI(t, 0, "export", "--db", db, "--format", "json", "--out", out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var got []map[string]any
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := totalsCSV(t, db)[1:]
	if len(got) != len(want) {
		t.Fatalf("%d json objects, %d totals", len(got), len(want))
	}
	cat, err := transform.LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		o := got[i]
		value, isNumber := o["value"].(json.Number)
		year, _ := o["year"].(json.Number)
		if !isNumber || value.String() != w[3] || year.String() != w[0] || o["region"] != w[1] ||
			o["indicator"] != w[2] || o["unit"] != w[4] || fmt.Sprint(o["partial"]) != w[5] || o["basis"] != w[6] {
			t.Errorf("json object %d = %v, totals %v (value a JSON number with the same digits)", i, o, w)
		}
		ind, _ := cat.Indicator(w[2])
		if o["name_zh"] != ind.NameZh || o["name_en"] != ind.NameEn {
			t.Errorf("json object %d names %v %v, want %s %s", i, o["name_zh"], o["name_en"], ind.NameZh, ind.NameEn)
		}
	}
	// The reference figure keeps its digits: no float, no exponent.
	if !bytes.Contains(data, []byte(`"value": 1250000,`)) {
		t.Error(`json export lacks "value": 1250000 (investment_signed 2023, both regions)`)
	}
}

func TestExportParquet(t *testing.T) {
	db := samplesDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "totals.parquet")
	runCLI(t, 0, "export", "--db", db, "--format", "parquet", "--out", out)
	types := map[string]string{}
	for _, r := range duckdbRows(t, db, "DESCRIBE SELECT * FROM read_parquet("+sqlPath(t, out)+")")[1:] {
		types[r[0]] = r[1]
	}
	if types["value"] != "DECIMAL(38,6)" || types["year"] != "INTEGER" {
		t.Errorf("parquet types: value %q, year %q; want DECIMAL(38,6), INTEGER", types["value"], types["year"])
	}
	want := totalsCSV(t, db)[1:]
	rows := duckdbRows(t, db, "SELECT year, region, indicator, value, unit, partial, basis FROM read_parquet("+sqlPath(t, out)+")")
	matchTotals(t, "parquet", rows[1:], want)

	// --partition: a folder of year=…/region=… that reads as the same table.
	part := filepath.Join(dir, "totals")
	runCLI(t, 0, "export", "--db", db, "--format", "parquet", "--partition", "--out", part)
	if _, err := os.Stat(filepath.Join(part, "year=2023", "region=all")); err != nil {
		t.Errorf("partitioned export: %v", err)
	}
	rows = duckdbRows(t, db, "SELECT year, region, indicator, value, unit, partial, basis FROM read_parquet("+
		sqlPath(t, filepath.Join(part, "**", "*.parquet"))+", hive_partitioning = true) ORDER BY year, region, indicator")
	sorted := slices.Clone(want)
	slices.SortFunc(sorted, func(a, b []string) int { return strings.Compare(strings.Join(a[:3], "/"), strings.Join(b[:3], "/")) })
	matchTotals(t, "partitioned parquet", rows[1:], sorted)
	// A second export replaces the first.
	runCLI(t, 0, "export", "--db", db, "--format", "parquet", "--partition", "--year", "2023", "--out", part)
	if _, err := os.Stat(filepath.Join(part, "year=2022")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("year=2022 still there after a 2023-only export replaced the folder (%v)", err)
	}

	// --facts: the values with their provenance; dates stay DATE.
	facts := filepath.Join(dir, "facts.parquet")
	runCLI(t, 0, "export", "--db", db, "--format", "parquet", "--facts", "--out", facts)
	types = map[string]string{}
	for _, r := range duckdbRows(t, db, "DESCRIBE SELECT * FROM read_parquet("+sqlPath(t, facts)+")")[1:] {
		types[r[0]] = r[1]
	}
	if types["event_date"] != "DATE" || types["value"] != "DECIMAL(18,6)" || types["cell"] != "VARCHAR" {
		t.Errorf("facts types: %v", types)
	}
	sums := duckdbRows(t, db, "SELECT year, region, indicator, sum(value) FROM read_parquet("+sqlPath(t, facts)+
		") WHERE status = 'counted' GROUP BY ALL")
	counted := map[string]string{}
	for _, r := range sums[1:] {
		counted[strings.Join(r[:3], "/")] = r[3]
	}
	for _, w := range want {
		if w[1] != "all" && !sameDecimal(counted[strings.Join(w[:3], "/")], w[3]) {
			t.Errorf("counted facts of %v sum to %q", w[:4], counted[strings.Join(w[:3], "/")])
		}
	}
}

// TestExportFilters: lists of years and indicators, names or codes, and a
// region select what totals selects.
func TestExportFilters(t *testing.T) {
	db := samplesDB(t)
	out := filepath.Join(t.TempDir(), "f.csv")
	runCLI(t, 0, "export", "--db", db, "--format", "csv", "--out", out,
		"--year", "2022", "--year", "2023", "--region", "始兴县", "--indicator", "帮扶资金,projects_signed")
	got := readCSV(t, readFile(t, out))[1:]
	var want [][]string
	for _, r := range totalsCSV(t, db)[1:] {
		if r[1] == "shixing" && (r[2] == "assistance_funds" || r[2] == "projects_signed") {
			want = append(want, r)
		}
	}
	if len(want) != 4 {
		t.Fatalf("want 4 totals, have %v", want)
	}
	matchTotals(t, "filtered csv", got, want)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestExportFlagErrors(t *testing.T) {
	db := samplesDB(t)
	out := filepath.Join(t.TempDir(), "x")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xls", "--out", out}, "--format must be csv, json, parquet or xlsx"},
		{[]string{"--format", "json", "--bom", "--out", out}, "--bom goes with --format csv only"},
		{[]string{"--format", "csv", "--partition", "--out", out}, "--partition and --facts go with --format parquet only"},
		{[]string{"--format", "csv", "--indicator", "nonsense", "--out", out}, `--indicator "nonsense" is not an indicator`},
		{[]string{"--format", "csv", "--region", "atlantis", "--out", out}, `--region "atlantis" is not a region`},
		{[]string{"--format", "csv"}, `"out" not set`},
		{[]string{"--targets", "--format", "xlsx", "--out", out},
			"--targets goes with --format csv, json or parquet: the xlsx export always holds the targets (its 目标完成 sheet)"},
		{[]string{"--targets", "--format", "parquet", "--facts", "--out", out}, "--targets and --facts: choose one"},
	} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"export", "--db", db}, tc.args...)
		if got := Do(t.Context(), args, strings.NewReader(""), &stdout, &stderr); got != exitFailure {
			t.Errorf("%v: status %d, want %d", tc.args, got, exitFailure)
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: stderr %q, want %q", tc.args, stderr.String(), tc.want)
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%v: %s written", tc.args, out)
		}
	}
}

// exportEverything writes every export of db into dir: each format, csv
// with BOM, partitioned parquet and facts; it returns the files written
// (relative to dir).
func exportEverything(t *testing.T, db, dir string, filter ...string) []string {
	t.Helper()
	for _, e := range [][]string{
		{"--format", "csv", "--out", "totals.csv"},
		{"--format", "csv", "--bom", "--out", "bom.csv"},
		{"--format", "json", "--out", "totals.json"},
		{"--format", "parquet", "--out", "totals.parquet"},
		{"--format", "parquet", "--partition", "--out", "partitioned"},
		{"--format", "parquet", "--facts", "--out", "facts.parquet"},
		{"--format", "parquet", "--facts", "--partition", "--out", "facts"},
		{"--format", "xlsx", "--out", "totals.xlsx"},
	} {
		e[len(e)-1] = filepath.Join(dir, e[len(e)-1])
		runCLI(t, 0, append(append([]string{"export", "--db", db}, e...), filter...)...)
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, rel)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestExportDeterministic: the same database gives byte-identical exports
// in every format, and so does another database loaded from the same
// workbooks (at another time).
func TestExportDeterministic(t *testing.T) {
	db := samplesDB(t)
	first, second, other := t.TempDir(), t.TempDir(), t.TempDir()
	files := exportEverything(t, db, first)
	if len(files) < 8 {
		t.Fatalf("exports wrote %v", files)
	}
	for _, cmp := range []struct {
		what string
		dir  string
		db   string
	}{{"second export of the same database", second, db}, {"export of another database of the same workbooks", other, samplesDB(t)}} {
		again := exportEverything(t, cmp.db, cmp.dir)
		if !slices.Equal(files, again) {
			t.Errorf("%s wrote %v, the first %v", cmp.what, again, files)
			continue
		}
		for _, f := range files {
			if a, b := readFile(t, filepath.Join(first, f)), readFile(t, filepath.Join(cmp.dir, f)); a != b {
				t.Errorf("%s: %s differs", cmp.what, f)
			}
		}
	}
}

// TestExportEmpty: an export that selects nothing is a valid empty export:
// the CSV header, [], Parquet with its schema, a workbook with its headers.
func TestExportEmpty(t *testing.T) {
	db := samplesDB(t)
	dir := t.TempDir()
	exportEverything(t, db, dir, "--year", "1999")
	if got := readFile(t, filepath.Join(dir, "totals.csv")); got != "year,region,indicator,value,unit,partial,basis\n" {
		t.Errorf("empty csv = %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "totals.json")); got != "[]\n" {
		t.Errorf("empty json = %q", got)
	}
	for _, f := range []string{"totals.parquet", "facts.parquet"} {
		rows := duckdbRows(t, db, "SELECT count(*), any_value(typeof(value)) FROM read_parquet("+sqlPath(t, filepath.Join(dir, f))+")")
		if rows[1][0] != "0" {
			t.Errorf("empty %s has %s rows", f, rows[1][0])
		}
		types := duckdbRows(t, db, "DESCRIBE SELECT * FROM read_parquet("+sqlPath(t, filepath.Join(dir, f))+")")
		if !slices.ContainsFunc(types[1:], func(r []string) bool { return r[0] == "value" && strings.HasPrefix(r[1], "DECIMAL") }) {
			t.Errorf("empty %s lacks a DECIMAL value column: %v", f, types)
		}
	}
	for _, d := range []string{"partitioned", "facts"} {
		entries, err := os.ReadDir(filepath.Join(dir, d))
		if err != nil || len(entries) != 0 {
			t.Errorf("empty partitioned export %s: %v entries, %v; want an empty folder", d, len(entries), err)
		}
	}
	book := readXLSX(t, filepath.Join(dir, "totals.xlsx"))
	summary := book.Worksheets[export.SheetSummary]
	if got := summary.row(2); !slices.Equal(got, []string{"指标", "单位", "地区"}) {
		t.Errorf("empty 年度汇总 header %v", got)
	}
	if len(summary.Charts) != 0 {
		t.Errorf("empty workbook has %d charts", len(summary.Charts))
	}
	if got := book.Worksheets[export.SheetData].row(1); len(got) != 9 || got[0] != "年度" {
		t.Errorf("empty 数据 header %v", got)
	}
	if n := book.Worksheets[export.SheetData].lastRow(); n != 1 {
		t.Errorf("empty 数据 sheet has %d rows", n)
	}
}

// TestRunExport: `run INBOX --export DIR` ingests, then writes every format.
func TestRunExport(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	inbox := filepath.Join(t.TempDir(), "inbox")
	if err := copySamples(samples, inbox); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "pairstat.duckdb")
	dir := filepath.Join(t.TempDir(), "exports", "today")
	runCLI(t, 0, "run", "--db", db, "--format", "csv", "--export", dir, inbox)
	for _, f := range []string{"totals.csv", "totals.json", "totals.parquet", "totals.xlsx", "facts.parquet"} {
		if info, err := os.Stat(filepath.Join(dir, f)); err != nil || info.Size() == 0 {
			t.Errorf("run --export: %s: %v", f, err)
		}
	}
	if got, want := readFile(t, filepath.Join(dir, "totals.csv")), runCLI(t, 0, "totals", "--db", db, "--format", "csv"); got != want {
		t.Errorf("run --export totals.csv differs from totals --format csv")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 5 {
		t.Errorf("export folder holds %d entries, want 5 (no temporary files left)", len(entries))
	}
}

// xlsxDump is what testdata/read_xlsx.py reports of a workbook.
type xlsxDump struct {
	Sheets     []string
	Properties map[string]any
	Worksheets map[string]*xlsxSheet
}

type xlsxSheet struct {
	Cells []struct {
		Cell     string
		Row, Col int
		Value    any
		Format   string
	}
	Merged []string
	Freeze *string
	Widths map[string]float64
	Charts []struct {
		Type, Direction, Title, Anchor string
		Series                         []struct{ Name, Categories, Values string }
	}
}

// cell returns the value of a cell ("" when empty) and its number format.
func (s *xlsxSheet) cell(ref string) (string, string) {
	for _, c := range s.Cells {
		if c.Cell == ref {
			return fmt.Sprint(c.Value), c.Format
		}
	}
	return "", ""
}

// row returns the values of one row, up to its last non-empty cell.
func (s *xlsxSheet) row(r int) []string {
	var out []string
	for _, c := range s.Cells {
		if c.Row == r {
			for len(out) < c.Col-1 {
				out = append(out, "")
			}
			out = append(out, fmt.Sprint(c.Value))
		}
	}
	return out
}

func (s *xlsxSheet) lastRow() int {
	n := 0
	for _, c := range s.Cells {
		n = max(n, c.Row)
	}
	return n
}

var openpyxlPython = sync.OnceValues(func() (string, error) {
	candidates := []string{os.Getenv("PAIRSTAT_PYTHON"), "python3", "/usr/bin/python3"}
	var errs []error
	for _, c := range candidates {
		if c == "" {
			continue
		}
		out, err := exec.Command(c, "-c", "import openpyxl").CombinedOutput()
		if err == nil {
			return c, nil
		}
		errs = append(errs, fmt.Errorf("%s: %v %s", c, err, bytes.TrimSpace(out)))
	}
	return "", errors.Join(errs...)
})

// readXLSX reads a workbook through openpyxl (testdata/read_xlsx.py). It
// skips the test when python3 with openpyxl is missing, except in CI
// (CI=true), where that is a failure.
func readXLSX(t *testing.T, path string) *xlsxDump {
	t.Helper()
	python, err := openpyxlPython()
	if err != nil {
		msg := "reading xlsx exports needs python3 with openpyxl (apt-get install -y python3-openpyxl, or set PAIRSTAT_PYTHON)"
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: %v", msg, err)
		}
		t.Skipf("%s: %v", msg, err)
	}
	cmd := exec.Command(python, filepath.Join("testdata", "read_xlsx.py"), path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("read_xlsx.py %s: %v\n%s", path, err, stderr.String())
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var d xlsxDump
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("read_xlsx.py output: %v", err)
	}
	return &d
}

// TestExportXLSX reads the workbook back through openpyxl and compares it
// with the totals: values, number formats, frozen headers, widths, the
// sources and each chart's ranges.
func TestExportXLSX(t *testing.T) {
	db := samplesDB(t)
	out := filepath.Join(t.TempDir(), "totals.xlsx")
	runCLI(t, 0, "export", "--db", db, "--format", "xlsx", "--out", out)
	book := readXLSX(t, out)
	cat, err := transform.LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	want := totalsCSV(t, db)[1:]

	if !slices.Equal(book.Sheets, []string{export.SheetSummary, export.SheetData, export.SheetSources}) {
		t.Errorf("sheets %v", book.Sheets)
	}
	if book.Properties["creator"] != "pairstat" || book.Properties["created"] != "2000-01-01T00:00:00" ||
		book.Properties["modified"] != "2000-01-01T00:00:00" {
		t.Errorf("document properties %v, want fixed ones", book.Properties)
	}

	// 年度汇总: indicators down (name merged over its region rows), years
	// across, the year-on-year change after them.
	s := book.Worksheets[export.SheetSummary]
	if got := s.row(2); !slices.Equal(got, []string{"指标", "单位", "地区", "2022年", "2023年", "2023年同比增减", "2023年同比增幅"}) {
		t.Errorf("年度汇总 header %v", got)
	}
	if s.Freeze == nil || *s.Freeze != "A3" {
		t.Errorf("年度汇总 frozen at %v, want A3 (title and header)", s.Freeze)
	}
	if w := s.Widths["A"]; w < float64(export.DisplayWidth("帮扶项目落地见效")) {
		t.Errorf("年度汇总 column A width %v is narrower than the names", w)
	}
	// rowOf maps indicator code and region code to a row of 年度汇总.
	rowOf := map[string]int{}
	indicatorOfRow := map[int]string{}
	name, unit := "", ""
	for r := 3; r <= s.lastRow(); r++ {
		cells := s.row(r)
		if len(cells) < 3 || cells[2] == "" {
			continue
		}
		if cells[0] != "" {
			name, unit = cells[0], cells[1]
		}
		ind, ok := cat.Indicator(name)
		if !ok {
			t.Fatalf("年度汇总 row %d: %q is not an indicator", r, name)
		}
		if unit != ind.Unit {
			t.Errorf("年度汇总 row %d: unit %q, want %q", r, unit, ind.Unit)
		}
		region := ""
		for _, code := range []string{"tangxia", "shixing", "all"} {
			if cat.RegionName(code, "zh") == cells[2] {
				region = code
			}
		}
		rowOf[ind.Code+"/"+region] = r
		indicatorOfRow[r] = ind.Code
	}
	values := 0
	for _, w := range want {
		r, ok := rowOf[w[2]+"/"+w[1]]
		if !ok {
			t.Errorf("年度汇总 has no row for %s %s", w[2], w[1])
			continue
		}
		col := map[string]string{"2022": "D", "2023": "E"}[w[0]]
		got, format := s.cell(col + strconv.Itoa(r))
		if !sameDecimal(got, w[3]) {
			t.Errorf("年度汇总 %s%d (%v) = %s, want %s", col, r, w[:3], got, w[3])
		}
		wantFormat := "#,##0"
		if w[4] == "万元" {
			wantFormat = "#,##0.00"
		}
		if w[5] == "true" {
			wantFormat += `"*"`
		}
		if format != wantFormat {
			t.Errorf("年度汇总 %s%d number format %q, want %q (thousands separators)", col, r, format, wantFormat)
		}
		values++
	}
	for _, c := range s.Cells {
		if c.Row >= 3 && (c.Col == 4 || c.Col == 5) {
			values--
		}
	}
	if values != 0 {
		t.Errorf("年度汇总 holds %d year values more or less than the totals", -values)
	}
	// Year-on-year: 2023 against 2022, exact change and its ratio.
	r := rowOf["investment_signed/all"]
	if got, format := s.cell("F" + strconv.Itoa(r)); !sameDecimal(got, "374334.25") || !strings.Contains(format, "#,##0.00") {
		t.Errorf("investment change = %s (%s), want 374334.25 (1250000 − 875665.75)", got, format)
	}
	if got, format := s.cell("G" + strconv.Itoa(r)); !strings.HasPrefix(got, "0.42748") || !strings.Contains(format, "0.0%") {
		t.Errorf("investment change ratio = %s (%s), want 0.42748… as a percentage", got, format)
	}

	// One native column chart per indicator: years on the axis (the header
	// cells), one series per region, each series on its region's row.
	indicators := map[string]bool{}
	for _, w := range want {
		indicators[w[2]] = true
	}
	if len(s.Charts) != len(indicators) {
		t.Fatalf("%d charts, want one per indicator (%d)", len(s.Charts), len(indicators))
	}
	seen := map[string]bool{}
	for _, ch := range s.Charts {
		if ch.Type != "barChart" || ch.Direction != "col" {
			t.Errorf("chart %q is a %s/%s, want a column chart", ch.Title, ch.Type, ch.Direction)
		}
		if len(ch.Series) != 2 {
			t.Errorf("chart %q has %d series, want one per region (2)", ch.Title, len(ch.Series))
			continue
		}
		var code string
		for i, se := range ch.Series {
			if se.Categories != "'年度汇总'!$D$2:$E$2" {
				t.Errorf("chart %q series %d categories %s, want the year headers", ch.Title, i, se.Categories)
			}
			var r int
			if _, err := fmt.Sscanf(se.Values, "'年度汇总'!$D$%d:", &r); err != nil || se.Values != fmt.Sprintf("'年度汇总'!$D$%d:$E$%d", r, r) {
				t.Errorf("chart %q series %d values %s, want one row of years", ch.Title, i, se.Values)
				continue
			}
			if se.Name != fmt.Sprintf("'年度汇总'!$C$%d", r) {
				t.Errorf("chart %q series %d name %s, want the region cell of row %d", ch.Title, i, se.Name, r)
			}
			region, _ := s.cell(fmt.Sprintf("C%d", r))
			if want := []string{"塘厦镇", "始兴县"}[i]; region != want {
				t.Errorf("chart %q series %d is %s, want %s", ch.Title, i, region, want)
			}
			if code == "" {
				code = indicatorOfRow[r]
			} else if indicatorOfRow[r] != code {
				t.Errorf("chart %q mixes the rows of %s and %s", ch.Title, code, indicatorOfRow[r])
			}
		}
		ind, _ := cat.Indicator(code)
		if ind == nil || !strings.HasPrefix(ch.Title, ind.NameZh) {
			t.Errorf("chart %q plots the rows of %s", ch.Title, code)
			continue
		}
		seen[code] = true
	}
	if len(seen) != len(indicators) {
		t.Errorf("charts plot %v, want every indicator %v", seen, indicators)
	}

	// 数据: one row per total, in the totals' order.
	d := book.Worksheets[export.SheetData]
	if d.Freeze == nil || *d.Freeze != "A2" {
		t.Errorf("数据 frozen at %v, want A2", d.Freeze)
	}
	if d.lastRow() != len(want)+1 {
		t.Errorf("数据 has %d rows, want %d", d.lastRow()-1, len(want))
	}
	for i, w := range want {
		row := d.row(i + 2)
		_, format := d.cell("F" + strconv.Itoa(i+2))
		if len(row) < 7 || row[0] != w[0] || row[2] != w[1] || row[4] != w[2] || !sameDecimal(row[5], w[3]) || row[6] != w[4] {
			t.Errorf("数据 row %d = %v, totals %v", i+2, row, w)
		}
		if !strings.HasPrefix(format, "#,##0") {
			t.Errorf("数据 F%d number format %q", i+2, format)
		}
	}

	// 数据来源: every sample file with its SHA-256, computed here.
	src := book.Worksheets[export.SheetSources]
	samples, _ := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	if src.lastRow() != len(samples)+1 {
		t.Errorf("数据来源 lists %d files, want %d", src.lastRow()-1, len(samples))
	}
	for r := 2; r <= src.lastRow(); r++ {
		row := src.row(r)
		data, err := os.ReadFile(filepath.Join("..", "..", "samples", row[0]))
		if err != nil {
			t.Errorf("数据来源 row %d: %v", r, err)
			continue
		}
		sum := sha256.Sum256(data)
		if row[1] != hex.EncodeToString(sum[:]) || row[2] != strconv.Itoa(len(data)) {
			t.Errorf("数据来源 row %d = %v, want sha256 %x, size %d", r, row, sum, len(data))
		}
		if n, err := strconv.Atoi(row[3]); err != nil || n <= 0 {
			t.Errorf("数据来源 row %d: rows %q", r, row[3])
		}
	}
}
