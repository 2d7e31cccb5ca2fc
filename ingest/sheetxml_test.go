package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pairstat/pairstat/ingest/hostile"
	"github.com/pairstat/pairstat/samples/synth"
)

// sheetRead is what a row stream gave for one sheet.
type sheetRead struct {
	name string
	rows []Row
	err  string
}

// readAll reads every sheet of the workbook at path, through pairstat's
// own scanner when own is true and through excelize's stream only
// otherwise; scanned counts the sheets the scanner read to their end.
func readAll(t testing.TB, path string, own bool) (sheets []sheetRead, openErr string, scanned int) {
	t.Helper()
	w, err := Open(path, filepath.Base(path))
	if err != nil {
		return nil, err.Error(), 0
	}
	defer w.Close()
	if !own {
		w.textsOnce.Do(func() {}) // no table: every sheet is excelize's
	}
	for _, name := range w.Sheets() {
		s := sheetRead{name: name}
		rows, err := w.Rows(name)
		if err != nil {
			s.err = err.Error()
			sheets = append(sheets, s)
			continue
		}
		for rows.Next() {
			s.rows = append(s.rows, rows.Row())
		}
		if rows.Err() != nil {
			s.err = rows.Err().Error()
		}
		if rows.own != nil {
			scanned++
		}
		rows.Close()
		sheets = append(sheets, s)
	}
	return sheets, openErr, scanned
}

// sameAsExcelize checks that the scanner reads the workbook as excelize
// does; it returns how many sheets the scanner read to their end.
func sameAsExcelize(t testing.TB, path string) int {
	t.Helper()
	want, wantErr, _ := readAll(t, path, false)
	got, gotErr, scanned := readAll(t, path, true)
	if gotErr != wantErr {
		t.Fatalf("%s: open: got %q, excelize %q", path, gotErr, wantErr)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d sheets, excelize %d", path, len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.err != w.err {
			t.Errorf("%s, sheet %s: error %q, excelize %q", path, w.name, g.err, w.err)
		}
		// A stream that fails ends where the census (which runs ahead) or
		// the clock stopped it, which varies from run to run: only the
		// rows both read are compared.
		if len(g.rows) != len(w.rows) && (w.err == "" || g.err != w.err) {
			t.Errorf("%s, sheet %s: %d rows, excelize %d", path, w.name, len(g.rows), len(w.rows))
		}
		for k := range min(len(g.rows), len(w.rows)) {
			own := g.rows[k]
			own.NoResult = nil // excelize's stream cannot tell them, nor booleans
			own.Cells = slices.Clone(own.Cells)
			for c := range own.Cells {
				if own.Cells[c].Type == Bool {
					own.Cells[c].Type = Unknown
				}
			}
			if !reflect.DeepEqual(own, w.rows[k]) {
				t.Errorf("%s, sheet %s: row %d is %v, excelize %v", path, w.name, k+1, g.rows[k], w.rows[k])
				break
			}
		}
	}
	return scanned
}

// Crafted sheets and shared strings: what the scanner reads and what it
// leaves to excelize.
const (
	sstHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">`
	plainSST = sstHead + `<si><t>甲</t></si><si><t xml:space="preserve"> 乙 &amp; 丙 </t></si>` +
		`<si><r><rPr><b/><sz val="11"/><color rgb="FF000000"/><rFont val="宋体"/><family val="2"/><charset val="134"/></rPr><t>富</t></r><r><t>文本</t></r></si>` +
		`<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>` +
		"<si><t>a\r\nb\rc&#x4E2D;&#20013;</t></si><si/></sst>"
	sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<dimension ref="A1:C9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="3" width="9"/></cols><sheetData>`
	sheetTail = `</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`
)

