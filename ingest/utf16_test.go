package ingest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"

	"github.com/pairstat/pairstat/ingest/hostile"
)

// encodeUTF16 encodes s as UTF-16 in the given byte order, with a byte
// order mark or not.
func encodeUTF16(s string, bigEndian, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func TestSniffUTF16(t *testing.T) {
	be, le := unicode.BigEndian, unicode.LittleEndian
	tests := []struct {
		head string
		ok   bool
		form utf16Form
	}{
		{"\xFF\xFE<\x00?\x00", true, utf16Form{le, true}},
		{"\xFE\xFF\x00<\x00?", true, utf16Form{be, true}},
		{"\x00<\x00?", true, utf16Form{be, false}},
		{"<\x00?\x00", true, utf16Form{le, false}},
		{"\x00\n\x00<", true, utf16Form{be, false}},
		{" \x00<\x00", true, utf16Form{le, false}},
		{"<?xml", false, utf16Form{}},
		{"\xEF\xBB\xBF<?xml", false, utf16Form{}},
		{"<?xml version=\"1.0\" encoding=\"UTF-16\"?><\x00w\x00", false, utf16Form{}}, // the decoder's own way
		{"<\x00", false, utf16Form{}},
		{"\x00\x00\x00<", false, utf16Form{}},
		{"", false, utf16Form{}},
	}
	for _, tt := range tests {
		form, ok := sniffUTF16([]byte(tt.head))
		if ok != tt.ok || ok && form != tt.form {
			t.Errorf("sniffUTF16(%q) = %v, %v; want %v, %v", tt.head, form, ok, tt.form, tt.ok)
		}
	}
}

func TestDecodeUTF16Declaration(t *testing.T) {
	tests := []struct{ in, out string }{
		{`<?xml version="1.0" encoding="UTF-16" standalone="yes"?>` + "\r\n<a>中😀</a>", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n<a>中😀</a>"},
		{`<?xml version='1.0' encoding='utf-16be'?><a/>`, `<?xml version='1.0' encoding='UTF-8'?><a/>`},
		{`<?xml version="1.0"?><a/>`, `<?xml version="1.0"?><a/>`},
		{`<a encoding="UTF-16"/>`, `<a encoding="UTF-16"/>`},
	}
	for _, tt := range tests {
		for _, big := range []bool{false, true} {
			for _, bom := range []bool{false, true} {
				enc := encodeUTF16(tt.in, big, bom)
				form, ok := sniffUTF16(enc)
				if !ok {
					t.Fatalf("%q (big endian %v, BOM %v) not told as UTF-16", tt.in, big, bom)
				}
				got, err := io.ReadAll(decodeUTF16(strings.NewReader(string(enc)), form, 1<<20))
				if err != nil || string(got) != tt.out {
					t.Errorf("decoded %q (big endian %v, BOM %v) to %q, %v; want %q", tt.in, big, bom, got, err, tt.out)
				}
				if _, err := io.ReadAll(decodeUTF16(strings.NewReader(string(enc)), form, int64(len(tt.out)-1))); !errors.Is(err, errDecodedTooLarge) {
					t.Errorf("decoded %q within a limit one byte short: %v, want errDecodedTooLarge", tt.in, err)
				}
			}
		}
	}
}

// utf16Book is a small workbook with what a sheet's reading depends on:
// shared strings (one in rich-text runs), inline strings, numbers, a date
// by its style, a boolean, a formula, a second sheet.
func utf16Book() []hostile.Part {
	sheet := hostile.SheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>4768.5</v></c><c r="C2" s="1"><v>45003</v></c><c r="D2" t="b"><v>1</v></c></row>` +
		`<row r="4"><c r="A4" t="inlineStr"><is><t>合计 &amp; “总”</t></is></c><c r="B4"><f>SUM(B2:B3)</f><v>4768.5</v></c></row>`)
	second := hostile.SheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>第二表</t></is></c></row>`)
	sst := hostile.Part{Head: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">` +
		`<si><t>项目名称</t></si><si><r><rPr><b/><sz val="11"/><rFont val="Calibri"/></rPr><t>投资额</t></r><r><t>（万元）</t></r></si>` +
		`<si><t>签约日期</t></si><si><t xml:space="preserve">项目 😀 一 </t></si></sst>`)}
	styles := hostile.Text("xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2">`+
		`<xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`)
	return hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: sheet}, {Name: "Sheet 2", Part: second}}, &sst, styles)
}

// inUTF16 re-encodes the parts that pick chooses to UTF-16, their
// declarations naming it, as openpyxl and LibreOffice read them.
func inUTF16(parts []hostile.Part, pick func(name string) bool, bigEndian, bom bool) []hostile.Part {
	out := make([]hostile.Part, len(parts))
	for i, p := range parts {
		if pick(p.Name) {
			label := "UTF-16"
			if bigEndian && !bom {
				label = "UTF-16BE" // as the workbook of PhpSpreadsheet's tests
			}
			text := strings.Replace(string(p.Head), `encoding="UTF-8"`, `encoding="`+label+`"`, 1)
			p = hostile.Part{Name: p.Name, Head: encodeUTF16(text, bigEndian, bom)}
		}
		out[i] = p
	}
	return out
}

// writeBook writes parts as a workbook in a fresh temporary folder.
func writeBook(t *testing.T, name string, parts []hostile.Part) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := hostile.WriteFile(path, parts); err != nil {
		t.Fatal(err)
	}
	return path
}

// cellsOf reads every cell of every sheet of the workbook at path, one
// line a cell: sheet, cell, type, value; opened typed or not, with
// excelize holding sheets in memory or spooled (opts).
func cellsOf(path string, typed bool, opts excelize.Options, lim Limits) ([]string, error) {
	wb, err := open(path, filepath.Base(path), lim, opts)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	wb.typed = typed
	var out []string
	for _, sheet := range wb.Sheets() {
		rows, err := wb.Rows(sheet)
		if err != nil {
			return out, err
		}
		for rows.Next() {
			r := rows.Row()
			for _, c := range r.Cells {
				out = append(out, fmt.Sprintf("%s %s %d %q", sheet, r.Ref(c.Col), c.Type, c.Value))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return out, err
		}
	}
	return out, nil
}

// TestUTF16Parts: a workbook whose XML parts are in UTF-16 (its sheets,
// its workbook part, or all of them; either byte order, with a byte order
// mark or without) reads as the same workbook in UTF-8 does, in every way
// ingest reads it.
func TestUTF16Parts(t *testing.T) {
	book := utf16Book()
	picks := map[string]func(string) bool{
		"sheets":         func(n string) bool { return strings.HasPrefix(n, "xl/worksheets/") },
		"workbook":       func(n string) bool { return n == "xl/workbook.xml" },
		"shared strings": func(n string) bool { return n == "xl/sharedStrings.xml" },
		"all":            func(n string) bool { return strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") },
	}
	base := writeBook(t, "utf8.xlsx", book)
	for _, mode := range readModes {
		for _, typed := range []bool{false, true} {
			want, err := cellsOf(base, typed, mode.opts, Limits{})
			if err != nil || len(want) != 10 {
				t.Fatalf("the workbook in UTF-8: %d cells, %v; want 10", len(want), err)
			}
			for which, pick := range picks {
				for _, big := range []bool{false, true} {
					for _, bom := range []bool{false, true} {
						name := fmt.Sprintf("%s/big endian %v/BOM %v/%s/typed %v", which, big, bom, mode.name, typed)
						t.Run(name, func(t *testing.T) {
							tmp := t.TempDir()
							t.Setenv("TMPDIR", tmp)
							path := writeBook(t, "utf16.xlsx", inUTF16(book, pick, big, bom))
							got, err := cellsOf(path, typed, mode.opts, Limits{})
							if err != nil {
								t.Fatalf("error %v", err)
							}
							if strings.Join(got, "\n") != strings.Join(want, "\n") {
								t.Errorf("cells\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
							}
							if left, _ := os.ReadDir(tmp); len(left) > 0 {
								t.Errorf("left behind in the temporary folder: %v", left)
							}
						})
					}
				}
			}
		}
	}
}

// TestUTF16PartsWithinLimits: a part's limits count its bytes decoded to
// UTF-8, which for Chinese text are half as many again as in UTF-16; what
// is damaged in UTF-16 is told as damaged.
func TestUTF16PartsWithinLimits(t *testing.T) {
	text := strings.Repeat("重", 3000) // 6,000 bytes in UTF-16, 9,000 in UTF-8
	sheet := hostile.SheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>` + text + `</t></is></c></row>`)
	book := hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: sheet}}, nil)
	isSheet := func(n string) bool { return n == "xl/worksheets/sheet1.xml" }
	path := writeBook(t, "长.xlsx", inUTF16(book, isSheet, false, true))
	if _, err := cellsOf(path, false, excelize.Options{}, Limits{PartSize: 8000}); !errors.Is(err, ErrLimit) ||
		!strings.Contains(err.Error(), "xl/worksheets/sheet1.xml, in UTF-16, is more than 7.8 KiB decoded to UTF-8") {
		t.Errorf("error %v, want ErrLimit for the sheet decoded", err)
	}
	if _, err := cellsOf(path, false, excelize.Options{}, Limits{PartSize: 10_000}); err != nil {
		t.Errorf("within the limit decoded: %v", err)
	}
	if _, err := cellsOf(path, false, excelize.Options{}, Limits{Size: 10_500}); !errors.Is(err, ErrLimit) ||
		!strings.Contains(err.Error(), "with its parts in UTF-16 decoded to UTF-8, more than the limit of 10.3 KiB") {
		t.Errorf("error %v, want ErrLimit for the workbook decoded", err)
	}

	// A workbook part of 3 MiB in UTF-16, 4.5 MiB decoded: over the
	// limit of a structural part.
	names := hostile.Part{Name: "xl/workbook.xml", Head: []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="x">` + strings.Repeat("重", 1<<20*3/2) + `</definedName></definedNames></workbook>`)}
	for i := range book {
		if book[i].Name == names.Name {
			book[i] = names
		}
	}
	path = writeBook(t, "名.xlsx", inUTF16(book, func(n string) bool { return n == names.Name }, true, false))
	if _, err := cellsOf(path, false, excelize.Options{}, Limits{}); !errors.Is(err, ErrLimit) ||
		!strings.Contains(err.Error(), "xl/workbook.xml, in UTF-16, is more than 4 MiB decoded to UTF-8") {
		t.Errorf("error %v, want ErrLimit for the workbook part decoded", err)
	}

	// A sheet in UTF-16 cut off: cut off, not "not in UTF-8".
	ledger := writeBook(t, "台账.xlsx", inUTF16(hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: hostile.SheetXML(hostile.HeaderRows)}}, nil), isSheet, true, true))
	cut := saveBytes(t, "断.xlsx", rezip(t, mustRead(t, ledger), withPart("xl/worksheets/sheet1.xml", func(b []byte) []byte { return b[:len(b)*2/3] })))
	for _, mode := range readModes {
		if _, err := cellsOf(cut, false, mode.opts, Limits{}); !errors.Is(err, ErrTruncated) {
			t.Errorf("%s: error %v, want ErrTruncated", mode.name, err)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUTF16WildWorkbook reads the workbook of PhpSpreadsheet's tests whose
// workbook part is UTF-16BE without a byte order mark (Excel 2007+), from
// the shared corpus when it is there.
func TestUTF16WildWorkbook(t *testing.T) {
	path := "/work/shared/corpus/wild/PhpSpreadsheet__utf16be.xlsx"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s: %v", path, err)
	}
	for _, typed := range []bool{false, true} {
		got, err := cellsOf(path, typed, excelize.Options{}, Limits{})
		want := fmt.Sprintf("Sheet1 A1 %d %q", map[bool]CellType{false: Unknown, true: Number}[typed], "1")
		if err != nil || strings.Join(got, "\n") != want {
			t.Errorf("typed %v: cells %q, %v; want %q", typed, got, err, want)
		}
	}
}
