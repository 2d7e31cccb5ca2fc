package ingest_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/ingest"
)

// ole2Header is the signature of an OLE2 compound file: legacy .xls and
// password-protected (encrypted) .xlsx files both start with it.
var ole2Header = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// writeFile writes data to name in a fresh temporary folder.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// zipOf returns a zip archive holding the given files.
func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// saveWorkbook saves f under name in a fresh temporary folder.
func saveWorkbook(t *testing.T, f *excelize.File, name string, opts ...excelize.Options) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path, opts...); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// openWorkbook opens path with ingest and closes it at the end of the test.
func openWorkbook(t *testing.T, path string) *ingest.Workbook {
	t.Helper()
	wb, err := ingest.Open(path, filepath.Base(path))
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := wb.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return wb
}

// readRows reads every row of sheet, failing the test on a stream error.
func readRows(t *testing.T, wb *ingest.Workbook, sheet string) []ingest.Row {
	t.Helper()
	rows, err := wb.Rows(sheet)
	if err != nil {
		t.Fatalf("Rows(%s): %v", sheet, err)
	}
	defer rows.Close()
	var out []ingest.Row
	for rows.Next() {
		out = append(out, rows.Row())
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("rows of %s: %v", sheet, err)
	}
	return out
}

// cellAt returns the value at col of the row numbered num, and whether the
// stream yielded such a cell.
func cellAt(rows []ingest.Row, num, col int) (string, bool) {
	for _, r := range rows {
		if r.Num != num {
			continue
		}
		for _, c := range r.Cells {
			if c.Col == col {
				return c.Value, true
			}
		}
	}
	return "", false
}

func TestOpenRejectsOtherFormats(t *testing.T) {
	ole2 := append(append([]byte{}, ole2Header...), make([]byte, 4096-len(ole2Header))...) // whole sectors, all empty

	encrypted := excelize.NewFile()
	if err := encrypted.SetCellValue("Sheet1", "A1", "金额"); err != nil {
		t.Fatal(err)
	}
	encryptedPath := saveWorkbook(t, encrypted, "加密.xlsx", excelize.Options{Password: "secret"})

	tests := []struct {
		name     string
		path     string
		cause    error
		contains string // in the error message, if set
	}{
		{name: "empty ole2 named .xls", path: writeFile(t, "旧格式.xls", ole2), cause: ingest.ErrDamaged},
		{name: "empty ole2 named .xlsx", path: writeFile(t, "改名.xlsx", ole2), cause: ingest.ErrDamaged},
		{name: "password-protected xlsx", path: encryptedPath, cause: ingest.ErrEncrypted, contains: "protected with a password"},
		{name: "text file", path: writeFile(t, "notes.xlsx", []byte("年度,金额\n2023,4768\n")), cause: ingest.ErrNotWorkbook},
		{name: "empty file", path: writeFile(t, "empty.xlsx", nil), cause: ingest.ErrNotWorkbook},
		{name: "ods-named zip", path: writeFile(t, "台账.ods", zipOf(t, map[string]string{
			"mimetype":    "application/vnd.oasis.opendocument.spreadsheet",
			"content.xml": "<office:document-content/>",
		})), cause: ingest.ErrNotWorkbook, contains: "OpenDocument"},
		{name: "zip that is no workbook", path: writeFile(t, "archive.xlsx", zipOf(t, map[string]string{
			"readme.txt": "not a workbook",
		})), cause: ingest.ErrNotWorkbook},
		{name: "missing file", path: filepath.Join(t.TempDir(), "missing.xlsx"), cause: fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "inbox/" + filepath.Base(tt.path)
			wb, err := ingest.Open(tt.path, name)
			if err == nil {
				wb.Close()
				t.Fatalf("Open(%s) succeeded, want an error wrapping %v", tt.path, tt.cause)
			}
			if !errors.Is(err, tt.cause) {
				t.Errorf("error %q does not wrap %q", err, tt.cause)
			}
			var ce *ingest.CellError
			if !errors.As(err, &ce) {
				t.Fatalf("error %q (%T) is not a *ingest.CellError", err, err)
			}
			if ce.File != name {
				t.Errorf("File = %q, want %q", ce.File, name)
			}
			if ce.Sheet != "" || ce.Cell != "" {
				t.Errorf("a file-level error names sheet %q, cell %q", ce.Sheet, ce.Cell)
			}
			if ce.Fix == "" {
				t.Errorf("error %q says nothing about how to fix it", err)
			}
			if !strings.Contains(err.Error(), name) {
				t.Errorf("message %q does not name the file %q", err, name)
			}
			if tt.contains != "" && !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("message %q does not mention %q", err, tt.contains)
			}
		})
	}
}

