package queries_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// storedFloat is a number cell stored with every digit of its shortest
// float64 form, binary noise included (0.30000000000000004), as writers
// other than excelize store it; excelize itself writes 15 digits.
type storedFloat float64

// shortest is the number of decimals of x's shortest float64 form.
func shortest(x float64) int {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// sheet is one worksheet of a test workbook; a nil row is left empty.
type sheet struct {
	name string
	rows [][]any
}

var catalog = sync.OnceValues(func() (*transform.Catalog, error) { return transform.LoadCatalog("") })

// testCatalog returns the embedded catalog.
func testCatalog(t *testing.T) *transform.Catalog {
	t.Helper()
	cat, err := catalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// openDB creates a database file in a temporary folder, with the catalog's
// indicators synced, and closes it at the end of the test.
func openDB(t *testing.T) *queries.DB {
	t.Helper()
	return openDBAt(t, filepath.Join(t.TempDir(), "pairstat.duckdb"))
}

// openDBAt opens the database file at path like openDB.
func openDBAt(t *testing.T, path string) *queries.DB {
	t.Helper()
	ctx := context.Background()
	db, err := queries.Open(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close database: %v", err)
		}
	})
	if err := db.SyncCatalog(ctx, testCatalog(t)); err != nil {
		t.Fatal(err)
	}
	return db
}

