package synth

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// TextLedger writes a text-heavy project ledger of rows projects to path,
// as Excel and WPS save a workbook another tool made: every text in a
// shared strings table (xl/sharedStrings.xml, cells t="s"), some entries as
// WPS writes them (rich-text runs, xml:space="preserve"), dates as numbers
// with a date style. Project names and notes are in Traditional or
// Simplified Chinese and nearly all differ: a ledger of 200,000 rows has
// about 190,000 distinct texts, some 8 MB of shared strings. The layout is
// Ledger's, without its 合计 row. The package is written here, not by
// excelize, whose StreamWriter keeps texts inline.
func TextLedger(path string, rows int, seed uint64) error {
	region := Tangxia
	if seed%2 == 1 {
		region = Shixing
	}
	return writeText(path, region, rows, seed)
}

// TextInbox writes files text-heavy ledgers (TextLedger) of rowsPerFile
// projects each into dir, alternating between the regions.
func TextInbox(dir string, files, rowsPerFile int, seed uint64) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range files {
		region := inboxRegion(i)
		path := filepath.Join(dir, fmt.Sprintf("项目台账-%03d.xlsx", i+1))
		if err := writeText(path, region, rowsPerFile, seed*100003+uint64(i)); err != nil {
			return err
		}
	}
	return nil
}

// A textScript is the words of the generated texts in one script.
type textScript struct {
	companies, products, kinds, industries, parks, status []string
	title, land                                           string
}

// scripts are Simplified and Traditional Chinese; products[i] belongs to
// industries[i/2].
var scripts = [2]textScript{{
	companies:  []string{"华锐", "鼎盛", "恒泰", "宏达", "瑞丰", "立信", "博远", "捷讯", "天和", "嘉联", "万通", "金鹏", "德润", "祥盛", "铭泰", "凯旋", "永信", "华拓", "盛世", "新辉", "众诚", "源兴", "联创"},
	products:   []string{"智能终端结构件", "柔性电路板", "高分子新材料", "光学膜材", "精密模具", "紧固件", "储能电池", "光伏组件", "预制菜", "茶叶精深加工", "中药材提取", "医疗器械"},
	kinds:      []string{"生产基地项目", "扩产项目", "智能制造项目", "研发中心项目", "配套项目", "产业化项目"},
	industries: []string{"电子信息", "新材料", "装备制造", "新能源", "农产品加工", "生物医药"},
	parks:      []string{"产业转移工业园", "高新技术产业园", "现代农业产业园", "智能制造产业园", "临港经济区"},
	status:     []string{"已签约待供地", "已供地办理施工许可", "主体厂房建设中", "设备安装调试中", "已投产达效", "前期手续办理中"},
	title:      "产业共建项目台账（2021—2024年）", land: "用地",
}, {
	companies:  []string{"華銳", "鼎盛", "恆泰", "宏達", "瑞豐", "立信", "博遠", "捷訊", "天和", "嘉聯", "萬通", "金鵬", "德潤", "祥盛", "銘泰", "凱旋", "永信", "華拓", "盛世", "新輝", "眾誠", "源興", "聯創"},
	products:   []string{"智能終端結構件", "柔性電路板", "高分子新材料", "光學膜材", "精密模具", "緊固件", "儲能電池", "光伏組件", "預製菜", "茶葉精深加工", "中藥材提取", "醫療器械"},
	kinds:      []string{"生產基地項目", "擴產項目", "智能製造項目", "研發中心項目", "配套項目", "產業化項目"},
	industries: []string{"電子信息", "新材料", "裝備製造", "新能源", "農產品加工", "生物醫藥"},
	parks:      []string{"產業轉移工業園", "高新技術產業園", "現代農業產業園", "智能製造產業園", "臨港經濟區"},
	status:     []string{"已簽約待供地", "已供地辦理施工許可", "主體廠房建設中", "設備安裝調試中", "已投產達效", "前期手續辦理中"},
	title:      "產業共建項目台賬（2021—2024年）", land: "用地",
}}

// surnames of the contacts, the same in both scripts.
var surnames = []string{"陈", "李", "张", "黄", "林", "何", "罗", "梁", "周", "郑", "谢", "曾", "叶", "邓", "彭"}

// sharedStrings is a shared strings table being built: each distinct text
// once, in order of first use.
type sharedStrings struct {
	index map[string]int
	texts []string
	uses  int
}

// id is the index of s in the table, adding it on first use.
func (t *sharedStrings) id(s string) int {
	t.uses++
	if i, ok := t.index[s]; ok {
		return i
	}
	t.index[s] = len(t.texts)
	t.texts = append(t.texts, s)
	return len(t.texts) - 1
}

