package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/pairstat/pairstat/samples/synth"
)

// soffice converts the file at src with LibreOffice to the format of
// filter (as `soffice --convert-to` takes it), saving the result as
// name in a fresh folder; the test is skipped where LibreOffice is not
// installed.
func soffice(t *testing.T, src, filter, name string) string {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	out, profile := t.TempDir(), t.TempDir()
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+profile, "--headless", "--convert-to", filter, "--outdir", out, src)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	made, err := filepath.Glob(filepath.Join(out, base+".*"))
	if err != nil || len(made) != 1 {
		t.Fatalf("soffice made %q from %s", made, src)
	}
	path := filepath.Join(out, name)
	must(t, os.Rename(made[0], path))
	return path
}

// fundsCSV is a Shixing fund ledger as Excel saves it as CSV: a title line,
// displayed values ("1,250.00", "2023/3/18") and a 合计 row. Its total is
// 4,768 万元 for 2023.
const fundsCSV = "始兴县2023年帮扶资金台账,,,\r\n" +
	"日期,领域,项目,金额（万元）\r\n" +
	"2023/3/18,教育,教育帮扶资金,\"1,250.00\"\r\n" +
	"2023/5/1,医疗,乡镇卫生院医疗设备购置,\"3,000.50\"\r\n" +
	"2023/9/30,劳务协作,劳务协作稳岗补贴,517.5\r\n" +
	"合计,,,\"4,768.00\"\r\n"

var fundsKey = synth.Key{Year: 2023, Region: "shixing", Indicator: "assistance_funds"}

// TestCSVEncodingsEndToEnd ingests the same fund ledger saved in each
// encoding Excel and WPS save CSV and Unicode text in.
func TestCSVEncodingsEndToEnd(t *testing.T) {
	tests := []struct {
		name, file string
		enc        encoding.Encoding
		tabs       bool
	}{
		{"UTF-8", "帮扶资金.csv", unicode.UTF8, false},
		{"UTF-8 with BOM", "帮扶资金.csv", unicode.UTF8BOM, false},
		{"GB18030", "帮扶资金.csv", simplifiedchinese.GB18030, false},
		{"UTF-16 LE with BOM, tab-separated", "帮扶资金.txt", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), true},
		{"UTF-16 BE with BOM", "帮扶资金.csv", unicode.UTF16(unicode.BigEndian, unicode.UseBOM), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := fundsCSV
			if tt.tabs { // as Excel saves Unicode text: no quotes needed
				var lines []string
				for _, line := range strings.Split(text, "\r\n") {
					lines = append(lines, strings.Join(splitCSV(line), "\t"))
				}
				text = strings.Join(lines, "\r\n")
			}
			data, err := tt.enc.NewEncoder().Bytes([]byte(text))
			must(t, err)
			inbox, db := t.TempDir(), dbPath(t)
			writeFile(t, filepath.Join(inbox, tt.file), data)
			age(t, inbox)
			r := ingestInbox(t, db, inbox, exitOK)
			wantSummary(t, r, "1 loaded, 0 unchanged, 0 duplicate, 0 rejected, 0 ignored")
			if got := totalsOf(t, db)[fundsKey]; got != "4768" {
				t.Errorf("assistance_funds 2023 shixing = %q, want 4768", got)
			}
		})
	}
}

// TestCSVInNoEncoding: a file that decodes in no supported encoding is
// rejected, naming what was tried.
func TestCSVInNoEncoding(t *testing.T) {
	inbox, db := t.TempDir(), dbPath(t)
	writeFile(t, filepath.Join(inbox, "乱码.csv"), []byte("\xff\xfa\x00\x81\x30,1\n"))
	age(t, inbox)
	r := ingestInbox(t, db, inbox, exitRejected)
	if !strings.Contains(r.stderr, "乱码.csv: a text file in no encoding pairstat reads: it was read as UTF-8, then as GB18030") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

// TestXLSEndToEnd ingests a fund ledger saved as .xlsx by excelize and the
// same converted to .xls (and renamed .et, as WPS saves it) by
// LibreOffice: the totals are the same.
func TestXLSEndToEnd(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "始兴县帮扶资金台账.xlsx")
	fundLedger(t, xlsx, 2023, "1250", "3000.5", "517.5")
	xls := soffice(t, xlsx, "xls", "始兴县帮扶资金台账.xls")
	want := map[synth.Key]string{}
	for i, path := range []string{xlsx, xls, xls} {
		inbox, db := t.TempDir(), dbPath(t)
		name := filepath.Base(path)
		if i == 2 {
			name = strings.TrimSuffix(name, ".xls") + ".et"
		}
		copyFile(t, path, filepath.Join(inbox, name))
		age(t, inbox)
		ingestInbox(t, db, inbox, exitOK)
		got := totalsOf(t, db)
		if i == 0 {
			want = got
			if want[fundsKey] != "4768" {
				t.Fatalf("the .xlsx totals %v hold no assistance_funds of 4768", want)
			}
			continue
		}
		sameTotals(t, got, want)
	}
}

