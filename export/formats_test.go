package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// fakeSource stands for the database: fixed totals, targets and sources, and a
// parquet writer that records what it was asked to write.
type fakeSource struct {
	totals  []queries.ExportTotal
	targets []queries.Target
	sources []queries.LoadedSource
	parquet []queries.ParquetOptions
}

func (s *fakeSource) Targets(context.Context, queries.ExportFilter) ([]queries.Target, error) {
	return s.targets, nil
}

func (s *fakeSource) ExportTotals(context.Context, queries.ExportFilter) ([]queries.ExportTotal, error) {
	return s.totals, nil
}

func (s *fakeSource) LoadedSources(context.Context) ([]queries.LoadedSource, error) {
	return s.sources, nil
}

func (s *fakeSource) WriteParquet(_ context.Context, _ queries.ExportFilter, path string, o queries.ParquetOptions) error {
	s.parquet = append(s.parquet, o)
	if o.Partition {
		return os.Mkdir(filepath.Join(path, "year=2023"), 0o755)
	}
	return os.WriteFile(path, []byte("PAR1"), 0o644)
}

func testSource() *fakeSource {
	return &fakeSource{
		totals: []queries.ExportTotal{
			{Total: queries.Total{Year: 2022, Region: "tangxia", Indicator: "assistance_funds", Value: "1520.5", Unit: "万元", Basis: "ledger"},
				NameZh: "协调投入帮扶资金", NameEn: "Assistance funds"},
			{Total: queries.Total{Year: 2023, Region: "all", Indicator: "projects_signed", Value: "85", Unit: "个", Partial: true, Basis: "mixed"},
				NameZh: "新签约项目", NameEn: "New projects signed"},
		},
		sources: []queries.LoadedSource{{Path: "inbox/a.xlsx", SHA256: "ab", Size: 10, Rows: 2}},
	}
}

func testCatalog(t *testing.T) *transform.Catalog {
	t.Helper()
	cat, err := transform.LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestFormats: one row per format, each with its extension and what it
// holds, in the order run --export writes them.
func TestFormats(t *testing.T) {
	if got, want := Names(), []string{"csv", "json", "parquet", "xlsx"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	if got := NameList(); got != "csv, json, parquet or xlsx" {
		t.Errorf("NameList() = %q", got)
	}
	for _, f := range Formats() {
		if f.Ext != "."+f.Name || f.Holds == "" {
			t.Errorf("format %s: extension %q, holds %q", f.Name, f.Ext, f.Holds)
		}
		if g, ok := Lookup(f.Name); !ok || g.Name != f.Name {
			t.Errorf("Lookup(%q) = %v, %v", f.Name, g.Name, ok)
		}
	}
	if _, ok := Lookup("xls"); ok {
		t.Error("Lookup(xls) found a format")
	}
}

// TestWrite: each format is written through its row of the table, csv
// with and without the byte-order mark, parquet handed to the database.
func TestWrite(t *testing.T) {
	ctx, cat, dir := context.Background(), testCatalog(t), t.TempDir()
	src := testSource()
	write := func(o Options) string {
		t.Helper()
		o.Out = filepath.Join(dir, o.Out)
		if err := Write(ctx, src, cat, queries.ExportFilter{}, o); err != nil {
			t.Fatalf("Write(%+v) = %v", o, err)
		}
		data, _ := os.ReadFile(o.Out)
		return string(data)
	}
	wantCSV := "year,region,indicator,value,unit,partial,basis\n" +
		"2022,tangxia,assistance_funds,1520.5,万元,false,ledger\n" +
		"2023,all,projects_signed,85,个,true,mixed\n"
	if got := write(Options{Format: "csv", Out: "t.csv"}); got != wantCSV {
		t.Errorf("csv:\n%s\nwant:\n%s", got, wantCSV)
	}
	if got := write(Options{Format: "csv", Out: "bom.csv", BOM: true}); got != utf8BOM+wantCSV {
		t.Errorf("csv with BOM = %q", got)
	}
	wantJSON := `[
  {
    "year": 2022,
    "region": "tangxia",
    "indicator": "assistance_funds",
    "value": 1520.5,
    "unit": "万元",
    "partial": false,
    "basis": "ledger",
    "name_zh": "协调投入帮扶资金",
    "name_en": "Assistance funds"
  },
  {
    "year": 2023,
    "region": "all",
    "indicator": "projects_signed",
    "value": 85,
    "unit": "个",
    "partial": true,
    "basis": "mixed",
    "name_zh": "新签约项目",
    "name_en": "New projects signed"
  }
]
`
	if got := write(Options{Format: "json", Out: "t.json"}); got != wantJSON {
		t.Errorf("json:\n%s\nwant:\n%s", got, wantJSON)
	}
	book := write(Options{Format: "xlsx", Out: "t.xlsx"})
	if !bytes.HasPrefix([]byte(book), []byte("PK")) {
		t.Errorf("xlsx does not start as a zip file: %q", book[:min(len(book), 4)])
	}
	if again := write(Options{Format: "xlsx", Out: "again.xlsx"}); again != book {
		t.Error("the same totals gave another workbook")
	}
	if got := write(Options{Format: "parquet", Out: "t.parquet"}); got != "PAR1" {
		t.Errorf("parquet = %q", got)
	}
	write(Options{Format: "parquet", Out: "facts.parquet", Facts: true})
	write(Options{Format: "parquet", Out: "parts", Partition: true})
	want := []queries.ParquetOptions{{}, {Facts: true}, {Partition: true}}
	if !slices.Equal(src.parquet, want) {
		t.Errorf("parquet hand-offs %+v, want %+v", src.parquet, want)
	}
	if err := Write(ctx, src, cat, queries.ExportFilter{}, Options{Format: "xls", Out: filepath.Join(dir, "x")}); err == nil {
		t.Error("Write of an unknown format succeeded")
	}
}

// TestWriteAll: run --export writes one file per format and the facts.
func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteAll(context.Background(), testSource(), testCatalog(t), queries.ExportFilter{}, dir); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, "facts.parquet", "totals.csv", "totals.json", "totals.parquet", "totals.xlsx")
	if err := WriteAll(context.Background(), testSource(), testCatalog(t), queries.ExportFilter{}, filepath.Join(dir, "totals.csv")); err == nil {
		t.Error("WriteAll into a file succeeded")
	}
}
