package xls

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sheetIndex is the index of the named sheet.
func sheetIndex(t *testing.T, b *Book, name string) int {
	t.Helper()
	i := slices.IndexFunc(b.Sheets(), func(s Sheet) bool { return s.Name == name })
	if i < 0 {
		t.Fatalf("no sheet %q in %v", name, b.Sheets())
	}
	return i
}

func TestSheets(t *testing.T) {
	b := mustOpen(t, "records.xls")
	want := []Sheet{{Name: "数据"}, {Name: "隐藏", Hidden: true}, {Name: "Big"}}
	if got := b.Sheets(); !slices.Equal(got, want) {
		t.Errorf("Sheets() = %v, want %v", got, want)
	}
	if b.Date1904() {
		t.Error("records.xls: Date1904() = true, want false")
	}
	rows, err := sheetRows(b, 1)
	if err != nil || len(rows) != 1 || rows[1][0].Value != "secret" {
		t.Errorf("hidden sheet: rows %v, err %v", rows, err)
	}
}

// The ledger sheet: merged title and two-row header with a unit row,
// numbers, dates, times, Booleans and a 合计 row of formulas.
func TestLedger(t *testing.T) {
	b := mustOpen(t, "records.xls")
	i := sheetIndex(t, b, "数据")
	rows, err := sheetRows(b, i)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]Cell{
		1: {{1, Text, "塘厦镇2023年产业共建项目台账"}},
		2: {{1, Text, "项目名称"}, {2, Text, "投资额"}, {3, Text, "签约日期"}, {4, Text, "比率"}, {5, Text, "完成"}, {6, Text, "时间"}},
		3: {{2, Text, "万元"}},
		4: {{1, Text, "项目甲"}, {2, Number, "12.34"}, {3, Date, "44998"}, {4, Number, "0.3"}, {5, Bool, "1"}, {6, Date, "0.5"}, {8, Text, "Ünïcødé mixed 中文"}},
		5: {{1, Text, "项目乙"}, {2, Number, "1234567"}, {3, Date, "45000"}, {4, Number, "1E+300"}, {5, Bool, "0"}, {6, Date, "0.25"}},
		6: {{1, Text, "项目丙"}, {2, Number, "-5.5"}, {3, Date, "45001"}, {4, Number, "123456789012345000"}, {5, Number, "1"}, {6, Date, "0.75"}},
		// G7's formula yields the empty string: no cell.
		7: {{1, Text, "合计"}, {2, Number, "1234573.84"}, {3, Text, "文本结果"}, {4, Error, "#DIV/0!"}, {5, Bool, "1"}, {6, Error, "#N/A"}},
		9: {{1, Text, "填表人：张三"}},
	}
	if len(rows) != len(want) {
		t.Errorf("rows %v, want rows %v", slices.Sorted(mapKeys(rows)), slices.Sorted(mapKeys(want)))
	}
	for n, cells := range want {
		if !slices.Equal(rows[n], cells) {
			t.Errorf("row %d = %v, want %v", n, rows[n], cells)
		}
	}
	merged := b.Merged(i)
	slices.SortFunc(merged, func(x, y Range) int { return x.FirstRow - y.FirstRow })
	if want := []Range{{1, 1, 1, 6}, {2, 3, 1, 1}}; !slices.Equal(merged, want) {
		t.Errorf("Merged = %v, want %v", merged, want)
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// BOOLERR records, written by xlwt: Booleans and constant errors.
func TestBoolErr(t *testing.T) {
	rows, err := sheetRows(mustOpen(t, "boolerr.xls"), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]Cell{
		1: {{1, Text, "值"}},
		2: {{1, Bool, "1"}, {2, Bool, "0"}, {3, Text, "x"}},
		3: {{1, Number, "1.5"}, {2, Number, "-7"}, {3, Text, "文本"}},
		4: {{1, Error, "#N/A"}, {2, Error, "#DIV/0!"}, {3, Error, "#REF!"}},
	}
	for n, cells := range want {
		if !slices.Equal(rows[n], cells) {
			t.Errorf("row %d = %v, want %v", n, rows[n], cells)
		}
	}
}

// 3,000 distinct strings and a 16,400-character one cross many CONTINUE
// records.
func TestSharedStringsAcrossContinue(t *testing.T) {
	b := mustOpen(t, "records.xls")
	rows, err := sheetRows(b, sheetIndex(t, b, "Big"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3000; i++ {
		want := fmt.Sprintf("字符串%d-row-中文%c", i, rune(0x4e00+i))
		if i%3 == 0 {
			want = fmt.Sprintf("ascii-only-%d", i)
		}
		if got := rows[i]; len(got) != 1 || got[0] != (Cell{1, Text, want}) {
			t.Fatalf("row %d = %v, want %q", i, got, want)
		}
	}
	long := strings.Repeat("abc", 2000) + strings.Repeat("长字符串", 800) + strings.Repeat("xyz", 2000)
	if got := rows[3001]; len(got) != 1 || got[0].Value != long {
		t.Errorf("the long string is not read whole (%d cells)", len(got))
	}
}

func TestDate1904(t *testing.T) {
	for _, path := range []string{filepath.Join("testdata", "date1904.xls"), wildFile(t, "calamine__date_1904.xls")} {
		b, err := open(t, path, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if !b.Date1904() {
			t.Errorf("%s: Date1904() = false", path)
		}
		rows, err := sheetRows(b, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c := rows[2][0]; c.Type != Date {
			t.Errorf("%s: A2 = %v, want a date", path, c)
		}
	}
}

func TestPassword(t *testing.T) {
	for _, path := range []string{filepath.Join("testdata", "password.xls"), wildFile(t, "SheetJS-test_files__password_2002_40_xor.xls")} {
		if _, err := open(t, path, Limits{}); !errors.Is(err, ErrEncrypted) {
			t.Errorf("%s: err = %v, want ErrEncrypted", path, err)
		}
	}
}

func TestEncryptedOOXML(t *testing.T) {
	for _, name := range []string{"excelize__encryptAES.xlsx", "excelize__encryptSHA1.xlsx", "calamine__pass_protected.xlsx"} {
		data, err := os.ReadFile(wildFile(t, name))
		if err != nil {
			t.Fatal(err)
		}
		if !IsEncryptedOOXML(bytesReaderAt(data), int64(len(data))) {
			t.Errorf("%s: IsEncryptedOOXML = false", name)
		}
		if _, err := openBytes(data, Limits{}); !errors.Is(err, ErrEncrypted) {
			t.Errorf("%s: Open: %v, want ErrEncrypted", name, err)
		}
	}
	for _, path := range []string{filepath.Join("testdata", "records.xls"), wildFile(t, "excelize__Book1.xlsx")} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if IsEncryptedOOXML(bytesReaderAt(data), int64(len(data))) {
			t.Errorf("%s: IsEncryptedOOXML = true", path)
		}
	}
}

func TestRejected(t *testing.T) {
	cases := []struct {
		name string
		want error
	}{
		{"SheetJS-test_files__CRLFX5_2.XLS", ErrVersion}, // a bare Excel 4 stream
		{"calamine__too_small.xls", ErrFormat},           // a text file
		{"PhpSpreadsheet__oleloop.xls", ErrFormat},       // a cycle in the OLE2 directory
		{"openpyxl__null_file.xlsx", ErrFormat},          // empty
		{"excelize__Book1.xlsx", ErrFormat},              // a zip
	}
	for _, c := range cases {
		_, err := open(t, wildFile(t, c.name), Limits{})
		var fe *FormatError
		if !errors.Is(err, c.want) || !errors.As(err, &fe) {
			t.Errorf("%s: err = %v, want a *FormatError wrapping %v", c.name, err, c.want)
		}
	}
}

// Every prefix of a real file is read or rejected with ErrFormat or, not
// ending on a sector, ErrCutOff; every file with one byte changed is read
// or rejected with ErrFormat; none panics.
func TestDamaged(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "boolerr.xls"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, d []byte) {
		b, err := openBytes(d, Limits{})
		if err == nil {
			err = readAll(b)
		}
		cutOff := len(d)%512 != 0 && errors.Is(err, ErrCutOff)
		if err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrVersion) && !cutOff {
			t.Errorf("%s: %v, want nil, ErrFormat or ErrVersion (or ErrCutOff, cut off)", what, err)
		}
	}
	for n := 0; n < len(data); n += 97 {
		check(fmt.Sprintf("first %d bytes", n), data[:n])
	}
	for i := 0; i < len(data); i += 7 {
		d := slices.Clone(data)
		d[i] ^= 0xA5
		check(fmt.Sprintf("byte %d changed", i), d)
	}
}

func TestLimits(t *testing.T) {
	cases := []struct {
		name string
		lim  Limits
	}{
		{"stream size", Limits{StreamSize: 100_000}},
		{"sheets", Limits{Sheets: 2}},
		{"strings", Limits{Strings: 100}},
		{"string bytes", Limits{StringBytes: 10_000}},
		{"cell text", Limits{CellText: 1000}},
		{"rows", Limits{Rows: 2000}},
		{"cols", Limits{Cols: 6}},
	}
	for _, c := range cases {
		b, err := open(t, filepath.Join("testdata", "records.xls"), c.lim)
		if err == nil {
			err = readAll(b)
		}
		if !errors.Is(err, ErrLimit) {
			t.Errorf("%s: %v, want ErrLimit", c.name, err)
		}
	}
	b, err := open(t, filepath.Join("testdata", "records.xls"), Limits{StreamSize: 1 << 20, Sheets: 3, Strings: 4000,
		StringBytes: 1 << 20, CellText: 32767, Rows: 65536, Cols: 256})
	if err == nil {
		err = readAll(b)
	}
	if err != nil {
		t.Errorf("within the limits: %v", err)
	}
}

func TestFormatNumber(t *testing.T) {
	cases := map[float64]string{
		0.1 + 0.2: "0.3", 1234.5: "1234.5", -12: "-12", 0: "0", 123456789012345678: "123456789012346000",
		1e300: "1E+300", 1e-10: "1E-10", 0.000123: "0.000123", 44998: "44998", 1.0 / 3: "0.333333333333333",
	}
	for v, want := range cases {
		if got := formatNumber(v); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", v, got, want)
		}
	}
	if got := formatNumber(-1 * 0.0); got != "0" {
		t.Errorf("formatNumber(-0) = %q", got)
	}
}

func TestIsDateFormat(t *testing.T) {
	cases := map[string]bool{
		"yyyy/m/d": true, `yyyy"年"m"月"d"日"`: true, "[$-804]yyyy年m月d日": true, "h:mm:ss": true, "[h]:mm": true,
		"General": false, "0.00": false, "#,##0": false, `[Red]0.00;"d"0`: false, `0.00\d`: false,
		`"m"0`: false, "@": false, "0.00E+00": false, "mm:ss.0": true,
	}
	for code, want := range cases {
		if got := IsDateFormat(code); got != want {
			t.Errorf("IsDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
	for id, want := range map[uint16]bool{14: true, 22: true, 31: true, 45: true, 57: true, 0: false, 2: false, 49: false, 23: false} {
		if got := BuiltinDate(int(id)); got != want {
			t.Errorf("BuiltinDate(%d) = %v, want %v", id, got, want)
		}
	}
}
