package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"golang.org/x/net/html/charset"
)

// utf16LE encodes s as UTF-16 (little endian) with a byte order mark.
func utf16LE(s string) string {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

// reader reads s whole, or one byte at a time: the census must count the
// same however its input is cut into blocks.
func reader(s string, oneByte bool) io.Reader {
	if oneByte {
		return iotest.OneByteReader(strings.NewReader(s))
	}
	return strings.NewReader(s)
}

func TestCensusCounts(t *testing.T) {
	tests := []struct {
		name              string
		kind              partKind
		xml               string
		rows, cells, item int // rows, cells of the last row, shared strings
		elements          int
	}{
		{name: "sheet", kind: sheetPart, xml: `<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row><row r="2"/></sheetData></worksheet>`,
			rows: 2, cells: 0, elements: 8},
		{name: "prefixed elements", kind: sheetPart, xml: `<x:worksheet xmlns:x="ns"><x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c/></x:row></x:sheetData></x:worksheet>`,
			rows: 1, cells: 2, elements: 6},
		{name: "white space in tags", kind: sheetPart, xml: "<sheetData><row\n r='1'\t><c\r\nr=\"A1\" /><c/ ></row  ></sheetData>",
			rows: 1, cells: 2, elements: 4},
		{name: "markup in comments, CDATA, PIs and attribute values is not counted", kind: sheetPart,
			xml:  `<sheetData><!-- <row><c/> --><?pi <row> ?><row a="<row>" b='>'><c><is><t><![CDATA[<c/><row>]]></t></is></c></row></sheetData>`,
			rows: 1, cells: 1, elements: 5},
		{name: "longer names are not rows", kind: sheetPart, xml: `<sheetData><rowBreaks/><rows/><cc/><row/></sheetData>`,
			rows: 1, elements: 5},
		{name: "shared strings", kind: sstPart, xml: `<sst count="3"><si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r></si><si/></sst>`,
			item: 3, elements: 9},
		{name: "UTF-16", kind: sheetPart, xml: `<?xml version="1.0" encoding="UTF-16"?>` +
			utf16LE(`<worksheet><sheetData><row><c><v>一</v></c></row><row/></sheetData></worksheet>`)[2:],
			rows: 2, elements: 6},
	}
	lim := DefaultLimits()
	for _, tt := range tests {
		for _, oneByte := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				c := &census{part: "p", kind: tt.kind, lim: &lim}
				err := c.scan(reader(tt.xml, oneByte))
				if err != nil {
					t.Fatal(err)
				}
				if c.rows != tt.rows || c.cells != tt.cells || c.items != tt.item || c.elements != tt.elements {
					t.Errorf("rows %d, cells %d, shared strings %d, elements %d; want %d, %d, %d, %d",
						c.rows, c.cells, c.items, c.elements, tt.rows, tt.cells, tt.item, tt.elements)
				}
			})
		}
	}
}

