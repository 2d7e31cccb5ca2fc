package queries_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/queries"
)

// samplesDB loads the repository's sample workbooks into a new database.
func samplesDB(t *testing.T) *queries.DB {
	t.Helper()
	samples, err := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	if err != nil || len(samples) == 0 {
		t.Fatalf("no sample workbooks in ../samples (%v)", err)
	}
	db := openDB(t)
	for _, s := range samples {
		loadFile(t, db, s, filepath.Base(s))
	}
	return db
}

// totalKey names a total: year/region/indicator.
func totalKey(year int, region, indicator string) string {
	return fmt.Sprint(year, "/", region, "/", indicator)
}

// rowsOf runs sql with args on the database and returns its rows as text
// (decimals plain, dates YYYY-MM-DD, NULL as "NULL").
func rowsOf(t *testing.T, db *queries.DB, sql string, args ...any) [][]string {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range values {
			if v == nil {
				row[i] = "NULL"
				continue
			}
			row[i] = fmt.Sprint(v)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// columnTypes describes a query's columns through DuckDB: name → type.
func columnTypes(t *testing.T, db *queries.DB, from string, args ...any) map[string]string {
	t.Helper()
	types := map[string]string{}
	for _, r := range rowsOf(t, db, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+from+")", args...) {
		types[r[0]] = r[1]
	}
	return types
}

func TestExportTotalsMatchTotals(t *testing.T) {
	db := samplesDB(t)
	ctx := context.Background()
	want := allTotals(t, db)
	got, err := db.ExportTotals(ctx, queries.ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d export totals, %d totals", len(got), len(want))
	}
	cat := testCatalog(t)
	for i := range got {
		if got[i].Total != want[i] {
			t.Errorf("row %d: export %+v, totals %+v", i, got[i].Total, want[i])
		}
		ind, _ := cat.Indicator(got[i].Indicator)
		if got[i].NameZh != ind.NameZh || got[i].NameEn != ind.NameEn {
			t.Errorf("row %d: names %q %q, catalog %q %q", i, got[i].NameZh, got[i].NameEn, ind.NameZh, ind.NameEn)
		}
	}

	// Lists of years and indicators, and a region, select the same rows as
	// the totals filtered one by one.
	f := queries.ExportFilter{Years: []int{2022, 2023}, Region: "all", Indicators: []string{"assistance_funds", "projects_signed"}}
	got, err = db.ExportTotals(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var filtered []queries.Total
	for _, w := range want {
		if slices.Contains(f.Years, w.Year) && w.Region == f.Region && slices.Contains(f.Indicators, w.Indicator) {
			filtered = append(filtered, w)
		}
	}
	if len(got) != len(filtered) || len(got) != 4 {
		t.Fatalf("filtered: %d export totals, want %d (4)", len(got), len(filtered))
	}
	for i := range got {
		if got[i].Total != filtered[i] {
			t.Errorf("filtered row %d: %+v, want %+v", i, got[i].Total, filtered[i])
		}
	}

	// No match is an empty result, not an error.
	got, err = db.ExportTotals(ctx, queries.ExportFilter{Years: []int{1999}})
	if err != nil || len(got) != 0 {
		t.Errorf("year 1999: %d rows, %v; want none", len(got), err)
	}
}

func TestWriteParquetTotals(t *testing.T) {
	db := samplesDB(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "totals.parquet")
	if err := db.WriteParquet(ctx, queries.ExportFilter{}, path, queries.ParquetOptions{}); err != nil {
		t.Fatal(err)
	}
	types := columnTypes(t, db, "read_parquet(?)", path)
	for col, typ := range map[string]string{"year": "INTEGER", "region": "VARCHAR", "indicator": "VARCHAR",
		"value": "DECIMAL(38,6)", "unit": "VARCHAR", "partial": "BOOLEAN", "basis": "VARCHAR",
		"name_zh": "VARCHAR", "name_en": "VARCHAR"} {
		if types[col] != typ {
			t.Errorf("parquet column %s is %q, want %s", col, types[col], typ)
		}
	}
	got := rowsOf(t, db, "SELECT year, region, indicator, value::VARCHAR, unit, partial, basis FROM read_parquet(?)", path)
	want := allTotals(t, db)
	if len(got) != len(want) {
		t.Fatalf("%d parquet rows, %d totals", len(got), len(want))
	}
	for i, w := range want {
		if !sameTotal(got[i], w) {
			t.Errorf("parquet row %d = %v, want %+v", i, got[i], w)
		}
	}
}

// sameTotal compares a row read back (year, region, indicator, value,
// unit, partial, basis) with a total; values are compared as decimals.
func sameTotal(row []string, w queries.Total) bool {
	v, err := decimal.NewFromString(row[3])
	return err == nil && row[0] == fmt.Sprint(w.Year) && row[1] == w.Region && row[2] == w.Indicator &&
		v.Equal(decimal.RequireFromString(w.Value)) && row[4] == w.Unit &&
		row[5] == fmt.Sprint(w.Partial) && row[6] == w.Basis
}

func TestWriteParquetPartitioned(t *testing.T) {
	db := samplesDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := db.WriteParquet(ctx, queries.ExportFilter{}, dir, queries.ParquetOptions{Partition: true}); err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"year=2023/region=all", "year=2023/region=tangxia", "year=2022/region=shixing"} {
		if files, _ := filepath.Glob(filepath.Join(dir, part, "*.parquet")); len(files) == 0 {
			t.Errorf("no parquet file under %s", part)
		}
	}
	// Read as one table: Hive partitioning restores year and region.
	got := rowsOf(t, db, `SELECT year, region, indicator, value::VARCHAR, unit, partial, basis
		FROM read_parquet(?, hive_partitioning = true) ORDER BY year, region, indicator`,
		filepath.Join(dir, "**", "*.parquet"))
	want := allTotals(t, db)
	slices.SortFunc(want, func(a, b queries.Total) int {
		return strings.Compare(fmt.Sprint(a.Year, "/", a.Region, "/", a.Indicator), fmt.Sprint(b.Year, "/", b.Region, "/", b.Indicator))
	})
	if len(got) != len(want) {
		t.Fatalf("%d partitioned rows, %d totals", len(got), len(want))
	}
	for i, w := range want {
		if !sameTotal(got[i], w) {
			t.Errorf("partitioned row %d = %v, want %+v", i, got[i], w)
		}
	}
	types := columnTypes(t, db, "read_parquet(?, hive_partitioning = true)", filepath.Join(dir, "**", "*.parquet"))
	if types["value"] != "DECIMAL(38,6)" {
		t.Errorf("partitioned value column is %q, want DECIMAL(38,6)", types["value"])
	}
}

func TestWriteParquetFacts(t *testing.T) {
	db := samplesDB(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "facts.parquet")
	if err := db.WriteParquet(ctx, queries.ExportFilter{}, path, queries.ParquetOptions{Facts: true}); err != nil {
		t.Fatal(err)
	}
	types := columnTypes(t, db, "read_parquet(?)", path)
	for col, typ := range map[string]string{"value": "DECIMAL(18,6)", "event_date": "DATE", "year": "INTEGER",
		"file": "VARCHAR", "sha256": "VARCHAR", "sheet": "VARCHAR", "row": "INTEGER", "cell": "VARCHAR", "status": "VARCHAR"} {
		if types[col] != typ {
			t.Errorf("facts column %s is %q, want %s", col, types[col], typ)
		}
	}

	// Every fact carries its provenance, and the counted facts sum to the
	// totals of each year, region and indicator.
	if n := rowsOf(t, db, `SELECT count(*) FROM read_parquet(?) WHERE file IS NULL OR sheet IS NULL OR cell IS NULL OR sha256 IS NULL`, path); n[0][0] != "0" {
		t.Errorf("%s facts without file, sheet or cell", n[0][0])
	}
	sums := map[string]string{}
	for _, r := range rowsOf(t, db, `SELECT year, region, indicator, sum(value)::VARCHAR FROM read_parquet(?)
		WHERE status = 'counted' GROUP BY ALL ORDER BY ALL`, path) {
		sums[r[0]+"/"+r[1]+"/"+r[2]] = r[3]
	}
	regional := 0
	for _, w := range allTotals(t, db) {
		if w.Region == "all" {
			continue
		}
		regional++
		got, ok := sums[totalKey(w.Year, w.Region, w.Indicator)]
		if !ok || !decimal.RequireFromString(got).Equal(decimal.RequireFromString(w.Value)) {
			t.Errorf("counted facts of %d %s %s sum to %q, total is %s", w.Year, w.Region, w.Indicator, got, w.Value)
		}
	}
	if len(sums) != regional {
		t.Errorf("counted facts make %d totals, want %d", len(sums), regional)
	}

	// Ledger facts keep the date they count on, as a DATE.
	bad := rowsOf(t, db, `SELECT count(*) FROM read_parquet(?)
		WHERE indicator = 'projects_signed' AND role = 'data' AND (event_date IS NULL OR year(event_date) <> year)`, path)
	if bad[0][0] != "0" {
		t.Errorf("%s signed projects without their signing date", bad[0][0])
	}
	// Excluded rows are there, marked.
	for _, status := range []string{"total row", "breakdown row"} {
		if n := rowsOf(t, db, `SELECT count(*) FROM read_parquet(?) WHERE status = ?`, path, status); n[0][0] == "0" {
			t.Errorf("no facts with status %q", status)
		}
	}
}

// TestWriteParquetEmpty: an export that selects nothing is a Parquet file
// with the schema and no rows.
func TestWriteParquetEmpty(t *testing.T) {
	db := samplesDB(t)
	ctx := context.Background()
	f := queries.ExportFilter{Years: []int{1999}}
	for _, facts := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "empty.parquet")
		if err := db.WriteParquet(ctx, f, path, queries.ParquetOptions{Facts: facts}); err != nil {
			t.Fatal(err)
		}
		if n := rowsOf(t, db, "SELECT count(*) FROM read_parquet(?)", path); n[0][0] != "0" {
			t.Errorf("facts %v: %s rows, want 0", facts, n[0][0])
		}
		if typ := columnTypes(t, db, "read_parquet(?)", path)["value"]; !strings.HasPrefix(typ, "DECIMAL(") {
			t.Errorf("facts %v: empty export's value column is %q, want DECIMAL", facts, typ)
		}
	}
}

