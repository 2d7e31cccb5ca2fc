package transform

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/ingest"
)

// sheet is a test sheet: rows of values from A1, written with SetSheetRow
// (nil leaves a cell empty), plus merged ranges like "A1:D1".
type sheet struct {
	name   string
	rows   [][]any
	merges []string
	// dateCols are 1-based columns whose numeric cells get a date format.
	dateCols []int
	// formulas are cells ("D3") holding a formula with no saved result, as
	// openpyxl and excelize write them.
	formulas map[string]string
}

// writeWorkbook saves the sheets as an .xlsx under t.TempDir() and returns its path.
func writeWorkbook(t *testing.T, file string, sheets ...sheet) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
			for _, c := range s.dateCols {
				ref, _ := excelize.CoordinatesToCellName(c, r+1)
				if err := f.SetCellStyle(s.name, ref, ref, dateStyle); err != nil {
					t.Fatal(err)
				}
			}
		}
		for ref, formula := range s.formulas {
			if err := f.SetCellFormula(s.name, ref, formula); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range s.merges {
			from, to, _ := cutRange(m)
			if err := f.MergeCell(s.name, from, to); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), file)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func cutRange(r string) (string, string, bool) {
	for i := range r {
		if r[i] == ':' {
			return r[:i], r[i+1:], true
		}
	}
	return r, r, false
}

// convertFile runs a workbook through ingest and transform.
func convertFile(t *testing.T, cat *Catalog, path string, hints Hints) *Result {
	t.Helper()
	wb, err := ingest.Open(path, filepath.Base(path))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer wb.Close()
	res, err := cat.Workbook(wb, hints)
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	t.Cleanup(res.Release)
	return res
}

// mustConvert converts and fails the test on any problem.
func mustConvert(t *testing.T, path string, hints Hints) *Result {
	t.Helper()
	res := convertFile(t, defaultCat(t), path, hints)
	if len(res.Problems) > 0 {
		t.Fatalf("unexpected problems: %v", res.Err())
	}
	return res
}

func defaultCat(t *testing.T) *Catalog {
	t.Helper()
	cat, err := LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// tableRows renders a table's rows as column → text (NULL as "<nil>").
func tableRows(res *Result, table string) []map[string]string {
	var out []map[string]string
	for _, b := range res.Batches[table] {
		for i := 0; i < int(b.NumRows()); i++ {
			row := map[string]string{}
			for c, col := range b.Columns() {
				name := b.Schema().Field(c).Name
				if col.IsNull(i) {
					row[name] = "<nil>"
					continue
				}
				row[name] = valueText(col, i)
			}
			out = append(out, row)
		}
	}
	return out
}

func valueText(col any, i int) string {
	switch a := col.(type) {
	case *array.Decimal128:
		return a.Value(i).ToString(decimalScale)
	case *array.Date32:
		return a.Value(i).FormattedString()
	case interface{ ValueStr(int) string }:
		return a.ValueStr(i)
	}
	return "?"
}

// dataRows keeps the rows whose role is data.
func dataRows(rows []map[string]string) []map[string]string {
	var out []map[string]string
	for _, r := range rows {
		if r["role"] == roleData {
			out = append(out, r)
		}
	}
	return out
}

// problemAt finds the problem at a cell ("" for sheet-level) and checks its cause.
func problemAt(t *testing.T, res *Result, cell string, cause error) *ingest.CellError {
	t.Helper()
	for _, p := range res.Problems {
		if p.Cell == cell && errors.Is(p, cause) {
			return p
		}
	}
	t.Fatalf("no problem at %q wrapping %v; problems: %v", cell, cause, res.Err())
	return nil
}
