package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/ingest/hostile"
)

// Tests of the integrity checks (verify.go) and of format sniffing
// (sniff.go). They build real workbooks with excelize, then damage their
// zip archives the way copies, downloads and other programs damage files.

// ledgerRows is how many rows ledgerXLSX writes.
const ledgerRows = 300

// ledgerXLSX returns a workbook whose sheet 台账 holds a header and
// ledgerRows-1 data rows.
func ledgerXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "台账"); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("台账")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"项目名称", "投资额（万元）", "签约日期"}); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= ledgerRows; i++ {
		if err := sw.SetRow(fmt.Sprintf("A%d", i), []any{fmt.Sprintf("项目%d", i), 4768 + i, "2023-03-18"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rezip rewrites a zip archive member by member: edit returns a member's
// new content, and false to leave the member out. Members named in stored
// are written uncompressed.
func rezip(t *testing.T, archive []byte, edit func(name string, data []byte) ([]byte, bool), stored ...string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		data, keep := edit(f.Name, data)
		if !keep {
			continue
		}
		method := zip.Deflate
		for _, s := range stored {
			if s == f.Name {
				method = zip.Store
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withPart returns a rezip edit that replaces one part.
func withPart(part string, change func([]byte) []byte) func(string, []byte) ([]byte, bool) {
	return func(name string, data []byte) ([]byte, bool) {
		if name == part {
			return change(data), true
		}
		return data, true
	}
}

// saveBytes writes data to name in a fresh temporary folder.
func saveBytes(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readModes are the two ways excelize holds a sheet: in memory, and
// spooled to a temporary file as it does for sheets over 16 MiB (forced
// here with a tiny limit).
var readModes = []struct {
	name string
	opts excelize.Options
}{
	{"in memory", excelize.Options{}},
	{"spooled", excelize.Options{UnzipXMLSizeLimit: 1}},
}

const ledgerPart = "xl/worksheets/sheet1.xml"

// prefixedSheet is a sheet written with an x: prefix on every element, as
// some writers (Tencent Office, OpenXML SDK) do.
const prefixedSheet = `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
	`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>项目名称</x:t></x:is></x:c></x:row>` +
	`<x:row r="2"><x:c r="A2"><x:v>4768</x:v></x:c></x:row>` +
	`</x:sheetData></x:worksheet>`

func TestRowsEndOnlyAtTheEndOfCompleteSheetXML(t *testing.T) {
	book := ledgerXLSX(t)
	cut := func(at func(b []byte) int) func([]byte) []byte {
		return func(b []byte) []byte { return b[:at(b)] }
	}
	before := func(s string) func(b []byte) int {
		return func(b []byte) int { return bytes.LastIndex(b, []byte(s)) }
	}
	tests := []struct {
		name   string
		change func([]byte) []byte
		cause  error // nil: the whole sheet is read
		rows   int   // rows read when complete
	}{
		{name: "complete", change: func(b []byte) []byte { return b }, rows: ledgerRows},
		{name: "white space and a comment after the root", rows: ledgerRows,
			change: func(b []byte) []byte { return append(b, "\r\n<!-- saved by a tool -->\n\t"...) }},
		{name: "x: prefixed elements", change: func([]byte) []byte { return []byte(prefixedSheet) }, rows: 2},
		{name: "cut in half", change: cut(func(b []byte) int { return len(b) / 2 }), cause: ErrTruncated},
		{name: "cut inside the last row", change: cut(before("</row>")), cause: ErrTruncated},
		{name: "cut after the sheet data", change: cut(func(b []byte) int {
			return bytes.Index(b, []byte("</sheetData>")) + len("</sheetData>")
		}), cause: ErrTruncated},
		{name: "cut inside the closing tag", change: cut(func(b []byte) int { return len(b) - 3 }), cause: ErrTruncated},
		{name: "x: prefixed, cut", change: func([]byte) []byte { return []byte(prefixedSheet[:len(prefixedSheet)-20]) },
			cause: ErrTruncated},
		{name: "empty part", change: func([]byte) []byte { return nil }, cause: ErrTruncated},
		{name: "broken element in the middle, end intact", cause: ErrDamaged, change: func(b []byte) []byte {
			i := bytes.Index(b, []byte(`<row r="150"`))
			return append(append(append([]byte{}, b[:i]...), "<c <"...), b[i:]...)
		}},
		{name: "broken last row, end intact", cause: ErrDamaged, change: func(b []byte) []byte {
			i := bytes.LastIndex(b, []byte("</c>"))
			return append(append(append([]byte{}, b[:i]...), "<<"...), b[i:]...)
		}},
		{name: "invalid character in the middle, end intact", cause: ErrDamaged, change: func(b []byte) []byte {
			i := bytes.Index(b, []byte(`<row r="200"`))
			return append(append(append([]byte{}, b[:i]...), 0x01), b[i:]...)
		}},
	}
	for _, tt := range tests {
		for _, mode := range readModes {
			t.Run(tt.name+"/"+mode.name, func(t *testing.T) {
				path := saveBytes(t, "台账.xlsx", rezip(t, book, withPart(ledgerPart, tt.change)))
				wb, err := open(path, "inbox/台账.xlsx", Limits{}, mode.opts)
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				defer wb.Close()
				rows, err := wb.Rows("台账")
				if err != nil {
					t.Fatalf("Rows: %v", err)
				}
				defer rows.Close()
				n := 0
				for rows.Next() {
					n++
				}
				if rows.Next() {
					t.Error("Next is true again after the end")
				}
				err = rows.Err()
				if tt.cause == nil {
					if err != nil {
						t.Fatalf("Err = %v, want nil", err)
					}
					if n != tt.rows {
						t.Errorf("read %d rows, want %d", n, tt.rows)
					}
					return
				}
				if !errors.Is(err, tt.cause) {
					t.Fatalf("Err = %v after %d rows, want an error wrapping %q", err, n, tt.cause)
				}
				t.Logf("after %d rows: %v", n, err)
				var ce *CellError
				if !errors.As(err, &ce) {
					t.Fatalf("Err = %v (%T), want a *CellError", err, err)
				}
				if ce.File != "inbox/台账.xlsx" || ce.Sheet != "台账" || ce.Cell != "" {
					t.Errorf("error at file %q sheet %q cell %q, want inbox/台账.xlsx, 台账 and no cell", ce.File, ce.Sheet, ce.Cell)
				}
				if ce.Fix == "" || ce.FixZh == "" {
					t.Errorf("error %q has no advice", err)
				}
			})
		}
	}
}

func TestOpenExplainsDamagedAndForeignFiles(t *testing.T) {
	book := ledgerXLSX(t)
	ole2 := append(append([]byte{}, ole2Magic...), make([]byte, 4096-len(ole2Magic))...) // whole sectors, all empty
	// The first records of SheetJS's CRLFX5_2.XLS: a bare BIFF2 stream.
	biff2 := []byte{0x09, 0x00, 0x04, 0x00, 0x07, 0x00, 0x10, 0x00, 0x0b, 0x02, 0x0c, 0x00}
	zipOfFiles := func(files ...string) []byte {
		var buf bytes.Buffer
		if err := hostile.Write(&buf, hostile.Texts(files...)); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	// A stored (uncompressed) sheet with one digit changed in the archive:
	// its XML still parses, only its checksum tells.
	flipped := rezip(t, book, withPart(ledgerPart, func(b []byte) []byte { return b }), ledgerPart)
	at := bytes.Index(flipped, []byte("<v>5000</v>"))
	if at < 0 {
		t.Fatal("no <v>5000</v> in the stored sheet")
	}
	flipped = append([]byte{}, flipped...)
	flipped[at+3] = '9'
	xlsBook, err := os.ReadFile(filepath.Join("xls", "testdata", "records.xls"))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		file     string
		data     []byte
		cause    error
		contains []string
	}{
		{name: "empty file", file: "空.xlsx", data: nil, cause: ErrNotWorkbook, contains: []string{"empty (0 bytes)"}},
		{name: "text named .xls", file: "too_small.xls", data: []byte(`Attachment f:\attachcus\report.xls not found!`),
			cause: ErrNotWorkbook, contains: []string{"a .xls file that is not an Excel workbook (it may be HTML or text)"}},
		{name: "HTML table named .XLS", file: "导出.XLS", data: []byte("<html><body><table><tr><td>金额</td></tr></table></body></html>"),
			cause: ErrNotWorkbook, contains: []string{"a .xls file that is not an Excel workbook (it may be HTML or text)"}},
		{name: "bare BIFF2 stream named .XLS", file: "CRLFX5_2.XLS", data: biff2, cause: ErrLegacy,
			contains: []string{"legacy .xls", "Excel 2.x"}},
		{name: "OLE2 file holding nothing", file: "旧格式.xls", data: ole2, cause: ErrDamaged,
			contains: []string{"OLE2"}},
		{name: "HTML named .xlsx", file: "export.xlsx", data: []byte("<!DOCTYPE html><html></html>"), cause: ErrNotWorkbook,
			contains: []string{"HTML page"}},
		{name: "CSV named .xlsx", file: "资金.xlsx", data: []byte("年度,金额\n2023,4768\n"), cause: ErrNotWorkbook,
			contains: []string{"a text file"}},
		{name: "flat OpenDocument", file: "LO7322.fods", data: []byte(`<?xml version="1.0"?><office:document/>`),
			cause: ErrNotWorkbook, contains: []string{"OpenDocument"}},
		{name: "OpenDocument text", file: "note.ods", data: zipOfFiles("mimetype", "application/vnd.oasis.opendocument.text"),
			cause: ErrNotWorkbook, contains: []string{"text document"}},
		{name: "binary workbook", file: "book.xlsx", data: zipOfFiles("[Content_Types].xml", "<Types/>", "xl/workbook.bin", "\x83\x01"),
			cause: ErrNotWorkbook, contains: []string{".xlsb"}},
		{name: "Apple Numbers", file: "book.numbers", data: zipOfFiles("Index/Document.iwa", "\x00"),
			cause: ErrNotWorkbook, contains: []string{"Apple Numbers"}},
		{name: "zip holding a workbook", file: "archive.xlsx", data: zipOfFiles("台账.xlsx", "PK"),
			cause: ErrNotWorkbook, contains: []string{"holds no Excel workbook", "台账.xlsx"}},
		{name: "empty zip", file: "empty.xlsx", data: zipOfFiles(), cause: ErrNotWorkbook, contains: []string{"empty zip"}},
		{name: "whole file cut in half", file: "台账.xlsx", data: book[:len(book)/2], cause: ErrTruncated,
			contains: []string{"cut off"}},
		{name: ".xls cut in half", file: "台账.xls", data: xlsBook[:len(xlsBook)/2], cause: ErrTruncated,
			contains: []string{"cut off"}},
		{name: "a part fails its checksum", file: "台账.xlsx", data: flipped, cause: ErrDamaged,
			contains: []string{ledgerPart, "checksum"}},
		{name: "broken workbook XML", file: "台账.xlsx", cause: ErrDamaged, contains: []string{"XML is damaged"},
			data: rezip(t, book, withPart("xl/workbook.xml", func(b []byte) []byte { return b[:len(b)/2] }))},
		{name: "no workbook part", file: "台账.xlsx", cause: ErrDamaged, contains: []string{"no readable workbook part"},
			data: rezip(t, book, func(name string, b []byte) ([]byte, bool) {
				return b, strings.HasPrefix(name, "xl/worksheets/") || name == "xl/_rels/workbook.xml.rels"
			})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := saveBytes(t, tt.file, tt.data)
			name := "inbox/" + tt.file
			wb, err := Open(path, name)
			if err == nil {
				wb.Close()
				t.Fatalf("Open succeeded, want an error wrapping %q", tt.cause)
			}
			if !errors.Is(err, tt.cause) {
				t.Errorf("error %q does not wrap %q", err, tt.cause)
			}
			var ce *CellError
			if !errors.As(err, &ce) {
				t.Fatalf("error %q (%T) is not a *CellError", err, err)
			}
			if ce.File != name || ce.Sheet != "" || ce.Cell != "" {
				t.Errorf("error at file %q sheet %q cell %q, want the file %q only", ce.File, ce.Sheet, ce.Cell, name)
			}
			if ce.Fix == "" || ce.FixZh == "" {
				t.Errorf("error %q has no advice", err)
			}
			for _, s := range tt.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q does not say %q", err, s)
				}
			}
		})
	}
}

func TestRowsOfListedSheetWithoutData(t *testing.T) {
	book := rezip(t, ledgerXLSX(t), func(name string, b []byte) ([]byte, bool) { return b, name != ledgerPart })
	wb, err := Open(saveBytes(t, "台账.xlsx", book), "台账.xlsx")
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer wb.Close()
	if got := wb.Sheets(); len(got) != 1 || got[0] != "台账" {
		t.Fatalf("Sheets() = %q, want [台账]", got)
	}
	_, err = wb.Rows("台账")
	var ce *CellError
	if !errors.As(err, &ce) || !errors.Is(err, ErrDamaged) {
		t.Fatalf("Rows of a sheet whose part is missing: %v, want a *CellError wrapping ErrDamaged", err)
	}
	if ce.File != "台账.xlsx" || ce.Sheet != "台账" {
		t.Errorf("error names file %q sheet %q, want 台账.xlsx and 台账", ce.File, ce.Sheet)
	}
}

// TestRowsRecoverFromExcelizePanics drives excelize into a real panic: an
// excelize row stream that was never opened has no XML decoder, and its
// Next dereferences it. The stream must end with an error instead.
func TestRowsRecoverFromExcelizePanics(t *testing.T) {
	wb := &Workbook{Name: "inbox/台账.xlsx"}
	rows := &Rows{wb: wb, sheet: "台账", rows: new(excelize.Rows)}
	if rows.Next() {
		t.Fatal("Next succeeded on a broken stream")
	}
	err := rows.Err()
	var ce *CellError
	if !errors.As(err, &ce) || !errors.Is(err, ErrDamaged) {
		t.Fatalf("Err = %v (%T), want a *CellError wrapping ErrDamaged", err, err)
	}
	if ce.File != "inbox/台账.xlsx" || ce.Sheet != "台账" || ce.Fix != FixResave.En {
		t.Errorf("error at file %q sheet %q with fix %q, want inbox/台账.xlsx, 台账 and FixResave", ce.File, ce.Sheet, ce.Fix)
	}
	if msg := err.Error(); !strings.Contains(msg, "the workbook could not be read (excelize: ") {
		t.Errorf("message %q does not say that excelize failed", msg)
	}
	if rows.Next() {
		t.Error("Next succeeded after the stream failed")
	}
}

func TestSheetXMLCause(t *testing.T) {
	tests := []struct {
		name  string
		xml   string
		rows  int // rows the stream read
		cause error
	}{
		{name: "complete", xml: `<?xml version="1.0"?><worksheet><sheetData><row r="1"/><row r="2"/></sheetData></worksheet>`, rows: 2},
		{name: "byte order mark, comment and doctype first",
			xml: "\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- a --><!DOCTYPE worksheet [<!ENTITY e \"x\">]><worksheet><sheetData/></worksheet>"},
		{name: "stray text before the root, as exceljs's invalid-xml.xlsx", xml: "<?xml version=\"1.0\"?>\nfoo\n<worksheet></worksheet>"},
		{name: "processing instruction after the root", xml: `<worksheet></worksheet><?pi x?>`},
		{name: "end tag with white space", xml: "<worksheet></worksheet\n>"},
		{name: "chartsheet", xml: `<chartsheet><drawing r:id="rId1"/></chartsheet>`},
		{name: "rows with no numbers", xml: `<worksheet><sheetData><row><c/></row><row/></sheetData></worksheet>`, rows: 2},
		{name: "last row element is empty but numbered", xml: `<worksheet><sheetData><row r="9"/></sheetData><rowBreaks/></worksheet>`, rows: 9},
		{name: "rows beyond those read", xml: `<worksheet><sheetData><row r="1"/><row r="7" spans="1:2"/></sheetData></worksheet>`,
			rows: 1, cause: ErrDamaged},
		{name: "single-quoted row number", xml: `<worksheet><sheetData><row spans='1:1' r='7'/></sheetData></worksheet>`,
			rows: 3, cause: ErrDamaged},
		{name: "rows, but none read", xml: `<worksheet><sheetData><row r="1"/></sheetData></worksheet>`, cause: ErrDamaged},
		{name: "invalid row number", xml: `<worksheet><sheetData><row r="3j"/></sheetData></worksheet>`, rows: 3, cause: ErrDamaged},
		{name: "unnumbered rows beyond those read", xml: `<worksheet><sheetData><row/><row/><row/></sheetData></worksheet>`,
			rows: 2, cause: ErrDamaged},
		{name: "rows out of order", xml: `<worksheet><sheetData><row r="5"/><row r="3"/></sheetData></worksheet>`,
			rows: 6, cause: ErrDamaged},
		{name: "broken last row", xml: `<worksheet><sheetData><row r="1"/><row r="2"><c><v>1<</v></c></row></sheetData></worksheet>`,
			rows: 2, cause: ErrDamaged},
		{name: "broken after the last row", xml: `<worksheet><sheetData><row r="1"/></row></sheetData></worksheet>`,
			rows: 1, cause: ErrDamaged},
		{name: "prefixed, broken last row", xml: `<x:worksheet><x:sheetData><x:row r="1"><x:c><x:v>1</x:c></x:row></x:sheetData></x:worksheet>`,
			rows: 1, cause: ErrDamaged},
		{name: "damage after the sheet data loses no row", xml: `<worksheet><sheetData><row r="1"/></sheetData><pageMargins <</worksheet>`, rows: 1},
		{name: "no end tag", xml: `<worksheet><sheetData><row r="1"/>`, rows: 1, cause: ErrTruncated},
		{name: "end tag of another element", xml: `<worksheet><sheetData></sheetData>`, cause: ErrTruncated},
		{name: "element after the root", xml: `<worksheet></worksheet><row r="1"/>`, cause: ErrTruncated},
		{name: "unclosed comment after the root", xml: `<worksheet></worksheet><!-- cut`, cause: ErrTruncated},
		{name: "empty", xml: "", cause: ErrTruncated},
		{name: "declaration only", xml: `<?xml version="1.0"?>`, cause: ErrTruncated},
		{name: "cut inside the root start tag", xml: `<?xml version="1.0"?><worksh`, cause: ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.xml)
			err := sheetXMLCause(b, b, true, tt.rows)
			if tt.cause == nil && err != nil {
				t.Fatalf("sheetXMLCause = %v, want nil", err)
			}
			if tt.cause != nil && !errors.Is(err, tt.cause) {
				t.Fatalf("sheetXMLCause = %v, want an error wrapping %q", err, tt.cause)
			}
		})
	}
}

func TestEndsWriterKeepsBothEnds(t *testing.T) {
	var data bytes.Buffer
	for i := 0; data.Len() < 3*tailWindow+headWindow; i++ {
		fmt.Fprintf(&data, "<row r=\"%d\"/>", i)
	}
	var ends endsWriter
	for b := data.Bytes(); len(b) > 0; {
		n := min(len(b), 4093) // writes of an awkward size
		ends.Write(b[:n])
		b = b[n:]
	}
	if !bytes.Equal(ends.head, data.Bytes()[:headWindow]) {
		t.Error("head is not the first headWindow bytes")
	}
	if len(ends.tail) < tailWindow || !bytes.HasSuffix(data.Bytes(), ends.tail) {
		t.Errorf("tail (%d bytes) is not the last bytes written", len(ends.tail))
	}
	if ends.n != int64(data.Len()) {
		t.Errorf("n = %d, want %d", ends.n, data.Len())
	}
}

// BenchmarkCheckEnd measures the end-of-stream check on a 200,000-row
// sheet (about 57 MB of XML): in memory it looks at the part's ends and
// counts its rows; spooled (as excelize does with sheets over 16 MiB) it
// unpacks the part once more. Reading the sheet itself takes excelize
// some seconds: run with -bench CheckEnd -benchtime 3x.
func BenchmarkCheckEnd(b *testing.B) {
	const rows = 200000
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= rows; i++ {
		if err := sw.SetRow(fmt.Sprintf("A%d", i), []any{"项目名称", i, 1234.5 * float64(i), "2023-03-18", "塘厦镇", "备注", 42}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "big.xlsx")
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	for _, mode := range []struct {
		name string
		opts excelize.Options
	}{
		{"in memory", excelize.Options{UnzipXMLSizeLimit: 1 << 30, UnzipSizeLimit: 1 << 30}},
		{"spooled", excelize.Options{}},
	} {
		b.Run(mode.name, func(b *testing.B) {
			wb, err := open(path, "big.xlsx", Limits{}, mode.opts)
			if err != nil {
				b.Fatal(err)
			}
			defer wb.Close()
			for b.Loop() {
				if err := wb.checkEnd("Sheet1", rows, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