func TestCensusLimits(t *testing.T) {
	lim := DefaultLimits()
	lim.Rows, lim.Cols, lim.SharedStrings = 3, 2, 2
	long := strings.Repeat("x", maxToken+1)
	tests := []struct {
		name string
		kind partKind
		xml  string
		says string // "" for a DOCTYPE
	}{
		{"rows", sheetPart, `<sheetData><row/><row/><row/><row/></sheetData>`, "more than 3 rows"},
		{"cells", sheetPart, `<sheetData><row><c/><c/><c/></row></sheetData>`, "row 1 (counting its row elements) has more than 2 cells"},
		{"shared strings", sstPart, `<sst><si/><si/><si/></sst>`, "more than 2 shared strings"},
		{"long text", sheetPart, `<sheetData>` + long + `</sheetData>`, "holds a text longer than 1 MiB"},
		{"long text at the end", otherPart, `<a/>` + long, "holds a text longer than 1 MiB"},
		{"long tag", otherPart, `<a b="` + long + `"/>`, "holds a tag longer than 1 MiB"},
		{"long comment", otherPart, `<!--` + long + `-->`, "holds a comment longer than 1 MiB"},
		{"long CDATA", otherPart, `<a><![CDATA[` + long + `]]></a>`, "holds a CDATA section longer than 1 MiB"},
		{"long cell", sheetPart, `<row><c><is>` + strings.Repeat(`<r><t>`+strings.Repeat("长", 10_000)+`</t></r>`, 40) + `</is></c></row>`,
			"a cell in the sheet's row 1 (counting its row elements) holds more than 1 MiB of text"},
		{"long shared string", sstPart, `<sst><si>` + strings.Repeat(`<r><t>`+strings.Repeat("长", 10_000)+`</t></r>`, 40) + `</si></sst>`,
			"shared string 1 holds more than 1 MiB of text"},
		{"long shared string in CDATA", sstPart, `<sst><si><t>` + strings.Repeat(`<![CDATA[`+strings.Repeat("长", 10_000)+`]]>`, 40) + `</t></si></sst>`,
			"shared string 1 holds more than 1 MiB of text"},
		{"long formula", sheetPart, `<row><c><f>` + strings.Repeat(strings.Repeat("x", 10_000)+`<!---->`, 110) + `</f></c></row>`,
			"a cell in the sheet's row 1 (counting its row elements) holds more than 1 MiB of text"},
		{"too many runs", sstPart, `<sst><si>` + strings.Repeat(`<r/>`, maxRuns+1) + `</si></sst>`,
			"shared string 1 is split into more than 65,536 rich-text runs"},
		{"too many phonetic runs", sheetPart, `<row><c t="inlineStr"><is>` + strings.Repeat(`<rPh><t/></rPh>`, maxRuns+1) + `</is></c></row>`,
			"a cell in the sheet's row 1 (counting its row elements) is split into more than 65,536 rich-text runs"},
		{"long formatting", sstPart, `<sst><si>` + strings.Repeat(`<r><rPr>`+strings.Repeat(`<b/>`, 300)+`</rPr><t>a</t></r>`, 14_000) + `</si></sst>`,
			"shared string 1 takes more than 16 MiB of XML"},
		{"long white space between runs", sstPart, `<sst><si>` + strings.Repeat(`<r><t>a</t></r>`+strings.Repeat(" ", 100_000), 170) + `</si></sst>`,
			"shared string 1 takes more than 16 MiB of XML"},
		{"DOCTYPE", sheetPart, `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w>&x;</w>`, ""},
		{"ENTITY alone", otherPart, `<!ENTITY x "y"><w/>`, ""},
	}
	for _, tt := range tests {
		for _, oneByte := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				c := &census{part: "xl/worksheets/sheet1.xml", kind: tt.kind, lim: &lim}
				err := c.scan(reader(tt.xml, oneByte))
				if tt.says == "" {
					if !errors.Is(err, errDoctype) {
						t.Fatalf("error %v, want errDoctype", err)
					}
					return
				}
				if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), tt.says) {
					t.Fatalf("error %v, want an ErrLimit saying %q", err, tt.says)
				}
				if fix, _ := censusError(c.part, err); strings.Contains(fix.En, "bomb") &&
					(strings.Contains(tt.says, "of text") || strings.Contains(tt.says, "runs") || strings.Contains(tt.says, "of XML")) {
					t.Errorf("advice %q calls a workbook that may be genuine a bomb", fix.En)
				}
			})
		}
	}
}

// libreOfficeString is a shared string as LibreOffice writes text that
// mixes scripts: a run for each stretch of one script, with its font.
// With n characters alternating between Latin and CJK, it is n runs.
func libreOfficeString(n int) string {
	var b strings.Builder
	b.WriteString(`<si>`)
	for i := range n {
		if i%2 == 0 {
			b.WriteString(`<r><rPr><sz val="11"/><color rgb="FF000000"/><rFont val="Calibri"/><family val="2"/><charset val="1"/></rPr><t xml:space="preserve">a</t></r>`)
		} else {
			b.WriteString(`<r><rPr><sz val="11"/><color rgb="FF000000"/><rFont val="WenQuanYi Zen Hei"/><family val="2"/></rPr><t xml:space="preserve">中</t></r>`)
		}
	}
	b.WriteString(`</si>`)
	return b.String()
}

