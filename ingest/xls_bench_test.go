package ingest_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/ingest"
)

// benchRows and benchCols are the size of the benchmark's workbook: near
// BIFF8's 65,536 rows.
const benchRows, benchCols = 65_000, 8

// BenchmarkReadXLS reads a ledger of 65,000 rows × 8 columns through
// ingest, as .xls (converted by LibreOffice from excelize's .xlsx) and as
// the .xlsx itself.
func BenchmarkReadXLS(b *testing.B) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		b.Skip("LibreOffice (soffice) is not installed")
	}
	dir := b.TempDir()
	xlsx := filepath.Join(dir, "ledger.xlsx")
	writeBenchLedger(b, xlsx)
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+b.TempDir(), "--headless", "--convert-to", "xls", "--outdir", dir, xlsx)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("soffice: %v\n%s", err, out)
	}
	for _, name := range []string{"ledger.xls", "ledger.xlsx"} {
		path := filepath.Join(dir, name)
		b.Run(filepath.Ext(name)[1:], func(b *testing.B) {
			for b.Loop() {
				rows, err := readAll(path, name, ingest.Limits{})
				if err != nil {
					b.Fatal(err)
				}
				if rows != benchRows+1 {
					b.Fatalf("%d rows, want %d", rows, benchRows+1)
				}
			}
		})
	}
}

// writeBenchLedger writes a project ledger of benchRows rows: a header,
// then text, numbers and dates.
func writeBenchLedger(b *testing.B, path string) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"序号", "项目名称", "地区", "产业", "投资额（万元）", "签约日期", "开工日期", "备注"}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= benchRows; i++ {
		row := make([]any, benchCols)
		row[0] = i
		row[1] = fmt.Sprintf("项目%05d", i)
		row[2] = []string{"塘厦镇", "始兴县"}[i%2]
		row[3] = []string{"电子信息", "新材料", "现代农业"}[i%3]
		row[4] = float64(i%997) * 12.5
		row[5] = excelize.Cell{StyleID: date, Value: day.AddDate(0, 0, i%365)}
		row[6] = excelize.Cell{StyleID: date, Value: day.AddDate(0, 0, i%365+30)}
		row[7] = "备注"
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
}
