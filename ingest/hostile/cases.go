package hostile

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// Outcome is what pairstat must make of a case.
type Outcome int

const (
	// Loads: the workbook loads (its hostile part is never read).
	Loads Outcome = iota
	// NoSheet: read without harm, then rejected because no sheet has a
	// header pairstat recognises.
	NoSheet
	// Limit: rejected with ingest.ErrLimit.
	Limit
	// Damaged: rejected with ingest.ErrDamaged.
	Damaged
)

// Case is one hostile workbook.
type Case struct {
	Name  string // also the file name, with .xlsx
	About string // what the file is, for people
	// Outcome and Says: the outcome, and a text its message must hold.
	Outcome Outcome
	Says    string
	Parts   []Part
}

// Size is the size of the case's parts unpacked, as they really are.
func (c Case) Size() uint64 {
	var n uint64
	for _, p := range c.Parts {
		n += p.Size()
	}
	return n
}

// SheetName names the sheet of the cases: it gives the region, so that a
// project ledger under it loads.
const SheetName = "塘厦镇台账"

// sheetOf is a workbook of one sheet, named SheetName, with the given part.
func sheetOf(p Part, extra ...Part) []Part {
	return Workbook([]Sheet{{Name: SheetName, Part: p}}, nil, extra...)
}

// ledger is a sheet that loads: a header and one project.
func ledger() Part { return SheetXML(HeaderRows) }

// repeatedSheet is a sheet part whose rows are body repeated n times.
func repeatedSheet(rows string, body string, n int64) Part {
	return Part{Head: []byte(SheetOpen + rows), Body: []byte(body), Repeat: n, Tail: []byte(SheetClose)}
}