// TestCensusPassesLibreOfficeRichText: a genuine string of Excel's most
// characters, written by LibreOffice as a run per script change (4.3 MB
// of XML), is within the bounds of one shared string.
func TestCensusPassesLibreOfficeRichText(t *testing.T) {
	lim := DefaultLimits()
	si := libreOfficeString(lim.CellText)
	if len(si) <= 1<<20 {
		t.Fatalf("the string is %d bytes of XML, want more than 1 MiB", len(si))
	}
	// Pretty-printed, with a text of the most characters besides.
	pretty := strings.ReplaceAll(si, `</r>`, "</r>\n    ")
	long := `<si><t>` + strings.Repeat("&#x1F600;", lim.CellText) + `</t></si>`
	c := &census{part: "xl/sharedStrings.xml", kind: sstPart, lim: &lim}
	if err := c.scan(strings.NewReader(`<sst>` + si + pretty + long + `</sst>`)); err != nil {
		t.Fatalf("census of a genuine string: %v", err)
	}
	if c.items != 3 {
		t.Errorf("%d shared strings, want 3", c.items)
	}
}

// BenchmarkCensus scans a sheet of 20,000 rows of eight cells.
func BenchmarkCensus(b *testing.B) {
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet><sheetData>`)
	for r := 1; r <= 20_000; r++ {
		sheet.WriteString(`<row r="1" spans="1:8">`)
		for _, col := range "ABCDEFGH" {
			sheet.WriteString(`<c r="` + string(col) + `1" s="3" t="s"><v>12345</v></c>`)
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	xml := sheet.String()
	lim := DefaultLimits()
	b.SetBytes(int64(len(xml)))
	for b.Loop() {
		c := &census{kind: sheetPart, lim: &lim}
		if err := c.scan(strings.NewReader(xml)); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzCensus compares the census of an XML text with what encoding/xml
// makes of it, reading encodings as excelize does. Where both accept the
// text, the census must count the same elements and at least as many rows
// and shared strings (never fewer: the counts bound what the decoder
// builds); where the text declares a document type, the census must reject
// it. (The census may reject more, such as an encoding declared in the
// middle of a part.) Regression inputs in testdata: a processing
// instruction named xmln read as an XML declaration; an encoding declared
// in the middle of a part.
func FuzzCensus(f *testing.F) {
	for _, seed := range []string{
		`<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
		`<x:worksheet xmlns:x="ns"><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
		`<sst><si><t>a</t></si><si><r><t xml:space="preserve"> b </t></r></si></sst>`,
		`<a b='>' c="<!--"><!-- <row> --><?pi ?> ?><![CDATA[<c>]]></a>`,
		`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`,
		"<row\n r='1'\t><c/><c /></row >",
	} {
		f.Add(seed, uint8(sheetPart))
		f.Add(seed, uint8(sstPart))
	}
	f.Fuzz(func(t *testing.T, doc string, kind uint8) {
		lim := DefaultLimits()
		c := &census{part: "p", kind: partKind(kind % 3), lim: &lim}
		err := c.scan(strings.NewReader(doc))
		if err != nil && !errors.Is(err, errDoctype) && !errors.Is(err, ErrLimit) {
			var ce *causeError
			if !errors.As(err, &ce) { // an unknown encoding is a causeError too
				t.Fatalf("census error %v", err)
			}
		}
		d := xml.NewDecoder(strings.NewReader(doc))
		d.CharsetReader = charset.NewReaderLabel // as excelize reads
		var rows, cells, items, elements int
		directive := false
		for {
			tok, derr := d.Token()
			if derr == io.EOF {
				break
			}
			if derr != nil {
				return // the decoder rejects the text: nothing to compare
			}
			switch tok := tok.(type) {
			case xml.Directive:
				directive = true
			case xml.StartElement:
				elements++
				switch tok.Name.Local {
				case "row":
					rows++
				case "c":
					cells++
				case "si":
					items++
				}
			}
		}
		if directive {
			if !errors.Is(err, errDoctype) {
				t.Fatalf("the text declares a document type, census error %v", err)
			}
			return
		}
		if err != nil {
			// The census may reject what the decoder reads (an encoding
			// declared in the middle): that is safe. It must not count
			// less than the decoder reads.
			if errors.Is(err, errDoctype) {
				t.Fatalf("census finds a document type the decoder does not")
			}
			return
		}
		if c.elements != elements {
			t.Errorf("census counts %d elements, the decoder %d", c.elements, elements)
		}
		switch c.kind {
		case sheetPart:
			if c.rows < rows {
				t.Errorf("census counts %d rows, the decoder %d", c.rows, rows)
			}
		case sstPart:
			if c.items < items {
				t.Errorf("census counts %d shared strings, the decoder %d", c.items, items)
			}
		}
		_ = cells
	})
}