func TestRowsPositionsAreOneBasedAndSparse(t *testing.T) {
	f := excelize.NewFile()
	written := map[string]string{"A1": "标题", "C3": "金额", "B7": "4768"}
	for ref, v := range written {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	// A cell of spaces is no value: row 5 exists in the file but is empty.
	if err := f.SetCellValue("Sheet1", "D5", "   "); err != nil {
		t.Fatal(err)
	}
	wb := openWorkbook(t, saveWorkbook(t, f, "sparse.xlsx"))
	if got := wb.Sheets(); len(got) != 1 || got[0] != "Sheet1" {
		t.Fatalf("Sheets() = %q, want [Sheet1]", got)
	}
	rows := readRows(t, wb, "Sheet1")

	for i, r := range rows {
		if r.Num != i+1 {
			t.Fatalf("row %d of the stream has Num %d: rows must keep their sheet numbers", i+1, r.Num)
		}
	}
	if len(rows) != 7 {
		t.Fatalf("got %d rows, want 7 (up to B7)", len(rows))
	}
	nonEmpty := 0
	for _, r := range rows {
		if r.Empty() {
			continue
		}
		nonEmpty++
		if len(r.Cells) != 1 {
			t.Errorf("row %d has cells %+v, want one", r.Num, r.Cells)
			continue
		}
		ref := r.Ref(r.Cells[0].Col)
		want, ok := written[ref]
		if !ok {
			t.Errorf("row %d: value %q at %s, where nothing was written", r.Num, r.Cells[0].Value, ref)
			continue
		}
		if r.Cells[0].Value != want {
			t.Errorf("%s = %q, want %q", ref, r.Cells[0].Value, want)
		}
	}
	if nonEmpty != len(written) {
		t.Errorf("%d non-empty rows, want %d", nonEmpty, len(written))
	}
	if r := rows[2]; r.Num != 3 || r.Empty() || r.Cells[0].Col != 3 || r.Ref(r.Cells[0].Col) != "C3" {
		t.Errorf("row 3 = %+v, want one cell in column 3 named C3", r)
	}
	if !rows[4].Empty() {
		t.Errorf("row 5 holds only spaces but has cells %+v", rows[4].Cells)
	}
}

func TestCellNames(t *testing.T) {
	tests := []struct {
		col, row int
		want     string
	}{
		{1, 1, "A1"},
		{3, 7, "C7"},
		{26, 10, "Z10"},
		{27, 2, "AA2"},
		{16384, 1048576, "XFD1048576"},
	}
	for _, tt := range tests {
		if got := ingest.CellName(tt.col, tt.row); got != tt.want {
			t.Errorf("CellName(%d, %d) = %q, want %q", tt.col, tt.row, got, tt.want)
		}
		if got := (ingest.Row{Num: tt.row}).Ref(tt.col); got != tt.want {
			t.Errorf("Row{Num: %d}.Ref(%d) = %q, want %q", tt.row, tt.col, got, tt.want)
		}
	}
}

// storedValues returns the <v> texts of the number cells of a sheet as
// the file stores them, by cell name.
func storedValues(t *testing.T, path, sheetXML string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	r, err := zr.Open(sheetXML)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ws struct {
		Rows []struct {
			Cells []struct {
				Ref  string `xml:"r,attr"`
				Type string `xml:"t,attr"`
				V    string `xml:"v"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.NewDecoder(r).Decode(&ws); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, row := range ws.Rows {
		for _, c := range row.Cells {
			if c.Type == "" || c.Type == "n" {
				out[c.Ref] = c.V
			}
		}
	}
	return out
}

// shortest is the precision that writes x with the fewest digits that read
// back as x, as writers other than excelize (and Excel itself, beyond 15
// digits) may store it: 0.1+0.2 is then 0.30000000000000004.
func shortest(x float64) int {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func TestRowsReadRawValues(t *testing.T) {
	f := excelize.NewFile()
	// Variables, not constants: Go adds constants exactly, float64 does not.
	tenth, fifth := 0.1, 0.2
	noisy := tenth + fifth // 0.30000000000000004
	if noisy == 0.3 {
		t.Fatal("0.1 + 0.2 has no binary noise: the test would not test it")
	}
	signed := time.Date(2023, time.March, 18, 0, 0, 0, 0, time.UTC)
	twoPlaces, err := f.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
	if err != nil {
		t.Fatal(err)
	}
	isoDate, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	if err != nil {
		t.Fatal(err)
	}
	style := func(ref string, id int) {
		t.Helper()
		if err := f.SetCellStyle("Sheet1", ref, ref, id); err != nil {
			t.Fatal(err)
		}
	}
	// A1: noise stored in full; B1: excelize's own writing (15 digits).
	if err := f.SetCellFloat("Sheet1", "A1", noisy, shortest(noisy), 64); err != nil {
		t.Fatal(err)
	}
	style("A1", twoPlaces)
	for ref, v := range map[string]any{"B1": noisy, "C1": signed, "D1": "1,250.5", "E1": 1234.56} {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	style("B1", twoPlaces)
	style("C1", isoDate)
	style("E1", twoPlaces)
	path := saveWorkbook(t, f, "raw.xlsx")
	stored := storedValues(t, path, "xl/worksheets/sheet1.xml")
	rows := readRows(t, openWorkbook(t, path), "Sheet1")

	// Number cells come back as the stored text, whatever their format.
	for _, ref := range []string{"A1", "B1", "C1", "E1"} {
		col, _, _ := excelize.CellNameToCoordinates(ref)
		got, ok := cellAt(rows, 1, col)
		if !ok || stored[ref] == "" || got != stored[ref] {
			t.Errorf("%s = %q, want the stored text %q", ref, got, stored[ref])
		}
	}
	a1, _ := cellAt(rows, 1, 1)
	if n, err := strconv.ParseFloat(a1, 64); err != nil || n != noisy {
		t.Errorf("A1 = %q, want the stored number %v exactly", a1, noisy)
	}
	if display := strconv.FormatFloat(noisy, 'f', 2, 64); a1 == display {
		t.Errorf("A1 = %q is the formatted display text", a1)
	}

	c1, _ := cellAt(rows, 1, 3)
	serial, err := strconv.ParseFloat(c1, 64)
	if err != nil {
		t.Fatalf("C1 = %q, want a date serial number, not formatted text", c1)
	}
	if got, err := excelize.ExcelDateToTime(serial, false); err != nil || !got.Equal(signed) {
		t.Errorf("C1 serial %q is %v (%v), want %v", c1, got, err, signed)
	}

	if d1, _ := cellAt(rows, 1, 4); d1 != "1,250.5" {
		t.Errorf("D1 = %q, want the text as written", d1)
	}
	if e1, _ := cellAt(rows, 1, 5); e1 != "1234.56" {
		t.Errorf("E1 = %q, want 1234.56 (stored, not formatted as 0.00)", e1)
	}
}

func TestRowsReadFormulasThroughCachedValues(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	a1, a2 := 1250.5, 3517.5
	cached := a1 + a2
	rows := [][]any{
		{a1},
		{a2},
		{excelize.Cell{Formula: "SUM(A1:A2)", Value: cached}},
		{excelize.Cell{Formula: "SUM(A1:A2)"}}, // never calculated: no cached value
	}
	for i, r := range rows {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(ref, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	wb := openWorkbook(t, saveWorkbook(t, f, "formula.xlsx"))
	got := readRows(t, wb, "Sheet1")

	a3, ok := cellAt(got, 3, 1)
	if n, err := strconv.ParseFloat(a3, 64); !ok || err != nil || n != cached {
		t.Errorf("A3 = %q, want the cached value %v", a3, cached)
	}
	if a4, ok := cellAt(got, 4, 1); ok {
		t.Errorf("A4 (a formula without a cached value) = %q, want no value", a4)
	}
}

func TestDateSystem(t *testing.T) {
	day := time.Date(2023, time.March, 18, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		date1904 *bool
		want     bool
	}{
		{name: "default", date1904: nil, want: false},
		{name: "1900 set explicitly", date1904: ptr(false), want: false},
		{name: "1904", date1904: ptr(true), want: true},
	}
	serials := map[bool]float64{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := excelize.NewFile()
			if tt.date1904 != nil {
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: tt.date1904}); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.SetCellValue("Sheet1", "A1", day); err != nil {
				t.Fatal(err)
			}
			wb := openWorkbook(t, saveWorkbook(t, f, "dates.xlsx"))
			if wb.Date1904 != tt.want {
				t.Fatalf("Date1904 = %v, want %v", wb.Date1904, tt.want)
			}
			v, _ := cellAt(readRows(t, wb, "Sheet1"), 1, 1)
			serial, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("A1 = %q, want a serial number", v)
			}
			if got, err := excelize.ExcelDateToTime(serial, wb.Date1904); err != nil || !got.Equal(day) {
				t.Errorf("serial %q in the workbook's date system is %v (%v), want %v", v, got, err, day)
			}
			serials[tt.want] = serial
		})
	}
	// The same day is 1462 days apart in the two systems: reading the flag
	// wrongly would shift every date by four years.
	if d := serials[false] - serials[true]; len(serials) == 2 && d != 1462 {
		t.Errorf("1900 and 1904 serials of %v differ by %v, want 1462", day, d)
	}
}

func TestRowsOfMissingSheet(t *testing.T) {
	f := excelize.NewFile()
	wb := openWorkbook(t, saveWorkbook(t, f, "one.xlsx"))
	_, err := wb.Rows("资金台账")
	var ce *ingest.CellError
	if !errors.As(err, &ce) {
		t.Fatalf("Rows of a missing sheet: %v (%T), want a *ingest.CellError", err, err)
	}
	if ce.File != "one.xlsx" || ce.Sheet != "资金台账" {
		t.Errorf("error names file %q sheet %q, want one.xlsx and 资金台账", ce.File, ce.Sheet)
	}
}

func ptr[T any](v T) *T { return &v }
