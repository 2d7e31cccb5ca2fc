package ingest_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/pairstat/pairstat/ingest"
)

// fundsCSV is a fund ledger as Excel saves it as CSV: a title line padded
// to the table's width, a blank line, displayed values (quoted where they
// hold the separator) and a 合计 row.
const fundsCSV = "始兴县2023年帮扶资金台账,,,\r\n" +
	",,,\r\n" +
	"日期,领域,项目,金额（万元）\r\n" +
	"2023/3/18,教育,\"教育帮扶资金, 第一批\",\"1,250.00\"\r\n" +
	"2023/5/1,医疗,\"设备\"\"购置\"\"\",\"3,000.50\"\r\n" +
	"2023/9/30,劳务协作,\"稳岗\n补贴\",517.5\r\n" +
	"合计,,,\"4,768.00\"\r\n"

// encodeText encodes text in enc, with sep for the commas outside quotes
// and a byte order mark first when bom is set.
func encodeText(t testing.TB, text string, enc encoding.Encoding, sep string) []byte {
	t.Helper()
	if sep != "," {
		text = replaceOutsideQuotes(text, ",", sep)
	}
	b, err := enc.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// replaceOutsideQuotes replaces old by new where it is not in a quoted field.
func replaceOutsideQuotes(s, old, new string) string {
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && string(r) == old:
			b.WriteString(new)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// csvEncodings are the encodings Excel and WPS save CSV and Unicode text in.
var csvEncodings = []struct {
	name, file, sep string
	enc             encoding.Encoding
}{
	{"UTF-8", "资金.csv", ",", unicode.UTF8},
	{"UTF-8 with BOM", "资金.csv", ",", unicode.UTF8BOM},
	{"GB18030", "资金.csv", ",", simplifiedchinese.GB18030},
	{"GBK", "资金.csv", ",", simplifiedchinese.GBK},
	{"UTF-16 LE with BOM, tabs (Unicode 文本)", "资金.txt", "\t", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)},
	{"UTF-16 BE with BOM", "资金.csv", ",", unicode.UTF16(unicode.BigEndian, unicode.UseBOM)},
	{"semicolons", "资金.csv", ";", unicode.UTF8},
}

// wantFunds is every cell of fundsCSV, as "A1=text".
var wantFunds = []string{
	"A1=始兴县2023年帮扶资金台账",
	"A3=日期", "B3=领域", "C3=项目", "D3=金额（万元）",
	"A4=2023/3/18", "B4=教育", "C4=教育帮扶资金, 第一批", "D4=1,250.00",
	"A5=2023/5/1", "B5=医疗", `C5=设备"购置"`, "D5=3,000.50",
	"A6=2023/9/30", "B6=劳务协作", "C6=稳岗\n补贴", "D6=517.5",
	"A7=合计", "D7=4,768.00",
}

// cellsOf reads every sheet of the workbook at path: the sheet names, and
// each cell as "A1=value", failing on a cell that is not text.
func cellsOf(t *testing.T, path string) ([]string, []string) {
	t.Helper()
	wb, err := ingest.Open(path, filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	var cells []string
	for _, sheet := range wb.Sheets() {
		rows, err := wb.Rows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for rows.Next() {
			r := rows.Row()
			if want++; r.Num != want {
				t.Fatalf("row %d follows row %d", r.Num, want-1)
			}
			for _, c := range r.Cells {
				if c.Type != ingest.Text {
					t.Errorf("%s is %v, want text", r.Ref(c.Col), c.Type)
				}
				cells = append(cells, r.Ref(c.Col)+"="+c.Value)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return wb.Sheets(), cells
}

func TestCSVEncodings(t *testing.T) {
	for _, tt := range csvEncodings {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, encodeText(t, fundsCSV, tt.enc, tt.sep))
			sheets, cells := cellsOf(t, path)
			if len(sheets) != 1 || sheets[0] != "资金" {
				t.Errorf("sheets %q, want [资金]", sheets)
			}
			if strings.Join(cells, "|") != strings.Join(wantFunds, "|") {
				t.Errorf("cells\n%q\nwant\n%q", cells, wantFunds)
			}
		})
	}
}

func TestCSVRejected(t *testing.T) {
	latin1 := []byte("Jahr,Betrag\n2023,\xff\xfe\x80\x81\n")
	tests := []struct {
		name  string
		data  []byte
		cause error
		says  []string
	}{
		{"no encoding", append([]byte("年度,金额\n"), 0x81, 0x30, 0xFF, 0x00, 0x80, '\n'), ingest.ErrNotWorkbook,
			[]string{"no encoding", "UTF-8, then as GB18030"}},
		{"control characters", []byte("a,b\n\x01\x02,c\n"), ingest.ErrNotWorkbook, []string{"UTF-8, then as GB18030"}},
		{"a BOM that lies", append([]byte{0xEF, 0xBB, 0xBF}, latin1...), ingest.ErrNotWorkbook, []string{"as UTF-8, and"}},
		{"UTF-16 cut in a surrogate", []byte{0xFF, 0xFE, 'a', 0, 0x3D, 0xD8}, ingest.ErrNotWorkbook, []string{"UTF-16 LE"}},
		{"a cell over the limit", []byte("\"" + strings.Repeat("长", 40_000) + "\"\n"), ingest.ErrLimit, []string{"32,767"}},
		{"an unclosed quote swallowing the file", []byte("a,\"b\n" + strings.Repeat("1,2\n", 20_000)), ingest.ErrDamaged,
			[]string{"opens a field on line 1"}},
		{"an unclosed quote", []byte("年度,项目,金额\n2023,a \"\"x\"\" y,1\n2023,\"a,100\n2023,b,200\n"), ingest.ErrDamaged,
			[]string{"opens a field on line 3 and is never closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(writeFile(t, "表.csv", tt.data), "表.csv", ingest.Limits{})
			var ce *ingest.CellError
			if !errors.As(err, &ce) || !errors.Is(err, tt.cause) {
				t.Fatalf("error %v, want a CellError wrapping %v", err, tt.cause)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if ce.Fix == "" || ce.FixZh == "" {
				t.Errorf("no fix in both languages: %+v", ce)
			}
		})
	}
}

// Quotes as Excel writes them, and as it reads the ones it would not
// write, are text; only a quote left open fails (TestCSVRejected).
func TestCSVQuotes(t *testing.T) {
	data := "a,b,c\n\"x \"\"y\"\", z\",\"多\n行\",c\"d\n\"e\"f\",\"\",\"g\"\n"
	_, cells := cellsOf(t, writeFile(t, "q.csv", []byte(data)))
	want := []string{"A1=a", "B1=b", "C1=c", "A2=x \"y\", z", "B2=多\n行", "C2=c\"d", "A3=e\"f", "C3=g"}
	if strings.Join(cells, "|") != strings.Join(want, "|") {
		t.Errorf("cells\n%q\nwant\n%q", cells, want)
	}
}

// Lines ended by a carriage return alone ("CSV (Macintosh)") are lines.
func TestCSVCarriageReturns(t *testing.T) {
	_, cells := cellsOf(t, writeFile(t, "cr.csv", []byte("年度,金额\r2023,\"1\r2\"\r\r2024,3\r")))
	want := []string{"A1=年度", "B1=金额", "A2=2023", "B2=1\n2", "A4=2024", "B4=3"}
	if strings.Join(cells, "|") != strings.Join(want, "|") {
		t.Errorf("cells\n%q\nwant\n%q", cells, want)
	}
}

func TestCSVLimits(t *testing.T) {
	data := []byte(strings.Repeat("1,2,3\n", 50))
	tests := []struct {
		lim  ingest.Limits
		says string
	}{
		{ingest.Limits{Rows: 10}, "more than 10 rows"},
		{ingest.Limits{Cols: 2}, "beyond column B"},
		{ingest.Limits{Text: 100}, "more than 100 bytes of text"},
		{ingest.Limits{Size: 200}, "more than the limit of 200 bytes"},
	}
	for _, tt := range tests {
		_, err := readAll(writeFile(t, "t.csv", data), "t.csv", tt.lim)
		if !errors.Is(err, ingest.ErrLimit) || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("limits %+v: error %v, want ErrLimit saying %q", tt.lim, err, tt.says)
		}
	}
}

// TestTextNotesAreNoSpreadsheet: a .txt file is a spreadsheet only when it
// is Excel's Unicode text (UTF-16 with a BOM).
func TestTextNotesAreNoSpreadsheet(t *testing.T) {
	notes := writeFile(t, "说明.txt", []byte("2023年数据，请查收。\n"))
	unicodeText := writeFile(t, "资金.txt", encodeText(t, fundsCSV, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "\t"))
	for path, want := range map[string]bool{notes: false, unicodeText: true, "a.CSV": true, "b.et": true, "c.ods": true, "d.doc": false} {
		if got := ingest.IsSpreadsheet(path); got != want {
			t.Errorf("IsSpreadsheet(%s) = %v, want %v", filepath.Base(path), got, want)
		}
	}
}

// FuzzCSV reads any bytes as a CSV file: the reader never panics, and a
// failure is a CellError.
func FuzzCSV(f *testing.F) {
	for _, e := range csvEncodings {
		f.Add(encodeText(f, fundsCSV, e.enc, e.sep))
	}
	f.Add([]byte("a,\"b\n\"\"c"))
	f.Add([]byte{0xFF, 0xFE, 0x00, 0xD8, 'a', 0})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, fmt.Sprintf("f%d.csv", os.Getpid()))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := readAll(path, "f.csv", ingest.Limits{Rows: 1000, CellText: 1000})
		var ce *ingest.CellError
		if err != nil && !errors.As(err, &ce) {
			t.Fatalf("error %v is no CellError", err)
		}
	})
}
