package hostile

import (
	"fmt"
	"strings"
)

// Namespaces of SpreadsheetML parts.
const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// SheetOpen and SheetClose enclose the rows of a worksheet part.
const (
	SheetOpen  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRels + `"><sheetData>`
	SheetClose = `</sheetData></worksheet>`
)

// Sheet is one worksheet: its name and its part, whose Name is set by
// Workbook.
type Sheet struct {
	Name string
	Part Part
}

// SheetXML is a small worksheet part holding rows (the XML of its row
// elements).
func SheetXML(rows string) Part {
	return Part{Head: []byte(SheetOpen + rows + SheetClose)}
}

// HeaderRows is a project ledger's header (row 1) and one project (row 2),
// as inline strings: a sheet that loads.
const HeaderRows = `<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>投资额（万元）</t></is></c><c r="C1" t="inlineStr"><is><t>签约日期</t></is></c></row>` +
	`<row r="2"><c r="A2" t="inlineStr"><is><t>项目一</t></is></c><c r="B2"><v>100</v></c><c r="C2" t="inlineStr"><is><t>2023-03-18</t></is></c></row>`

// Workbook returns the parts of a workbook with the given sheets, an
// optional shared strings part (its Name is set) and extra parts added as
// they are.
func Workbook(sheets []Sheet, sharedStrings *Part, extra ...Part) []Part {
	var types, wbSheets, wbRels strings.Builder
	types.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	var parts []Part
	for i, s := range sheets {
		p := s.Part
		p.Name = fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		parts = append(parts, p)
		fmt.Fprintf(&types, `<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, p.Name)
		fmt.Fprintf(&wbSheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, xmlEscape(s.Name), i+1, i+1)
		fmt.Fprintf(&wbRels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, nsRels, i+1)
	}
	if sharedStrings != nil {
		p := *sharedStrings
		p.Name = "xl/sharedStrings.xml"
		parts = append(parts, p)
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		fmt.Fprintf(&wbRels, `<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, len(sheets)+1, nsRels)
	}
	types.WriteString(`</Types>`)
	head := []Part{
		Text("[Content_Types].xml", types.String()),
		Text("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
			`<Relationships xmlns="`+nsPkg+`"><Relationship Id="rId1" Type="`+nsRels+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		Text("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
			`<workbook xmlns="`+nsMain+`" xmlns:r="`+nsRels+`"><sheets>`+wbSheets.String()+`</sheets></workbook>`),
		Text("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
			`<Relationships xmlns="`+nsPkg+`">`+wbRels.String()+`</Relationships>`),
	}
	return append(append(head, parts...), extra...)
}

// xmlEscape escapes a text for an attribute value.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