// textRow is the sheet XML of one project row, its cells in order.
func textRow(w *bufio.Writer, sst *sharedStrings, r *rand.Rand, row, i int) {
	sc := &scripts[r.IntN(2)]
	p := r.IntN(len(sc.products))
	name := sc.companies[r.IntN(len(sc.companies))] + sc.products[p] + sc.kinds[r.IntN(len(sc.kinds))]
	invest := cents(50+r.IntN(8000))*100 + cents(r.IntN(100))
	signed := time.Date(firstYear+r.IntN(years), 1, 1+r.IntN(365), 0, 0, 0, 0, time.UTC)
	started := signed.AddDate(0, 0, 20+r.IntN(200))
	note := fmt.Sprintf("%s%d.%d亩，%s工%02d", sc.land, 1+r.IntN(120), r.IntN(10),
		surnames[r.IntN(len(surnames))], r.IntN(100))
	if r.IntN(6) == 0 {
		note = sc.status[r.IntN(len(sc.status))] + "，" + note
	}
	fmt.Fprintf(w, `<row r="%d" spans="1:8">`, row)
	fmt.Fprintf(w, `<c r="A%d"><v>%d</v></c>`, row, i+1)
	fmt.Fprintf(w, `<c r="B%d" t="s"><v>%d</v></c>`, row, sst.id(name))
	fmt.Fprintf(w, `<c r="C%d" t="s"><v>%d</v></c>`, row, sst.id(sc.industries[p/2]))
	fmt.Fprintf(w, `<c r="D%d" s="2"><v>%s</v></c>`, row, invest)
	fmt.Fprintf(w, `<c r="E%d" s="1"><v>%d</v></c>`, row, serial(signed))
	fmt.Fprintf(w, `<c r="F%d" s="1"><v>%d</v></c>`, row, serial(started))
	if r.IntN(5) == 0 {
		fmt.Fprintf(w, `<c r="G%d" s="1"><v>%d</v></c>`, row, serial(started.AddDate(0, 0, 60+r.IntN(400))))
	}
	fmt.Fprintf(w, `<c r="H%d" t="s"><v>%d</v></c></row>`, row, sst.id(note))
}

// serial is t as an Excel date serial (days since 1899-12-30).
func serial(t time.Time) int {
	return int(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// writeText writes the package of a text-heavy ledger.
func writeText(path, region string, rows int, seed uint64) (err error) {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	out, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	z := zip.NewWriter(out)
	for _, part := range textParts {
		if err := writePart(z, part.name, strings.NewReader(part.xml)); err != nil {
			return err
		}
	}
	sst := &sharedStrings{index: map[string]int{}}
	sheet, err := partWriter(z, "xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(sheet)
	fmt.Fprintf(w, `%s<worksheet xmlns="%s" xmlns:r="%s"><dimension ref="A1:H%d"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="2" max="2" width="44" customWidth="1"/><col min="8" max="8" width="60" customWidth="1"/></cols><sheetData>`,
		xmlHead, mainNS, relNS, rows+3)
	fmt.Fprintf(w, `<row r="1"><c r="A1" t="s"><v>%d</v></c></row>`, sst.id(regionNames[region].name+scripts[0].title))
	fmt.Fprintf(w, `<row r="2"><c r="A2" t="s"><v>%d</v></c></row><row r="3" spans="1:8">`, sst.id("填报单位："+regionNames[region].office))
	for c, h := range header {
		fmt.Fprintf(w, `<c r="%c3" t="s"><v>%d</v></c>`, 'A'+c, sst.id(h.(string)))
	}
	w.WriteString(`</row>`)
	for i := range rows {
		textRow(w, sst, r, 4+i, i)
	}
	w.WriteString(`</sheetData><mergeCells count="2"><mergeCell ref="A1:H1"/><mergeCell ref="A2:H2"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	if err := w.Flush(); err != nil {
		return err
	}
	if err := writeSST(z, sst); err != nil {
		return err
	}
	return z.Close()
}

// writeSST writes the shared strings table: most entries as Excel writes
// them, every 7th with xml:space="preserve" and every 97th as rich-text
// runs, as WPS does.
func writeSST(z *zip.Writer, sst *sharedStrings) error {
	part, err := partWriter(z, "xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(part)
	fmt.Fprintf(w, `%s<sst xmlns="%s" count="%d" uniqueCount="%d">`, xmlHead, mainNS, sst.uses, len(sst.texts))
	for i, s := range sst.texts {
		switch cut := strings.IndexRune(s, '，'); {
		case i%97 == 96 && cut > 0:
			fmt.Fprintf(w, `<si><r><rPr><b/><rFont val="宋体"/></rPr><t>%s</t></r><r><t xml:space="preserve">%s</t></r></si>`, s[:cut], s[cut:])
		case i%7 == 6:
			fmt.Fprintf(w, `<si><t xml:space="preserve">%s</t></si>`, s)
		default:
			fmt.Fprintf(w, `<si><t>%s</t></si>`, s)
		}
	}
	w.WriteString(`</sst>`)
	return w.Flush()
}

// stamp is the modification time of every member: fixed, so that output is
// byte-identical.
var stamp = time.Date(2024, 1, 15, 8, 0, 0, 0, time.UTC)

func partWriter(z *zip.Writer, name string) (io.Writer, error) {
	return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: stamp})
}

func writePart(z *zip.Writer, name string, r io.Reader) error {
	w, err := partWriter(z, name)
	if err == nil {
		_, err = io.Copy(w, r)
	}
	return err
}

const (
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	mainNS  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relNS   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	pkgRels = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// textParts are the fixed parts of a text-heavy ledger: content types,
// relationships, the workbook and its styles (1: a date, 2: money).
var textParts = []struct{ name, xml string }{
	{"[Content_Types].xml", xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
	{"_rels/.rels", xmlHead + `<Relationships xmlns="` + pkgRels + `"><Relationship Id="rId1" Type="` + relNS + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
	{"xl/workbook.xml", xmlHead + `<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets><sheet name="项目台账" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	{"xl/_rels/workbook.xml.rels", xmlHead + `<Relationships xmlns="` + pkgRels + `"><Relationship Id="rId1" Type="` + relNS + `/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="` + relNS + `/styles" Target="styles.xml"/><Relationship Id="rId3" Type="` + relNS + `/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
	{"xl/styles.xml", xmlHead + `<styleSheet xmlns="` + mainNS + `"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy\-mm\-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`},
}