// TestWriteParquetPathWithQuote: the file name goes into the COPY
// statement as a quoted literal, so quotes, backslashes and Chinese in it
// are file name characters, not SQL.
func TestWriteParquetPathWithQuote(t *testing.T) {
	db := samplesDB(t)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), `it's a "dir"`)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, `汇总 o'brien''s \n'); DROP TABLE sources; --.parquet`)
	if err := db.WriteParquet(ctx, queries.ExportFilter{Years: []int{2023}}, path, queries.ParquetOptions{}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != filepath.Base(path) {
		t.Fatalf("folder holds %v, want only %q", entries, filepath.Base(path))
	}
	if n := rowsOf(t, db, "SELECT count(*) FROM read_parquet(?)", path); n[0][0] == "0" {
		t.Error("no rows in the export")
	}
	if n := count(t, db, "SELECT count(*) FROM sources"); n == 0 {
		t.Error("sources table emptied")
	}
	if err := db.WriteParquet(ctx, queries.ExportFilter{}, "nul\x00.parquet", queries.ParquetOptions{}); err == nil {
		t.Error("a file name with a NUL character was accepted")
	}
}

// TestWriteParquetReadOnly: exports only read the database, so they work
// on a read-only connection.
func TestWriteParquetReadOnly(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "pairstat.duckdb")
	rw, err := queries.Open(ctx, dbPath, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.SyncCatalog(ctx, testCatalog(t)); err != nil {
		t.Fatal(err)
	}
	samples, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	for _, s := range samples {
		loadFile(t, rw, s, filepath.Base(s))
	}
	want := allTotals(t, rw)
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := queries.Open(ctx, dbPath, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	path := filepath.Join(t.TempDir(), "totals.parquet")
	for _, facts := range []bool{false, true} {
		if err := ro.WriteParquet(ctx, queries.ExportFilter{}, path, queries.ParquetOptions{Facts: facts}); err != nil {
			t.Fatalf("facts %v on a read-only database: %v", facts, err)
		}
	}
	if err := ro.WriteParquet(ctx, queries.ExportFilter{}, path, queries.ParquetOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := rowsOf(t, ro, "SELECT count(*) FROM read_parquet(?)", path); n[0][0] != fmt.Sprint(len(want)) {
		t.Errorf("%s rows, want %d", n[0][0], len(want))
	}
}

func TestLoadedSources(t *testing.T) {
	db := samplesDB(t)
	got, err := db.LoadedSources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	samples, _ := filepath.Glob(filepath.Join("..", "samples", "*.xlsx"))
	if len(got) != len(samples) {
		t.Fatalf("%d loaded sources, want %d", len(got), len(samples))
	}
	for i, s := range got {
		want := sourceOf(t, filepath.Join("..", "samples", s.Path), s.Path)
		if s.SHA256 != want.SHA256 || s.Size != want.Size || s.Rows <= 0 {
			t.Errorf("source %+v, want sha256 %s, size %d, rows > 0", s, want.SHA256, want.Size)
		}
		if i > 0 && got[i-1].Path >= s.Path {
			t.Errorf("sources not ordered by path: %q before %q", got[i-1].Path, s.Path)
		}
	}
}
