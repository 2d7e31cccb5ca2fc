package ingest_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/ingest/hostile"
)

// writeParts writes a generated workbook to a fresh temporary folder.
func writeParts(t *testing.T, name string, parts []hostile.Part) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := hostile.WriteFile(path, parts); err != nil {
		t.Fatal(err)
	}
	return path
}

// oneSheet is a workbook of one sheet, 台账, holding rows.
func oneSheet(rows string) []hostile.Part {
	return hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: hostile.SheetXML(rows)}}, nil)
}

// TestLimitsInRowStreams checks the limits that the row stream itself
// enforces, where the count of the sheet's XML (census.go) cannot tell:
// rows and columns numbered past the limit by their r attributes, the
// characters of a cell, the text of the workbook. Each error names the
// place and wraps ErrLimit.
func TestLimitsInRowStreams(t *testing.T) {
	inline := func(ref, text string) string {
		return `<c r="` + ref + `" t="inlineStr"><is><t>` + text + `</t></is></c>`
	}
	tests := []struct {
		name  string
		lim   ingest.Limits
		rows  string
		cell  string // where the error is, "" for the whole sheet
		says  string
		value string // the cell's text in the error, clipped
	}{
		{name: "a row numbered past the limit", lim: ingest.Limits{Rows: 5},
			rows: `<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="A9"><v>1</v></c></row>`,
			says: "the sheet has more than 5 rows"},
		{name: "a cell past the last column", lim: ingest.Limits{Cols: 3},
			rows: `<row r="1"><c r="A1"><v>1</v></c><c r="E1"><v>1</v></c></row>`,
			cell: "D1", says: "row 1 has cells beyond column C"},
		{name: "a long cell", lim: ingest.Limits{CellText: 10},
			rows: `<row r="1">` + inline("A1", "short") + inline("B1", strings.Repeat("塘厦镇对口帮扶始兴县", 5)) + `</row>`,
			cell: "B1", says: "the cell holds 50 characters, more than the limit of 10", value: strings.Repeat("塘厦镇对口帮扶始兴县", 4) + "…"},
		{name: "the workbook's text", lim: ingest.Limits{Text: 20},
			rows: `<row r="1">` + inline("A1", "0123456789") + `</row><row r="2">` + inline("A2", "0123456789") + inline("B2", "x") + `</row>`,
			cell: "B2", says: "the workbook's cells hold more than 20 bytes of text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeParts(t, "限.xlsx", oneSheet(tt.rows))
			_, err := readAll(path, "限.xlsx", tt.lim)
			var ce *ingest.CellError
			if !errors.Is(err, ingest.ErrLimit) || !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *CellError wrapping ErrLimit", err)
			}
			if ce.File != "限.xlsx" || ce.Sheet != "台账" || ce.Cell != tt.cell || ce.Value != tt.value {
				t.Errorf("error at %q %q %q (value %q), want 限.xlsx 台账 %q (value %q)", ce.File, ce.Sheet, ce.Cell, ce.Value, tt.cell, tt.value)
			}
			if !strings.Contains(err.Error(), tt.says) || ce.Fix == "" || ce.FixZh == "" {
				t.Errorf("message %q does not say %q, with advice", err, tt.says)
			}
		})
	}
	// Within the limits, the same workbooks read.
	for _, tt := range tests {
		path := writeParts(t, "限.xlsx", oneSheet(tt.rows))
		if _, err := readAll(path, "限.xlsx", ingest.Limits{}); err != nil {
			t.Errorf("%s, default limits: %v", tt.name, err)
		}
	}
}

// TestTimeLimit: a workbook read past its time is an ErrLimit error.
func TestTimeLimit(t *testing.T) {
	path := writeParts(t, "慢.xlsx", oneSheet(hostile.HeaderRows))
	_, err := readAll(path, "慢.xlsx", ingest.Limits{Time: time.Nanosecond})
	if !errors.Is(err, ingest.ErrLimit) || !strings.Contains(err.Error(), "reading the workbook took longer than the limit of 1ns") {
		t.Fatalf("error %v, want the time limit", err)
	}
	var rows strings.Builder
	for range 3 * 256 {
		rows.WriteString(`<row><c><v>1</v></c></row>`)
	}
	path = writeParts(t, "慢.xlsx", oneSheet(rows.String()))
	wb, err := ingest.OpenWithLimits(path, "慢.xlsx", ingest.Limits{Time: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rs, err := wb.Rows("台账")
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	n := 0
	for rs.Next() {
		if n++; n == 10 {
			time.Sleep(300 * time.Millisecond) // slow work between rows counts too
		}
	}
	var ce *ingest.CellError
	if !errors.Is(rs.Err(), ingest.ErrLimit) || !errors.As(rs.Err(), &ce) || ce.Sheet != "台账" || n != 255 {
		t.Fatalf("after %d rows: %v, want the time limit at row 256 of sheet 台账", n, rs.Err())
	}
}

// TestOpenLeavesNoTemporaryFiles: the copy of the parts that excelize
// reads is removed by Close, and at once when Open fails.
func TestOpenLeavesNoTemporaryFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	extra := hostile.Text("xl/styles.xml", `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`)
	good := writeParts(t, "好.xlsx", append(oneSheet(hostile.HeaderRows), extra))
	big := hostile.Part{Head: []byte(hostile.SheetOpen), Body: []byte(`<row><c t="inlineStr"><is><t>` + strings.Repeat("x", 1000) + `</t></is></c></row>`),
		Repeat: 17_000, Tail: []byte(hostile.SheetClose)} // 17 MB: spooled by excelize
	spooled := writeParts(t, "大.xlsx", append(hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: big}}, nil), extra))
	for _, path := range []string{good, spooled} {
		if _, err := readAll(path, "x.xlsx", ingest.Limits{}); err != nil {
			t.Fatal(err)
		}
		if _, err := readAll(path, "x.xlsx", ingest.Limits{Rows: 1}); !errors.Is(err, ingest.ErrLimit) {
			t.Fatalf("error %v, want ErrLimit", err)
		}
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left behind in the temporary folder: %s", e.Name())
	}
}