// writeWorkbook saves the sheets as an .xlsx file in a temporary folder and
// returns its path.
func writeWorkbook(t *testing.T, sheets ...sheet) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			if row == nil {
				continue
			}
			cells := slices.Clone(row)
			for i, v := range cells {
				if _, ok := v.(storedFloat); ok {
					cells[i] = nil
				}
			}
			if err := f.SetSheetRow(sh.name, "A"+strconv.Itoa(r+1), &cells); err != nil {
				t.Fatal(err)
			}
			for i, v := range row {
				if x, ok := v.(storedFloat); ok {
					ref := ingest.CellName(i+1, r+1)
					if err := f.SetCellFloat(sh.name, ref, float64(x), shortest(float64(x)), 64); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// transformFile reads the workbook at path (named name in messages) and
// transforms it, failing the test on any problem. The result is released
// at the end of the test.
func transformFile(t *testing.T, path, name string) *transform.Result {
	t.Helper()
	wb, err := ingest.Open(path, name)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	res, err := testCatalog(t).Workbook(wb, transform.Hints{})
	if res != nil {
		t.Cleanup(res.Release)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Err(); err != nil {
		t.Fatalf("workbook %s has problems: %v", name, err)
	}
	return res
}

// sourceOf describes the file at path as the inbox file name.
func sourceOf(t *testing.T, path, name string) queries.Source {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return queries.Source{Path: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
}

// loadSheets writes the sheets as a workbook, transforms it and loads it
// under name; it returns the source and its id.
func loadSheets(t *testing.T, db *queries.DB, name string, sheets ...sheet) (queries.Source, int64) {
	t.Helper()
	return loadFile(t, db, writeWorkbook(t, sheets...), name)
}

// loadFile transforms the workbook at path and loads it under name.
func loadFile(t *testing.T, db *queries.DB, path, name string) (queries.Source, int64) {
	t.Helper()
	res := transformFile(t, path, name)
	src := sourceOf(t, path, name)
	id, err := db.Load(context.Background(), src, res)
	if err != nil {
		t.Fatal(err)
	}
	return src, id
}

// query runs sql and returns its rows as text.
func query(t *testing.T, db *queries.DB, sql string) [][]string {
	t.Helper()
	tab, err := db.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	return tab.Rows
}

// count runs a count(*) query.
func count(t *testing.T, db *queries.DB, sql string) int {
	t.Helper()
	rows := query(t, db, sql)
	n, err := strconv.Atoi(rows[0][0])
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// fundLedger is a fund ledger sheet of region (named in its title) with
// one row per amount, all in year.
func fundLedger(name, region string, year int, amounts ...any) sheet {
	rows := [][]any{
		{region + "帮扶资金台账"},
		{"年度", "领域", "项目", "金额（万元）"},
	}
	for i, a := range amounts {
		rows = append(rows, []any{year, "教育", fmt.Sprintf("项目%d", i+1), a})
	}
	return sheet{name: name, rows: rows}
}

// sumOf adds decimal texts exactly.
func sumOf(t *testing.T, values ...string) decimal.Decimal {
	t.Helper()
	sum := decimal.Zero
	for _, v := range values {
		sum = sum.Add(decimal.RequireFromString(v))
	}
	return sum
}

// total returns the one total of indicator for year and region.
func total(t *testing.T, db *queries.DB, year int, region, indicator string) (queries.Total, bool) {
	t.Helper()
	got, err := db.Totals(context.Background(), queries.Filter{Year: year, Region: region, Indicator: indicator})
	if err != nil {
		t.Fatal(err)
	}
	switch len(got) {
	case 0:
		return queries.Total{}, false
	case 1:
		return got[0], true
	}
	t.Fatalf("%d totals for %d %s %s: %+v", len(got), year, region, indicator, got)
	return queries.Total{}, false
}

func TestLoadKeepsExactDecimals(t *testing.T) {
	// Variables, not constants: Go adds constants exactly, float64 does not.
	tenth, fifth, big := 0.1, 0.2, 12345678901.1
	if tenth+fifth == 0.3 || big+fifth == 12345678901.3 {
		t.Fatal("no binary noise in the sums: the test would not test it")
	}
	// Each amount is what the statistician meant (exact) and what the cell
	// holds: a float64 parsed from it, binary noise, or text.
	amounts := []struct {
		exact string
		cell  any
	}{
		{exact: "1234.56"},
		{exact: "0.01"},
		{exact: "99999999.99"},
		{exact: "4768", cell: 4768},
		{exact: "0.3", cell: storedFloat(tenth + fifth)},         // stored as 0.30000000000000004
		{exact: "12345678901.3", cell: storedFloat(big + fifth)}, // stored as 12345678901.300001: noise within one fen
		{exact: "1250.5", cell: "1,250.5"},
		{exact: "0.000001"}, // one fen, the smallest amount in 万元
		{exact: "125", cell: "１２５"},
		{exact: "35000", cell: "3.5亿元"}, // a unit in the cell wins over the header's
	}
	cells := make([]any, len(amounts))
	exact := make([]string, len(amounts))
	for i, a := range amounts {
		exact[i] = a.exact
		cells[i] = a.cell
		if a.cell == nil {
			f, err := strconv.ParseFloat(a.exact, 64)
			if err != nil {
				t.Fatal(err)
			}
			cells[i] = f
		}
	}
	db := openDB(t)
	path := writeWorkbook(t, fundLedger("资金", "始兴县", 2023, cells...))
	// The noise is really in the file: the raw cells read back as the float.
	wb, err := ingest.Open(path, "funds.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.Rows("资金")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		r := rows.Row()
		if i := r.Num - 3; i >= 0 && i < len(cells) {
			if x, ok := cells[i].(storedFloat); ok {
				raw := r.Cells[len(r.Cells)-1].Value
				if n, err := strconv.ParseFloat(raw, 64); err != nil || n != float64(x) || raw == amounts[i].exact {
					t.Errorf("row %d stores %q, want the noisy %v", r.Num, raw, float64(x))
				}
			}
		}
	}
	if err := errors.Join(rows.Err(), rows.Close(), wb.Close()); err != nil {
		t.Fatal(err)
	}
	loadFile(t, db, path, "funds.xlsx")

	got := query(t, db, `SELECT amount::VARCHAR, amount_cell, region FROM funds ORDER BY "row"`)
	if len(got) != len(amounts) {
		t.Fatalf("%d fund rows, want %d: %v", len(got), len(amounts), got)
	}
	for i, a := range amounts {
		want := decimal.RequireFromString(a.exact).StringFixed(6)
		if got[i][0] != want {
			t.Errorf("amount of %v (row %d) stored as %s, want %s", a.cell, i+3, got[i][0], want)
		}
		if wantCell := ingest.CellName(4, i+3); got[i][1] != wantCell {
			t.Errorf("amount_cell = %s, want %s", got[i][1], wantCell)
		}
		if got[i][2] != "shixing" {
			t.Errorf("region = %s, want shixing (from the title)", got[i][2])
		}
	}

	sum, ok := total(t, db, 2023, "shixing", "assistance_funds")
	if !ok {
		t.Fatal("no assistance_funds total")
	}
	if want := sumOf(t, exact...).String(); sum.Value != want || sum.Unit != "万元" || sum.Basis != "ledger" {
		t.Errorf("total = %+v, want %s 万元 from the ledger", sum, want)
	}
}

// badBatch builds a one-row figures batch that cannot be inserted: either a
// schema that is not the table's, or a NULL in a NOT NULL column.
func badBatch(t *testing.T, kind string) arrow.RecordBatch {
	t.Helper()
	var schema *arrow.Schema
	switch kind {
	case "schema":
		schema = arrow.NewSchema([]arrow.Field{{Name: "value", Type: arrow.PrimitiveTypes.Float64}}, nil)
	case "null sheet":
		schema = transform.Schema("figures")
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := range schema.NumFields() {
		b.Field(i).AppendNull()
	}
	return b.NewRecordBatch()
}

func TestLoadIsOneTransaction(t *testing.T) {
	for _, kind := range []string{"schema", "null sheet", "cancelled"} {
		t.Run(kind, func(t *testing.T) {
			db := openDB(t)
			ctx := context.Background()
			// v1 of a.xlsx is loaded; the failing load is v2 of the same path,
			// so it would also supersede v1.
			v1, v1ID := loadSheets(t, db, "a.xlsx", fundLedger("资金", "始兴县", 2023, 100.5, 200))
			before, _ := total(t, db, 2023, "shixing", "assistance_funds")

			path := writeWorkbook(t, fundLedger("资金", "始兴县", 2023, 7, 8, 9))
			res := transformFile(t, path, "a.xlsx")
			if len(res.Batches["funds"]) == 0 {
				t.Fatal("the workbook gave no funds batch")
			}
			if kind != "cancelled" {
				// funds load before figures: the bad batch fails after rows were inserted.
				// res.Release (a test cleanup) releases it.
				res.Batches["figures"] = []arrow.RecordBatch{badBatch(t, kind)}
			}
			src := sourceOf(t, path, "a.xlsx")
			if src.SHA256 == v1.SHA256 {
				t.Fatal("v1 and v2 have the same content")
			}
			loadCtx := ctx
			if kind == "cancelled" {
				c, cancel := context.WithCancel(ctx)
				cancel()
				loadCtx = c
			}
			_, err := db.Load(loadCtx, src, res)
			var dbErr *duckdb.Error
			switch {
			case err == nil:
				t.Fatal("Load succeeded, want an error")
			case kind == "cancelled" && !errors.Is(err, context.Canceled):
				t.Errorf("Load error %v does not wrap context.Canceled", err)
			case kind == "null sheet" && (!errors.As(err, &dbErr) || dbErr.Type != duckdb.ErrorTypeConstraint):
				t.Errorf("Load error %v does not wrap DuckDB's constraint error", err)
			}

			sources := query(t, db, `SELECT id, path, status, coalesce(superseded_by::VARCHAR, '') FROM sources ORDER BY id`)
			want := [][]string{{strconv.FormatInt(v1ID, 10), "a.xlsx", queries.StatusLoaded, ""}}
			if fmt.Sprint(sources) != fmt.Sprint(want) {
				t.Errorf("sources after a failed load = %v, want only v1 still loaded %v", sources, want)
			}
			for _, table := range []string{"projects", "funds", "assistance", "figures", "sheets"} {
				n := count(t, db, fmt.Sprintf("SELECT count(*) FROM %s WHERE source_id <> %d", table, v1ID))
				if n != 0 {
					t.Errorf("%d rows of the failed load left in %s", n, table)
				}
			}
			if n := count(t, db, fmt.Sprintf("SELECT count(*) FROM funds WHERE source_id = %d", v1ID)); n != 2 {
				t.Errorf("v1 has %d fund rows after the failed load, want its 2", n)
			}
			if after, _ := total(t, db, 2023, "shixing", "assistance_funds"); after != before {
				t.Errorf("total after the failed load = %+v, want %+v", after, before)
			}
			// The connection is usable again: the next load works.
			loadSheets(t, db, "b.xlsx", fundLedger("资金", "始兴县", 2024, 1))
		})
	}
}

func TestLoadSupersedesSamePath(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	v1Amounts, v2Amounts := []any{100.25, 50}, []any{300, 0.75, 12}
	v1Path := writeWorkbook(t, fundLedger("资金", "始兴县", 2023, v1Amounts...))
	v1, v1ID := loadFile(t, db, v1Path, "a.xlsx")
	v2, v2ID := loadSheets(t, db, "a.xlsx", fundLedger("资金", "始兴县", 2023, v2Amounts...))
	if v1.SHA256 == v2.SHA256 {
		t.Fatal("v1 and v2 have the same content")
	}

	got := query(t, db, `SELECT id, status, coalesce(superseded_by::VARCHAR, '') FROM sources WHERE path = 'a.xlsx' ORDER BY id`)
	want := [][]string{
		{strconv.FormatInt(v1ID, 10), queries.StatusSuperseded, strconv.FormatInt(v2ID, 10)},
		{strconv.FormatInt(v2ID, 10), queries.StatusLoaded, ""},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sources = %v, want %v", got, want)
	}
	if n := count(t, db, fmt.Sprintf("SELECT count(*) FROM funds WHERE source_id = %d", v1ID)); n != 0 {
		t.Errorf("v1 still has %d fund rows", n)
	}
	if n := count(t, db, fmt.Sprintf("SELECT count(*) FROM funds WHERE source_id = %d", v2ID)); n != len(v2Amounts) {
		t.Errorf("v2 has %d fund rows, want %d", n, len(v2Amounts))
	}
	sum, _ := total(t, db, 2023, "shixing", "assistance_funds")
	if want := sumOf(t, fmtAll(v2Amounts)...).String(); sum.Value != want {
		t.Errorf("total = %s, want v2's %s", sum.Value, want)
	}

	// Seen: this path and content is loaded; v1's content is superseded.
	if s, err := db.Seen(ctx, v2); err != nil || s.Status != queries.StatusLoaded || s.ID != v2ID || s.LoadedAs != 0 {
		t.Errorf("Seen(v2) = %+v, %v; want loaded as %d", s, err, v2ID)
	}
	if s, err := db.Seen(ctx, v1); err != nil || s.Status != queries.StatusSuperseded || s.ID != v1ID {
		t.Errorf("Seen(v1) = %+v, %v; want superseded %d", s, err, v1ID)
	}

	// v1 dropped again under the same name replaces v2 in turn.
	_, v3ID := loadFile(t, db, v1Path, "a.xlsx")
	if s, err := db.Seen(ctx, v1); err != nil || s.Status != queries.StatusLoaded || s.ID != v3ID {
		t.Errorf("Seen(v1 reloaded) = %+v, %v; want loaded %d (the newest record)", s, err, v3ID)
	}
	got = query(t, db, `SELECT id, status, coalesce(superseded_by::VARCHAR, '') FROM sources WHERE path = 'a.xlsx' ORDER BY id`)
	want = append(want[:1], []string{strconv.FormatInt(v2ID, 10), queries.StatusSuperseded, strconv.FormatInt(v3ID, 10)},
		[]string{strconv.FormatInt(v3ID, 10), queries.StatusLoaded, ""})
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sources after reloading v1 = %v, want %v", got, want)
	}
	sum, _ = total(t, db, 2023, "shixing", "assistance_funds")
	if want := sumOf(t, fmtAll(v1Amounts)...).String(); sum.Value != want {
		t.Errorf("total = %s, want v1's %s", sum.Value, want)
	}
}

// fmtAll formats numbers as decimal texts.
func fmtAll(values []any) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprint(v)
	}
	return out
}

func TestSeenAndRecordDuplicates(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()

	path := writeWorkbook(t, fundLedger("资金", "始兴县", 2023, 40, 2.5))
	unknown := sourceOf(t, path, "a.xlsx")
	if s, err := db.Seen(ctx, unknown); err != nil || s != (queries.Seen{}) {
		t.Fatalf("Seen of a new file = %+v, %v; want zero", s, err)
	}
	res := transformFile(t, path, "a.xlsx")
	id, err := db.Load(ctx, unknown, res)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		src  queries.Source
		want queries.Seen
	}{
		{name: "same path, same content", src: unknown, want: queries.Seen{Status: queries.StatusLoaded, ID: id}},
		{name: "other path, same content", src: queries.Source{Path: "copy/a.xlsx", SHA256: unknown.SHA256, Size: unknown.Size},
			want: queries.Seen{LoadedAs: id}},
		{name: "same path, other content", src: queries.Source{Path: "a.xlsx", SHA256: "00" + unknown.SHA256[2:], Size: unknown.Size},
			want: queries.Seen{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.Seen(ctx, tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Seen = %+v, want %+v", got, tt.want)
			}
		})
	}

	dup := queries.Source{Path: "copy/a.xlsx", SHA256: unknown.SHA256, Size: unknown.Size}
	if err := db.RecordDuplicate(ctx, dup, id); err != nil {
		t.Fatal(err)
	}
	rows := query(t, db, `SELECT id, path, status, coalesce(duplicate_of::VARCHAR, ''), rows FROM sources ORDER BY id`)
	if len(rows) != 2 {
		t.Fatalf("sources = %v, want the loaded file and its duplicate", rows)
	}
	dupID, _ := strconv.ParseInt(rows[1][0], 10, 64)
	if got, want := rows[1][1:], []string{"copy/a.xlsx", queries.StatusDuplicate, strconv.FormatInt(id, 10), "0"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("duplicate row = %v, want %v", got, want)
	}
	if s, err := db.Seen(ctx, dup); err != nil || s != (queries.Seen{Status: queries.StatusDuplicate, ID: dupID, LoadedAs: id}) {
		t.Errorf("Seen(duplicate) = %+v, %v; want duplicate %d of %d", s, err, dupID, id)
	}
	sum, _ := total(t, db, 2023, "shixing", "assistance_funds")
	if want := sumOf(t, "40", "2.5").String(); sum.Value != want {
		t.Errorf("total = %s, want %s counted once", sum.Value, want)
	}
}

func TestRecordDuplicateSupersedesSamePath(t *testing.T) {
	// b.xlsx is loaded, then replaced by a copy of a.xlsx: b's old rows go,
	// and a's content is counted once.
	db := openDB(t)
	ctx := context.Background()
	aPath := writeWorkbook(t, fundLedger("资金", "始兴县", 2023, 10))
	_, aID := loadFile(t, db, aPath, "a.xlsx")
	_, bID := loadSheets(t, db, "b.xlsx", fundLedger("资金", "始兴县", 2023, 500))
	copyOfA := sourceOf(t, aPath, "b.xlsx")
	seen, err := db.Seen(ctx, copyOfA)
	if err != nil || seen.LoadedAs != aID {
		t.Fatalf("Seen(b.xlsx with a's content) = %+v, %v; want LoadedAs %d", seen, err, aID)
	}
	if err := db.RecordDuplicate(ctx, copyOfA, seen.LoadedAs); err != nil {
		t.Fatal(err)
	}
	got := query(t, db, fmt.Sprintf(`SELECT status FROM sources WHERE id = %d`, bID))
	if got[0][0] != queries.StatusSuperseded {
		t.Errorf("old b.xlsx is %s, want superseded", got[0][0])
	}
	sum, _ := total(t, db, 2023, "shixing", "assistance_funds")
	if sum.Value != "10" {
		t.Errorf("total = %s, want a's 10 only", sum.Value)
	}
}

func TestRejectAndRejects(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "pairstat.duckdb")
	ctx := context.Background()
	db, err := queries.Open(ctx, dbPath, false)
	if err != nil {
		t.Fatal(err)
	}
	src := queries.Source{Path: "inbox/始兴县/台账.xlsx", SHA256: "ab12", Size: 42}
	// In the order transform reports them: the file, then sheets in workbook
	// order (not alphabetical), rows in number order (C9 before C10).
	problems := []*ingest.CellError{
		{File: src.Path, Err: errors.New("no sheet with a recognised header"), Fix: "add a header row"},
		{File: src.Path, Sheet: "项目台账", Err: errors.New("no region"), Fix: "add a 地区 column"},
		{File: src.Path, Sheet: "项目台账", Cell: "C9", Value: "abc", Err: errors.New(`"abc": not a number`), Fix: "write a plain number"},
		{File: src.Path, Sheet: "项目台账", Cell: "C10", Value: "12x", Err: errors.New(`"12x": not a number`), Fix: "write a plain number"},
		{File: src.Path, Sheet: "项目台账", Cell: "AA10", Value: "2023-13-01", Err: errors.New("bad date")},
		{File: src.Path, Sheet: "资金台账", Cell: "B3", Value: "火星", Err: errors.New(`"火星": unknown region`), Fix: "write 塘厦镇 or 始兴县"},
	}
	if err := db.Reject(ctx, src, problems); err != nil {
		db.Close()
		t.Fatal(err)
	}
	seen, err := db.Seen(ctx, src)
	if err != nil || seen.Status != queries.StatusRejected || seen.ID == 0 {
		db.Close()
		t.Fatalf("Seen(rejected) = %+v, %v; want rejected with an id", seen, err)
	}
	check := func(db *queries.DB) {
		t.Helper()
		got, err := db.Rejects(ctx, seen.ID)
		if err != nil {
			t.Error(err)
			return
		}
		if len(got) != len(problems) {
			t.Errorf("Rejects returned %d problems, want %d", len(got), len(problems))
			return
		}
		for i, want := range problems {
			g := got[i]
			if g.File != want.File || g.Sheet != want.Sheet || g.Cell != want.Cell || g.Value != want.Value ||
				g.Fix != want.Fix || g.Err.Error() != want.Err.Error() {
				t.Errorf("problem %d = %q, want %q", i+1, g, want)
			}
		}
	}
	check(db)
	// The next run reads them back the same way.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openDBAt(t, dbPath)
	check(db)
	if other, err := db.Rejects(ctx, seen.ID+1); err != nil || len(other) != 0 {
		t.Errorf("Rejects of another source = %v, %v; want none", other, err)
	}
	// A rejection loads nothing.
	if n := count(t, db, `SELECT count(*) FROM sources WHERE status <> 'rejected'`); n != 0 {
		t.Errorf("%d non-rejected sources after a rejection", n)
	}
}