var craftedRows = []string{
	`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>`,
	`<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" s="3" t="inlineStr"><is><t>a&amp;b&lt;&#x4E2D;&#20013;&gt;&quot;&apos;</t></is></c><c r="B1" t="str"><v>x&#13;y</v></c></row>`,
	"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a\r\nb\rc\td</t></is></c><c r=\"B2\"><v>1.5E-3</v></c></row>",
	`<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>A</t></r><r><t xml:space="preserve"> B </t></r></is></c></row>`,
	`<row r="1"><c r="A1"><f>SUM(B1:C1)</f><v>3</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0"/></c><c r="C1"><f ca="1">1</f></c><c r="D1" t="str"><f>""</f><v></v></c></row>`,
	`<row><c><v>1</v></c><c t="s"><v>0</v></c></row><row><c><v>2</v></c><c/><c><v>3</v></c></row>`,
	`<row r="1"/><row r="3"><c r="A3"/><c r="B3" s="1"/><c r="C3"><v>x</v></c></row><row r="5" hidden="1"></row>`,
	`<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c><c><v>4</v></c></row>`,
	`<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`,
	`<row r="3"><c r="A3"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[x<y]]></t></is></c></row>`,
	`<row r="1"><!-- a comment --><c r="A1"><v>1</v></c></row>`,
	`<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#DIV/0!</v></c><c r="C1" t="d"><v>2023-01-01T00:00:00Z</v></c><c r="D1" t="n"><v>7</v></c><c r="E1" t="weird"><v>8</v></c></row>`,
	`<row r="1"><c r="A1" t="s"><v>99</v></c></row>`,
	`<row r="1"><c r="A1" t="s"><v> 1 </v></c></row>`,
	`<row r="1"><c r="A1" t="s"><v></v></c><c r="B1" t="s"/></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>x_x000D_y</t></is></c></row>`,
	`<row r="1"><c r="A1"><v> </v></c><c r="B1" t="inlineStr"><is><t>  </t></is></c><c r="C1"><v>1</v></c></row>`,
	`<row r="1048577"><c r="A1"><v>1</v></c></row>`,
	`<row r="1"><c r="a1"><v>1</v></c></row>`,
	`<row r="1"><c r="XFE1"><v>1</v></c></row>`,
	`<row r="1"><c r="A1">junk<v>1</v></c></row>`,
	`<row r="1"><c r="A1"><v>1</f></c></row>`,
	"<row r=\"1\"><c r=\"A1\"><v>1\x01</v></c></row>",
	`<row r="1"><c r="A1"><v>&nbsp;</v></c></row>`,
	`<row r="1"><c r="A1" s="x"><v>1</v></c></row>`,
	`<row r="x"><c r="A1"><v>1</v></c></row>`,
	`<row r="1"><c r="A1"><v>1</v><v>2</v></c></row>`,
	`<row r="1"><c r="A1"><extLst/><v>1</v></c></row>`,
	`<row r="1"><c r="A1"><v>]]></v></c></row>`,
	`<row r="1"><c r="A1"><v>a]b]]c</v></c></row>`,
	`<row r="1"><c r="A1"><f aca="maybe">1</f><v>1</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><sz val="big"/></rPr><t>A</t></r></is></c></row>`,
	`<row r="1"><c r = 'A1' t = "inlineStr" ><is ><t >x</t ></is ></c ></row >`,
	`<row r="2"><c r="B2"><v>1</v></c></row><row><c r="A9"><v>2</v></c></row>`,
	`<row r="1"><c r="A1"><v>1</v></c></row><row r="0"><c r="A2"><v>2</v></c></row>`,
	`<row r="1"><c r="A1"><v>1</v></c></row><foo><c r="B1"><v>2</v></c></foo><row r="2"><c r="A2"><v>2</v></c></row>`,
}

// craftedDocs are whole sheet parts.
var craftedDocs = []string{
	sheetHead + `</sheetData></worksheet>`,
	strings.Replace(sheetHead, "<sheetData>", "<sheetData/>", 1) + `</worksheet>`,
	sheetHead + `<row r="1"><c r="A1"><v>1</v></c></row></sheetData><extLst><row r="9"><c r="A9"><v>9</v></c></row></extLst></worksheet>`,
	`<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
	"\xEF\xBB\xBF" + sheetHead + `<row r="1"><c r="A1"><v>1</v></c></row>` + sheetTail,
	strings.Replace(sheetHead, `encoding="UTF-8"`, `encoding="UTF-16"`, 1) + sheetTail,
	sheetHead + `<row r="1"><c r="A1"><v>1</v></c></row>`,
	sheetHead + `<row r="1"><c r="A1"><v>1</v></c></row>` + sheetTail + `<!-- after -->`,
	strings.Replace(sheetHead, "<cols>", "<row r=\"7\"/><cols>", 1) + sheetTail,
	`<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>`,
}

// craftedSSTs are shared strings parts for the first crafted sheet.
var craftedSSTs = []string{
	plainSST,
	strings.Replace(plainSST, `count="6"`, `count="six"`, 1),
	strings.Replace(plainSST, `<t>甲</t>`, `<t>甲_x000D_</t>`, 1),
	strings.Replace(plainSST, `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`, `xmlns="urn:other"`, 1),
	strings.Replace(plainSST, `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`, `xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"`, 1),
	strings.Replace(plainSST, `<si><t>甲</t></si>`, `<si><t>甲</t><t>乙</t></si>`, 1),
	strings.Replace(plainSST, `<si><t>甲</t></si>`, `<si><r><t>后</t></r><t>前</t></si>`, 1),
	strings.Replace(plainSST, `<si><t>甲</t></si>`, `<si><t>http://purl.oclc.org/ooxml/spreadsheetml/main</t></si>`, 1),
	strings.Replace(plainSST, `<rPh sb="0" eb="2">`, `<rPh sb="-1" eb="2">`, 1),
	strings.Replace(plainSST, `</sst>`, `<!-- x --></sst>`, 1),
}