// TestOpenReadsOnlyWhatItNeeds: a damaged part that pairstat does not read
// (here styles whose XML breaks off) does not keep the sheets from
// loading; a sheet cut short does. A zip header that no compression can
// give is a damaged archive, whatever part it describes.
func TestOpenReadsOnlyWhatItNeeds(t *testing.T) {
	junk := []hostile.Part{
		hostile.Text("xl/styles.xml", `<styleSheet><cellXfs><xf`),
		{Name: "xl/media/image1.png", Head: []byte("\x89PNG"), Body: make([]byte, 1<<20), Repeat: 5},
	}
	path := writeParts(t, "图.xlsx", append(oneSheet(hostile.HeaderRows), junk...))
	if rows, err := readAll(path, "图.xlsx", ingest.Limits{}); err != nil || rows != 2 {
		t.Fatalf("read %d rows, %v; want 2 rows", rows, err)
	}
	// A sheet whose local zip header is broken: the copy for excelize
	// cannot be made, and says so.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, []byte("xl/worksheets/sheet1.xml")) - 30 // the local header comes first
	if at < 0 || !bytes.Equal(data[at:at+4], []byte("PK\x03\x04")) {
		t.Fatal("no local header before the sheet's name")
	}
	data[at+3] = 0x05
	path = filepath.Join(t.TempDir(), "头.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readAll(path, "头.xlsx", ingest.Limits{}); !errors.Is(err, ingest.ErrDamaged) ||
		!strings.Contains(err.Error(), "its part xl/worksheets/sheet1.xml is corrupt") {
		t.Fatalf("error %v, want ErrDamaged naming the sheet's part", err)
	}
	lie := hostile.Part{Name: "xl/media/image1.png", Head: []byte("\x89PNG"), DeclaredSize: 1 << 20}
	path = writeParts(t, "图.xlsx", append(oneSheet(hostile.HeaderRows), lie))
	if _, err := readAll(path, "图.xlsx", ingest.Limits{}); !errors.Is(err, ingest.ErrDamaged) ||
		!strings.Contains(err.Error(), "its part xl/media/image1.png declares 1 MiB unpacked from") {
		t.Fatalf("error %v, want ErrDamaged for a zip header declaring an impossible size", err)
	}
	broken := hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: hostile.Part{Head: []byte(hostile.SheetOpen + hostile.HeaderRows), DeclaredSize: 1 << 20}}}, nil)
	path = writeParts(t, "坏.xlsx", broken)
	if _, err := readAll(path, "坏.xlsx", ingest.Limits{}); !errors.Is(err, ingest.ErrDamaged) {
		t.Fatalf("error %v, want ErrDamaged for a sheet cut short of its declared size", err)
	}
}

func TestQuoteName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"台账.xlsx", "台账.xlsx"},
		{"inbox/塘厦 镇/项目 台账.xlsx", "inbox/塘厦 镇/项目 台账.xlsx"},
		{"a\nb.xlsx", `"a\nb.xlsx"`},
		{"tab\there.xlsx", `"tab\there.xlsx"`},
		{" lead.xlsx", `" lead.xlsx"`},
		{"trail.xlsx ", `"trail.xlsx "`},
		{`say "hi".xlsx`, `"say \"hi\".xlsx"`},
		{"a: b.xlsx", `"a: b.xlsx"`},
		{"bad\xffutf8.xlsx", `"bad\xffutf8.xlsx"`},
		{"zero\u200bwidth.xlsx", `"zero\u200bwidth.xlsx"`},
		{"", ""},
	} {
		if got := ingest.QuoteName(tt.in); got != tt.want {
			t.Errorf("QuoteName(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	err := &ingest.CellError{File: "a\nb.xlsx", Sheet: "台账\t1", Cell: "A1", Err: ingest.ErrDamaged}
	if got, want := err.Error(), `"a\nb.xlsx": sheet "台账\t1": cell A1: the workbook is damaged`; got != want {
		t.Errorf("Error() = %s, want %s", got, want)
	}
}