// TestPasswordProtected: an .xlsx encrypted with a password (an OLE2
// container holding EncryptionInfo and EncryptedPackage) is rejected as
// such. LibreOffice 7.4 ignores the password in --convert-to's filter
// options (it writes a plain zip), so excelize encrypts it when it does.
func TestPasswordProtected(t *testing.T) {
	dir, inbox := t.TempDir(), t.TempDir()
	xlsx := filepath.Join(dir, "资金.xlsx")
	fundLedger(t, xlsx, 2023, "1", "2", "3")
	const password = `{"EncryptFile":{"type":"boolean","value":"true"},"Password":{"type":"string","value":"x"}}`
	encrypted := filepath.Join(inbox, "加密.xlsx")
	copyFile(t, soffice(t, xlsx, `xlsx:Calc MS Excel 2007 XML:`+password, "加密.xlsx"), encrypted)
	if !isOLE2(t, encrypted) {
		f, err := excelize.OpenFile(xlsx)
		must(t, err)
		must(t, f.SaveAs(encrypted, excelize.Options{Password: "x"}))
		must(t, f.Close())
		if !isOLE2(t, encrypted) {
			t.Fatal("excelize wrote the encrypted workbook without an OLE2 container")
		}
	}
	r := pairstatDo(t, exitRejected, "check", "--lang", "en", inbox)
	if !strings.Contains(r.stdout, "加密.xlsx: would be rejected") ||
		!strings.Contains(r.stdout, "加密.xlsx: the workbook is protected with a password") ||
		!strings.Contains(r.stdout, "(fix: open it, remove the password, save)") {
		t.Errorf("check does not reject the workbook as password-protected:\n%s", r.stdout)
	}
	zh := pairstatDo(t, exitRejected, "check", "--lang", "zh", inbox)
	if !strings.Contains(zh.stdout, "工作簿设有密码保护（这是用密码加密的 .xlsx 工作簿）。修改方法：打开该文件，取消密码，保存") {
		t.Errorf("check --lang zh:\n%s", zh.stdout)
	}
}

// isOLE2 reports whether the file at path is an OLE2 compound file.
func isOLE2(t *testing.T, path string) bool {
	data, err := os.ReadFile(path)
	must(t, err)
	return bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
}

// cellsOut runs `pairstat cells` on path.
func cellsOut(t *testing.T, path string, args ...string) string {
	t.Helper()
	return pairstatDo(t, exitOK, append([]string{"cells", path}, args...)...).stdout
}

// TestCellsSameInEveryFormat: the same texts read from .xlsx, .xls and
// CSV, and the same typed values from .xlsx and .xls, show the same.
func TestCellsSameInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	texts := excelize.NewFile()
	const sheet = "资金"
	must(t, texts.SetSheetName("Sheet1", sheet))
	csvText := ""
	for i, line := range strings.Split(strings.TrimSpace(fundsCSV), "\r\n") {
		for j, v := range splitCSV(line) {
			if v != "" {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				must(t, texts.SetCellStr(sheet, cell, v))
			}
		}
		csvText += line + "\r\n"
	}
	xlsx := filepath.Join(dir, sheet+".xlsx")
	must(t, texts.SaveAs(xlsx))
	csvPath := filepath.Join(dir, sheet+".csv")
	writeFile(t, csvPath, []byte(csvText))
	want := cellsOut(t, csvPath)
	if !strings.Contains(want, "资金,D3,text,\"1,250.00\"\n") {
		t.Fatalf("cells of the CSV:\n%s", want)
	}
	for _, path := range []string{xlsx, soffice(t, xlsx, "xls", sheet+".xls")} {
		if got := cellsOut(t, path); got != want {
			t.Errorf("cells of %s:\n%s\nwant (as the CSV):\n%s", filepath.Base(path), got, want)
		}
	}

	typed := excelize.NewFile()
	must(t, typed.SetSheetName("Sheet1", "值"))
	values := map[string]any{"A1": 2023, "B1": 0.1 + 0.2, "C1": true, "D1": 1250.5, "E1": -1e-7,
		"F1": time.Date(2023, 3, 18, 0, 0, 0, 0, time.UTC), "G1": time.Date(2023, 3, 18, 10, 30, 0, 0, time.UTC),
		"H1": "合计", "I1": false, "J1": 0.1 + 0.7, "K1": 12345678901.2345}
	for ref, v := range values {
		must(t, typed.SetCellValue("值", ref, v))
	}
	_, err := typed.NewSheet("隐藏")
	must(t, err)
	must(t, typed.SetCellStr("隐藏", "B2", "hidden"))
	must(t, typed.SetSheetVisible("隐藏", false))
	typedPath := filepath.Join(dir, "值.xlsx")
	must(t, typed.SaveAs(typedPath))
	want = "sheet,cell,type,value\n" +
		"值,A1,number,2023\n值,B1,number,0.3\n值,C1,bool,TRUE\n值,D1,number,1250.5\n值,E1,number,-1E-07\n" +
		"值,F1,date,2023-03-18\n值,G1,date,2023-03-18 10:30:00\n值,H1,text,合计\n值,I1,bool,FALSE\n" +
		"值,J1,number,0.8\n值,K1,number,12345678901.2345\n" +
		"隐藏,B2,text,hidden\n"
	for _, path := range []string{typedPath, soffice(t, typedPath, "xls", "值.xls")} {
		if got := cellsOut(t, path); got != want {
			t.Errorf("cells of %s:\n%s\nwant:\n%s", filepath.Base(path), got, want)
		}
	}
	if got := cellsOut(t, typedPath, "--sheet", "隐藏"); got != "sheet,cell,type,value\n隐藏,B2,text,hidden\n" {
		t.Errorf("cells --sheet 隐藏:\n%s", got)
	}
	// A sheet the file does not have: nothing on stdout, and its sheets named.
	if r := pairstatDo(t, exitFailure, "cells", typedPath, "--sheet", "nosuch"); r.stdout != "" || !strings.Contains(r.stderr, `has no sheet "nosuch"; its sheets: 值, 隐藏`) {
		t.Errorf("cells --sheet nosuch: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

// splitCSV splits a line of fundsCSV into its fields.
func splitCSV(line string) []string {
	var fields []string
	var b strings.Builder
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ',' && !quoted:
			fields = append(fields, b.String())
			b.Reset()
		default:
			b.WriteRune(r)
		}
	}
	return append(fields, b.String())
}