// writeCrafted writes a workbook of one sheet part (and a shared strings
// part, unless sst is empty) to dir and returns its path.
func writeCrafted(t testing.TB, dir, name, sheet, sst string) string {
	t.Helper()
	var sstPart *hostile.Part
	if sst != "" {
		p := hostile.Text("", sst)
		sstPart = &p
	}
	parts := hostile.Workbook([]hostile.Sheet{{Name: "Sheet1", Part: hostile.Text("", sheet)}}, sstPart)
	path := filepath.Join(dir, name+".xlsx")
	if err := hostile.WriteFile(path, parts); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestScannerCrafted(t *testing.T) {
	dir := t.TempDir()
	scanned := 0
	for i, rows := range craftedRows {
		path := writeCrafted(t, dir, fmt.Sprintf("rows%d", i), sheetHead+rows+sheetTail, plainSST)
		scanned += sameAsExcelize(t, path)
	}
	for i, doc := range craftedDocs {
		scanned += sameAsExcelize(t, writeCrafted(t, dir, fmt.Sprintf("doc%d", i), doc, plainSST))
	}
	for i, sst := range craftedSSTs {
		scanned += sameAsExcelize(t, writeCrafted(t, dir, fmt.Sprintf("sst%d", i), sheetHead+craftedRows[0]+sheetTail, sst))
	}
	scanned += sameAsExcelize(t, writeCrafted(t, dir, "nosst", sheetHead+craftedRows[1]+sheetTail, ""))
	if scanned < len(craftedRows)/2 {
		t.Errorf("the scanner read only %d crafted sheets to their end", scanned)
	}
}

// TestScannerNoResult: a formula with no saved number is listed in the
// row's NoResult (its value is unknown); a formula's saved number, or its
// text result (t="str"), even empty, is a value.
func TestScannerNoResult(t *testing.T) {
	path := writeCrafted(t, t.TempDir(), "formulas", sheetHead+craftedRows[4]+
		`<row r="2"><c r="A2" t="n"><f>1+1</f><v></v></c><c r="B2"><f>1+1</f><v>2</v></c><c r="C2" t="str"><f>1+1</f></c></row>`+sheetTail, plainSST)
	sheets, openErr, _ := readAll(t, path, true)
	if openErr != "" || len(sheets) != 1 || sheets[0].err != "" || len(sheets[0].rows) != 2 {
		t.Fatalf("read %v, %q", sheets, openErr)
	}
	for i, want := range [][]int{{2, 3}, {1, 3}} {
		if got := sheets[0].rows[i].NoResult; !slices.Equal(got, want) {
			t.Errorf("row %d: NoResult %v, want %v", i+1, got, want)
		}
	}
}

// TestScannerSynth: the generated ledgers, the text-heavy ones (A′ and B′
// in small) included, are read by the scanner, as excelize reads them.
func TestScannerSynth(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "text.xlsx")
	if err := synth.TextLedger(text, 3000, 7); err != nil {
		t.Fatal(err)
	}
	ledger := filepath.Join(dir, "ledger.xlsx")
	if _, err := synth.Ledger(ledger, 3000, 7); err != nil {
		t.Fatal(err)
	}
	paths := []string{text, ledger}
	for _, sub := range []string{"inbox", "mixed", "textinbox"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := synth.Inbox(filepath.Join(dir, "inbox"), 3, 200, 3); err != nil {
		t.Fatal(err)
	}
	if err := synth.Mixed(filepath.Join(dir, "mixed"), 10, 100, 3); err != nil {
		t.Fatal(err)
	}
	if err := synth.TextInbox(filepath.Join(dir, "textinbox"), 3, 200, 3); err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*.xlsx"))
	for _, p := range append(paths, more...) {
		if n := sameAsExcelize(t, p); n == 0 {
			t.Errorf("%s: the scanner read no sheet to its end", p)
		}
	}
}

// TestScannerFiles: every workbook of the repository's samples and test
// data, the hostile cases and the wild corpus (when present).
func TestScannerFiles(t *testing.T) {
	var paths []string
	filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if ext := strings.ToLower(filepath.Ext(p)); ext == ".xlsx" || ext == ".xlsm" {
			paths = append(paths, p)
		}
		return nil
	})
	wild, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "wild", "*"))
	for _, p := range wild {
		if filepath.Base(p) != "SOURCES.md" {
			paths = append(paths, p)
		}
	}
	dir := t.TempDir()
	for _, c := range hostile.Cases() {
		p := filepath.Join(dir, c.Name+".xlsx")
		if err := hostile.WriteFile(p, c.Parts); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for _, p := range paths {
		sameAsExcelize(t, p)
	}
}

// FuzzSheetXML reads a sheet part and a shared strings part through the
// scanner and through excelize: the same rows, or both fail alike.
func FuzzSheetXML(f *testing.F) {
	for _, rows := range craftedRows {
		f.Add(sheetHead+rows+sheetTail, plainSST)
	}
	for _, doc := range craftedDocs[:4] {
		f.Add(doc, plainSST)
	}
	f.Add(sheetHead+craftedRows[0]+sheetTail, craftedSSTs[6])
	f.Fuzz(func(t *testing.T, sheet, sst string) {
		sameAsExcelize(t, writeCrafted(t, t.TempDir(), "fuzz", sheet, sst))
	})
}
