// Command gen makes the .xls files of ../ (the tests' testdata): it writes
// .xlsx workbooks with excelize and has LibreOffice convert them to Excel
// 97–2003, so that the files are written by another program than the
// reader under test. Run from the module root:
//
//	go run ./ingest/xls/testdata/gen ingest/xls/testdata
//
// It needs soffice (LibreOffice) and, for the password-protected file,
// python3 with LibreOffice's uno module (encrypt.py); boolerr.xls, of the
// BOOLERR records LibreOffice does not write, is written by xlwt
// (boolerr.py, Debian's python3-xlwt).
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: gen OUTDIR")
	}
	out := os.Args[1]
	tmp, err := os.MkdirTemp("", "xlsgen")
	check(err)
	defer os.RemoveAll(tmp)
	check(records(filepath.Join(tmp, "records.xlsx")))
	check(date1904(filepath.Join(tmp, "date1904.xlsx")))
	for _, name := range []string{"records", "date1904"} {
		run("soffice", "--headless", "--convert-to", "xls", "--outdir", out, filepath.Join(tmp, name+".xlsx"))
	}
	run("/usr/bin/python3", "ingest/xls/testdata/gen/encrypt.py", filepath.Join(tmp, "date1904.xlsx"), filepath.Join(out, "password.xls"), "x")
	run("/usr/bin/python3", "ingest/xls/testdata/gen/boolerr.py", filepath.Join(out, "boolerr.xls"))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	check(cmd.Run())
}

// bigString is the i-th string of sheet Big (1-based), as
// TestSharedStringsAcrossContinue expects it: every third is plain ASCII,
// the others mix Chinese and ASCII.
func bigString(i int) string {
	if i%3 == 0 {
		return fmt.Sprintf("ascii-only-%d", i)
	}
	return fmt.Sprintf("字符串%d-row-中文%c", i, rune(0x4e00+i))
}

// longString is one string long enough to cross several CONTINUE records,
// with ASCII and Chinese stretches.
func longString() string {
	return strings.Repeat("abc", 2000) + strings.Repeat("长字符串", 800) + strings.Repeat("xyz", 2000)
}

// records writes a workbook with every kind of cell LibreOffice writes to
// .xls: a ledger sheet with a merged title, a merged two-row header with a
// unit row, numbers (RK, MULRK and NUMBER records), dates and times in
// built-in and Chinese custom formats, booleans, a 合计 row of formulas with
// number, string, error, Boolean and empty-string results, and a sign-off
// row; a hidden sheet; and sheet Big of 3,000 distinct strings and one long
// string, so that the shared strings cross many CONTINUE records.
func records(path string) error {
	f := excelize.NewFile()
	const s = "数据"
	if err := f.SetSheetName("Sheet1", s); err != nil {
		return err
	}
	date14, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	cjk := `yyyy"年"m"月"d"日"`
	dateCJK, err := f.NewStyle(&excelize.Style{CustomNumFmt: &cjk})
	if err != nil {
		return err
	}
	clock, err := f.NewStyle(&excelize.Style{NumFmt: 20})
	if err != nil {
		return err
	}
	red := `[Red]0.00;"d"0`
	redNum, err := f.NewStyle(&excelize.Style{CustomNumFmt: &red})
	if err != nil {
		return err
	}
	cells := map[string]any{
		"A1": "塘厦镇2023年产业共建项目台账",
		"A2": "项目名称", "B2": "投资额", "C2": "签约日期", "D2": "比率", "E2": "完成", "F2": "时间",
		"B3": "万元",
		"A4": "项目甲", "B4": 12.34, "C4": 44998.0, "D4": 0.1 + 0.2, "E4": true, "F4": 0.5, "H4": "Ünïcødé mixed 中文",
		"A5": "项目乙", "B5": 1234567, "C5": 45000.0, "D5": 1e300, "E5": false, "F5": 0.25,
		"A6": "项目丙", "B6": -5.5, "C6": 45001.0, "D6": 123456789012345678.0, "E6": 1, "F6": 0.75,
		"A7": "合计",
		"A9": "填表人：张三",
	}
	for cell, v := range cells {
		if err := f.SetCellValue(s, cell, v); err != nil {
			return err
		}
	}
	formulas := map[string]string{"B7": "SUM(B4:B6)", "C7": `"文本"&"结果"`, "D7": "1/0", "E7": "1=1", "F7": "NA()", "G7": `""`}
	for cell, v := range formulas {
		if err := f.SetCellFormula(s, cell, v); err != nil {
			return err
		}
	}
	styles := []struct {
		from, to string
		style    int
	}{{"C4", "C4", date14}, {"C5", "C5", dateCJK}, {"C6", "C6", date14}, {"F4", "F6", clock}, {"D4", "D4", redNum}}
	for _, st := range styles {
		if err := f.SetCellStyle(s, st.from, st.to, st.style); err != nil {
			return err
		}
	}
	for _, m := range [][2]string{{"A1", "F1"}, {"A2", "A3"}} {
		if err := f.MergeCell(s, m[0], m[1]); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet("隐藏"); err != nil {
		return err
	}
	if err := f.SetCellValue("隐藏", "A1", "secret"); err != nil {
		return err
	}
	if err := f.SetSheetVisible("隐藏", false); err != nil {
		return err
	}
	if _, err := f.NewSheet("Big"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Big")
	if err != nil {
		return err
	}
	for i := 1; i <= 3000; i++ {
		if err := sw.SetRow(fmt.Sprintf("A%d", i), []any{bigString(i)}); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A3001", []any{longString()}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// date1904 writes a workbook in the 1904 date system: 43542 is 2023-03-19.
func date1904(path string) error {
	f := excelize.NewFile()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		return err
	}
	date14, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	if err := f.SetCellValue("Sheet1", "A1", "日期"); err != nil {
		return err
	}
	if err := f.SetCellValue("Sheet1", "A2", 43542.0); err != nil {
		return err
	}
	if err := f.SetCellStyle("Sheet1", "A2", "A2", date14); err != nil {
		return err
	}
	return f.SaveAs(path)
}