// sstOpen and sstClose enclose a shared strings part.
const (
	sstOpen  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<sst xmlns="` + nsMain + `">`
	sstClose = `</sst>`
)

// chunk repeats s to about 1 MiB, so that a part of gigabytes is a few
// thousand repetitions of it.
func chunk(s string) (string, int) {
	n := max(1, (1<<20)/len(s))
	return strings.Repeat(s, n), n
}

// Cases are the hostile workbooks pairstat is tested against; every one is
// generated, a few megabytes at most on disk.
func Cases() []Case {
	spaces, _ := chunk(" ")
	emptyRows, perChunk := chunk("<row/>")
	const gib = 1 << 30
	sharedWide := strings.Repeat("重", 10_000) // 30 KB, 10,000 characters
	emptyRuns, _ := chunk("<r/>")
	wideText := strings.Repeat("重", 1<<19) // 1 MiB in UTF-16
	var cases []Case
	add := func(c Case) { cases = append(cases, c) }

	add(Case{Name: "zip-bomb", Outcome: Limit, Says: "unpacks to 4.0 GiB, more than the limit of 1 GiB",
		About: "a sheet of 4 GiB of spaces, compressed to 4 MB (the archive declares its size)",
		Parts: sheetOf(Part{Head: []byte(SheetOpen + HeaderRows), Body: []byte(spaces), Repeat: 4 * 1024, Tail: []byte(SheetClose)})})
	add(Case{Name: "zip-bomb-lying", Outcome: Damaged, Says: "does not match its checksum",
		About: "the same 4 GiB sheet with a zip header declaring 1 MiB: unpacking stops at 1 MiB",
		Parts: sheetOf(Part{Head: []byte(SheetOpen + HeaderRows), Body: []byte(spaces), Repeat: 4 * 1024, Tail: []byte(SheetClose), DeclaredSize: 1 << 20})})
	add(Case{Name: "size-lie", Outcome: Damaged, Says: "more than deflate compression can give",
		About: "a 1 KB sheet whose zip header declares 15 GiB, so that a reader allocates that much",
		Parts: sheetOf(Part{Head: []byte(SheetOpen + HeaderRows + SheetClose), DeclaredSize: 15 * gib})})
	add(Case{Name: "media-bomb", Outcome: Loads,
		About: "a sheet that loads, and an image member of 900 MiB of zeros that pairstat never unpacks",
		Parts: sheetOf(ledger(), Part{Name: "xl/media/image1.png", Body: make([]byte, 1<<20), Repeat: 900})})
	add(Case{Name: "styles-bomb", Outcome: Loads,
		About: "a sheet that loads, and a styles part of 200 MiB (12 million <xf/> elements), which excelize would decode whole",
		Parts: sheetOf(ledger(), Part{Name: "xl/styles.xml",
			Head: []byte(`<?xml version="1.0"?><styleSheet xmlns="` + nsMain + `"><cellXfs>`),
			Body: []byte(strings.Repeat(`<xf numFmtId="0"/>`, 61680)), Repeat: 200, Tail: []byte(`</cellXfs></styleSheet>`)})})
	add(Case{Name: "many-members", Outcome: Limit, Says: "members",
		About: "a zip archive of 200,000 empty members",
		Parts: append(sheetOf(ledger()), manyMembers(200_000)...)})
	add(Case{Name: "empty-rows-billions", Outcome: Limit, Says: "more than the limit of 1 GiB",
		About: "a sheet of 3 billion empty <row/> elements (18 GB unpacked, 18 MB compressed)",
		Parts: sheetOf(repeatedSheet(HeaderRows, emptyRows, 3_000_000_000/int64(perChunk)))})
	add(Case{Name: "empty-rows-millions", Outcome: Limit, Says: "more than 1,048,576 rows",
		About: "a sheet of 40 million empty <row/> elements (240 MB unpacked, within the size limits)",
		Parts: sheetOf(repeatedSheet(HeaderRows, emptyRows, 40_000_000/int64(perChunk)))})
	add(Case{Name: "last-row-only", Outcome: NoSheet,
		About: "a sheet declaring the dimension A1:XFD1048576 whose only cell is XFD1048576",
		Parts: sheetOf(Part{Head: []byte(strings.Replace(SheetOpen, "<sheetData>", `<dimension ref="A1:XFD1048576"/><sheetData>`, 1) +
			`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>` + SheetClose)})})
	add(Case{Name: "wide-row", Outcome: Limit, Says: "more than 16,384 cells",
		About: "a row of 10 million cells without references (150 MB unpacked)",
		Parts: sheetOf(Part{Head: []byte(SheetOpen + `<row r="1">`), Body: []byte(strings.Repeat(`<c><v>1</v></c>`, 100_000)), Repeat: 100,
			Tail: []byte(`</row>` + SheetClose)})})
	add(Case{Name: "long-cell", Outcome: Limit, Says: "40,000 characters, more than the limit of 32,767",
		About: "an inline string of 40,000 characters",
		Parts: sheetOf(SheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("长", 40_000) + `</t></is></c></row>`))})
	add(Case{Name: "giant-text", Outcome: Limit, Says: "longer than 1 MiB",
		About: "an inline string of 200 MiB",
		Parts: sheetOf(Part{Head: []byte(SheetOpen + `<row r="1"><c r="A1" t="inlineStr"><is><t>`), Body: []byte(spaces), Repeat: 200,
			Tail: []byte(`x</t></is></c></row>` + SheetClose)})})
	add(Case{Name: "sst-count-bomb", Outcome: Limit, Says: "more than 1,000,000 shared strings",
		About: "a shared strings table of 14.8 million entries (250 MB unpacked)",
		Parts: Workbook([]Sheet{{Name: SheetName, Part: SheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}},
			&Part{Head: []byte(sstOpen), Body: []byte(strings.Repeat("<si><t>a</t></si>", 61680)), Repeat: 240, Tail: []byte(sstClose)})})
	add(Case{Name: "sst-at-the-limit", Outcome: NoSheet,
		About: "a shared strings table of exactly 1,000,000 entries (the limit), one cell referring to the last",
		Parts: Workbook([]Sheet{{Name: SheetName, Part: SheetXML(`<row r="1"><c r="A1" t="s"><v>999999</v></c></row>`)}},
			&Part{Head: []byte(sstOpen), Body: []byte(strings.Repeat("<si><t>a</t></si>", 1000)), Repeat: 1000, Tail: []byte(sstClose)})})
	add(Case{Name: "sst-dense", Outcome: NoSheet,
		About: "a shared strings table of 15 MB in 1.2 million rich-text elements, which excelize would decode whole in memory",
		Parts: Workbook([]Sheet{{Name: SheetName, Part: SheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}},
			&Part{Head: []byte(sstOpen), Body: []byte(strings.Repeat("<si><r><t>a</t></r><r><t>b</t></r><r><t>c</t></r><r><t>d</t></r></si>", 1000)),
				Repeat: 200, Tail: []byte(sstClose)})})
	add(Case{Name: "sst-amplification", Outcome: Limit, Says: "text",
		About: "one shared string of 10,000 characters (30 KB) referenced by 3 cells in each of 1,000,000 rows: 90 GB of cell text",
		Parts: Workbook([]Sheet{{Name: SheetName, Part: repeatedSheet(
			`<row><c t="inlineStr"><is><t>项目名称</t></is></c><c t="inlineStr"><is><t>投资额（万元）</t></is></c><c t="inlineStr"><is><t>签约日期</t></is></c></row>`,
			strings.Repeat(`<row><c t="s"><v>0</v></c><c><v>100</v></c><c t="s"><v>0</v></c></row>`, 1000), 1000)}},
			&Part{Head: []byte(sstOpen + `<si><t>` + sharedWide + `</t></si>` + sstClose)})})
	add(Case{Name: "sst-rich-runs", Outcome: NoSheet,
		About: "shared strings of 3 entries at the bounds of one string (65,536 rich-text runs with every run property, 15 MB of XML each), not plain XML, so that excelize decodes them",
		Parts: Workbook([]Sheet{{Name: SheetName, Part: SheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>`)}},
			&Part{Head: []byte(sstOpen + `<!-- not plain -->`), Body: []byte(`<si>` + strings.Repeat(richRun, 65_536) + `</si>`), Repeat: 3, Tail: []byte(sstClose)})})
	add(Case{Name: "sst-runs-bomb", Outcome: Limit, Says: "more than 65,536 rich-text runs",
		About: "one shared string of 50 million empty rich-text runs (200 MiB)",
		Parts: Workbook([]Sheet{{Name: SheetName, Part: SheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}},
			&Part{Head: []byte(sstOpen + `<si>`), Body: []byte(emptyRuns), Repeat: 200, Tail: []byte(`</si>` + sstClose)})})
	add(Case{Name: "doctype-entities", Outcome: Damaged, Says: "declares a document type",
		About: "a sheet whose XML declares an external entity (file:///etc/passwd) and a billion-laughs entity, used in its cells",
		Parts: sheetOf(Part{Head: []byte(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE worksheet [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<worksheet xmlns="` + nsMain + `"><sheetData>` + HeaderRows +
			`<row r="3"><c r="A3" t="inlineStr"><is><t>&xxe;</t></is></c><c r="B3" t="inlineStr"><is><t>&lol2;</t></is></c></row>` + SheetClose)})})
	add(Case{Name: "doctype-in-shared-strings", Outcome: Damaged, Says: "declares a document type",
		About: "shared strings whose XML declares an external entity fetched over HTTP",
		Parts: Workbook([]Sheet{{Name: SheetName, Part: SheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}},
			&Part{Head: []byte(`<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]><sst xmlns="` + nsMain + `"><si><t>&x;</t></si></sst>`)})})
	add(Case{Name: "utf16-empty-rows", Outcome: Limit, Says: "more than 1,048,576 rows",
		About: "a sheet in UTF-16 of a ledger's header and 20 million empty rows, which a reader that does not decode UTF-16 would not see",
		Parts: sheetOf(Part{Head: []byte(`<?xml version="1.0" encoding="UTF-16"?>` + UTF16(SheetOpen[strings.Index(SheetOpen, "<worksheet"):]+HeaderRows)),
			Body: []byte(UTF16(emptyRows)), Repeat: 20_000_000 / int64(perChunk), Tail: []byte(UTF16(SheetClose))})})
	add(Case{Name: "utf16-bom-empty-rows", Outcome: Limit, Says: "more than 1,048,576 rows",
		About: "a sheet wholly in UTF-16 with a byte order mark, as XML may be, of a ledger's header and 20 million empty rows: decoded to UTF-8 as a stream, then counted",
		Parts: sheetOf(Part{Head: []byte("\xFF\xFE" + UTF16(strings.Replace(SheetOpen, "UTF-8", "UTF-16", 1)+HeaderRows)),
			Body: []byte(UTF16(emptyRows)), Repeat: 20_000_000 / int64(perChunk), Tail: []byte(UTF16(SheetClose))})})
	add(Case{Name: "utf16-decoded-over", Outcome: Limit, Says: "more than 512 MiB decoded to UTF-8",
		About: "a sheet in UTF-16 of 400 MiB of Chinese text, within the limit of 512 MiB of a sheet, but 600 MiB decoded to UTF-8",
		Parts: sheetOf(Part{Head: []byte("\xFF\xFE" + UTF16(strings.Replace(SheetOpen, "UTF-8", "UTF-16", 1)+`<row r="1"><c r="A1" t="inlineStr"><is><t>`)),
			Body: []byte(UTF16(wideText)), Repeat: 400, Tail: []byte(UTF16(`</t></is></c></row>` + SheetClose))})})
	add(Case{Name: "encoding-switch", Outcome: Damaged, Says: "declares the character encoding UTF-16 in its middle",
		About: "a sheet that starts in UTF-8 and declares UTF-16 in its middle, where Go's XML decoder switches encodings",
		Parts: sheetOf(Part{Head: []byte(SheetOpen + HeaderRows + `<?xml version="1.0" encoding="UTF-16"?>` + UTF16(`<row r="3"><c r="A3"><v>1</v></c></row>`+SheetClose))})})
	add(Case{Name: "unsafe-names", Outcome: Damaged, Says: "a path outside the archive",
		About: "a workbook with members named ../../pairstat-escape.txt and /tmp/pairstat-escape.txt",
		Parts: sheetOf(ledger(), Text("../../pairstat-escape.txt", "escaped"), Text("/tmp/pairstat-escape.txt", "escaped"))})
	add(Case{Name: "many-sheets", Outcome: Limit, Says: "sheets",
		About: "a workbook of 5,000 sheets",
		Parts: manySheets(5000)})
	return cases
}

// richRun is a rich-text run with every run property excelize decodes,
// and an empty text.
const richRun = `<r><rPr><rFont val="Microsoft YaHei"/><charset val="134"/><family val="2"/><b/><i/><strike/><outline/><shadow/>` +
	`<condense/><extend/><color rgb="FF000000"/><sz val="11"/><u/><vertAlign val="baseline"/><scheme val="minor"/></rPr><t/></r>`

// UTF16 encodes s as UTF-16, little endian, without a byte order mark.
func UTF16(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

// manyMembers returns n empty members.
func manyMembers(n int) []Part {
	parts := make([]Part, n)
	for i := range parts {
		parts[i] = Part{Name: fmt.Sprintf("customXml/item%d.xml", i), Stored: true}
	}
	return parts
}

// manySheets returns a workbook of n small sheets.
func manySheets(n int) []Part {
	sheets := make([]Sheet, n)
	for i := range sheets {
		sheets[i] = Sheet{Name: fmt.Sprintf("Sheet%d", i+1), Part: SheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`)}
	}
	return Workbook(sheets, nil)
}
