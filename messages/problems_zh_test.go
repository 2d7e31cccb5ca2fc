package messages_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/ingest/hostile"
	"github.com/pairstat/pairstat/ingest/xls"
	"github.com/pairstat/pairstat/messages"
)

// rejection is a file that ingest rejects, and what its Chinese message
// says.
type rejection struct {
	file string // its name
	data []byte // its content (or path)
	path string // an existing file to read instead
	lim  ingest.Limits
	kind error
	// want is the whole cause in Chinese, when set; says are texts it
	// holds.
	want string
	says []string
	// lib are library texts the cause quotes, besides those of the errors
	// it wraps.
	lib []string
}

// reject reads every row of every sheet of the file and returns the
// problem it is rejected for.
func reject(t *testing.T, r rejection) *ingest.CellError {
	t.Helper()
	path := r.path
	if path == "" {
		path = filepath.Join(t.TempDir(), r.file)
		if err := os.WriteFile(path, r.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := func() error {
		wb, err := ingest.OpenWithLimits(path, r.file, r.lim)
		if err != nil {
			return err
		}
		defer wb.Close()
		for _, sheet := range wb.Sheets() {
			rows, err := wb.Rows(sheet)
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	}()
	var p *ingest.CellError
	if !errors.As(err, &p) {
		t.Fatalf("%s: error %v, want a *CellError", r.file, err)
	}
	return p
}

// workbook is the .xlsx archive of the parts.
func workbook(t *testing.T, parts []hostile.Part) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := hostile.Write(&buf, parts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sheet is a workbook of one sheet, 台账, holding rows, and the given
// shared strings part, if any.
func sheet(t *testing.T, rows string, sst string) []byte {
	var shared *hostile.Part
	if sst != "" {
		shared = &hostile.Part{Head: []byte(sst)}
	}
	return workbook(t, hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: hostile.SheetXML(rows)}}, shared))
}

// sheetPart is a workbook of one sheet, 台账, of the given part.
func sheetPart(t *testing.T, p hostile.Part) []byte {
	return workbook(t, hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: p}}, nil))
}

const sstOpen = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`

// technical are the words a Chinese message keeps in Latin letters: names
// of programs, formats, encodings and units, part names, XML tags, record
// names of the .xls format and column letters.
var technical = regexp.MustCompile(`pairstat|Excel|WPS|LibreOffice|OpenDocument|Apple Numbers|Office Open XML|` +
	`HTML|XML|UTF-8|UTF-16|GB18030|CSV|zip|deflate|mimetype|excelize|OLE2|BIFF\d?|Workbook|` +
	`FILEPASS|BOF|EOF|SST|\b[A-Z]{1,3}\b|[KMG]iB|` +
	`\.(xlsx|xlsb|xls|ods|odt|fods|csv)\b|` +
	`\[Content_Types\]\.xml|[\w./]+\.(xml|rels|txt|jpg)\b|</?[\w:]+>|<!DOCTYPE …>|\dx|\bx\b|0x[0-9A-F]+`)

// latin finds what no Chinese message should hold: a Latin letter.
var latin = regexp.MustCompile(`[A-Za-z]+`)

// libraryTexts are the texts of the errors a cause wraps that come from
// libraries (zip, XML, excelize, the OS): what is not pairstat's own.
func libraryTexts(err error) []string {
	var texts []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		if _, ok := e.(*xls.FormatError); ok {
			break // package xls words its errors, and wraps only its own
		}
		if _, ok := e.(*ingest.CellError); ok {
			continue
		}
		if _, ok := e.(interface{ Zh() string }); ok {
			continue // worded in Chinese: pairstat's own
		}
		texts = append(texts, e.Error())
		if syntax, ok := e.(*xml.SyntaxError); ok {
			texts = append(texts, syntax.Msg)
		}
	}
	return texts
}

// causeOf is the cause in a Chinese problem: what follows its place and
// value, before its fix.
func causeOf(t *testing.T, p *ingest.CellError, zh string) string {
	t.Helper()
	place := ingest.QuoteName(p.File)
	if p.Sheet != "" {
		place += "：工作表「" + ingest.QuoteName(p.Sheet) + "」"
	}
	if p.Cell != "" {
		place += "：单元格 " + p.Cell
	}
	place += "："
	if p.Value != "" {
		place += "「" + p.Value + "」"
	}
	cause, ok := strings.CutPrefix(zh, place)
	if !ok {
		t.Fatalf("%q does not start with its place %q", zh, place)
	}
	cause, _, _ = strings.Cut(cause, "。修改方法：")
	return cause
}

// TestRejectionsInChinese walks files that ingest rejects, of every kind
// and limit, and checks that their Chinese messages word the details in
// Chinese too: no Latin letters but in names of files, parts, formats and
// programs, and in the texts of libraries.
func TestRejectionsInChinese(t *testing.T) {
	ledger := sheet(t, hostile.HeaderRows, "")
	encrypted := excelize.NewFile()
	encrypted.SetCellValue("Sheet1", "A1", "金额")
	encryptedPath := filepath.Join(t.TempDir(), "加密.xlsx")
	if err := encrypted.SaveAs(encryptedPath, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	ole2 := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 4096-8)...)
	spaces := bytes.Repeat([]byte(" "), 1<<10)
	utf16Sheet := func(text string) hostile.Part {
		return hostile.Part{Head: []byte("\xFF\xFE" + hostile.UTF16(strings.Replace(hostile.SheetOpen, "UTF-8", "UTF-16", 1)+
			`<row r="1"><c r="A1" t="inlineStr"><is><t>`+text+`</t></is></c></row>`+hostile.SheetClose))}
	}
	wide := strings.Repeat("重", 2000) // 4,000 bytes in UTF-16, 6,000 in UTF-8
	cells := func(n int) string {
		var b strings.Builder
		b.WriteString(`<row r="1">`)
		for i := 0; i < n; i++ {
			b.WriteString(`<c t="inlineStr"><is><t>项目</t></is></c>`)
		}
		return b.String() + `</row>`
	}

	tests := []rejection{
		// Not a spreadsheet, for each reason.
		{file: "空.xlsx", kind: ingest.ErrNotWorkbook, want: "不是 pairstat 能读取的表格文件（文件是空的（0 字节））"},
		{file: "网页.xlsx", data: []byte("<!DOCTYPE html><html><body>金额</body></html>"), kind: ingest.ErrNotWorkbook,
			want: "不是 pairstat 能读取的表格文件（文件是网页（HTML），不是 Excel 2007 及以上版本的 .xlsx 格式）"},
		{file: "导出.xlsx", data: []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>`),
			kind: ingest.ErrNotWorkbook, says: []string{"“XML 电子表格 2003”文件"}},
		{file: "资金.xlsx", data: []byte("年度,金额\n2023,4768\n"), kind: ingest.ErrNotWorkbook, says: []string{"文件是文本文件"}},
		{file: "数据.xlsx", data: []byte{0x00, 0x01, 0x02, 0xFF, 0xFE, 0x80}, kind: ingest.ErrNotWorkbook,
			says: []string{"文件不是 Excel 2007 及以上版本的 .xlsx 格式"}},
		{file: "台账.ods", data: []byte("junk"), kind: ingest.ErrNotWorkbook, says: []string{"文件是 OpenDocument 电子表格（.ods）"}},
		{file: "LO7322.fods", data: []byte(`<?xml version="1.0"?><office:document/>`), kind: ingest.ErrNotWorkbook,
			says: []string{"OpenDocument 平面 XML 电子表格"}},
		{file: "改名.xlsx", data: workbook(t, hostile.Texts("mimetype", "application/vnd.oasis.opendocument.spreadsheet")), kind: ingest.ErrNotWorkbook,
			says: []string{"文件是 OpenDocument 电子表格（.ods）"}},
		{file: "通知.xlsx", data: workbook(t, hostile.Texts("mimetype", "application/vnd.oasis.opendocument.text")), kind: ingest.ErrNotWorkbook,
			says: []string{"文件是 OpenDocument 文本文档（.odt），不是电子表格"}},
		{file: "二进制.xlsx", data: workbook(t, hostile.Texts("[Content_Types].xml", "<Types/>", "xl/workbook.bin", "\x83\x01")), kind: ingest.ErrNotWorkbook,
			says: []string{"Excel 二进制工作簿（.xlsb）"}},
		{file: "表格.xlsx", data: workbook(t, hostile.Texts("Index/Document.iwa", "x")), kind: ingest.ErrNotWorkbook, says: []string{"Apple Numbers 文稿"}},
		{file: "空包.xlsx", data: []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), kind: ingest.ErrNotWorkbook,
			says: []string{"文件是空的 zip 压缩包"}},
		{file: "照片.xlsx", data: workbook(t, hostile.Texts("a.jpg", "1", "b.jpg", "2", "c.jpg", "3", "d.jpg", "4")), kind: ingest.ErrNotWorkbook,
			want: "不是 pairstat 能读取的表格文件（文件是 zip 压缩包，其中没有 Excel 工作簿（其中有 a.jpg、b.jpg、c.jpg 等，另有 1 个））"},
		{file: "报表.xls", data: []byte("<html><body><table><tr><td>金额</td></tr></table></body></html>"), kind: ingest.ErrNotWorkbook,
			says: []string{"文件扩展名为 .xls，但不是 Excel 工作簿（可能是网页或文本文件）"}},
		{file: "乱码.csv", data: []byte("名称,金额\n\x01\x02\xff,1\n"), kind: ingest.ErrNotWorkbook,
			want: "不是 pairstat 能读取的表格文件（文本文件的编码不是 pairstat 能读取的：依次按 UTF-8、GB18030 读取，都不是有效的文本）"},
		// Encrypted, legacy.
		{file: "加密.xlsx", path: encryptedPath, kind: ingest.ErrEncrypted, want: "工作簿设有密码保护（这是用密码加密的 .xlsx 工作簿）"},
		{file: "password.xls", path: filepath.Join("..", "ingest", "xls", "testdata", "password.xls"), kind: ingest.ErrEncrypted,
			says: []string{"工作簿设有密码保护（文件含有 FILEPASS 记录（其内容已加密）"}},
		{file: "CRLFX5_2.XLS", data: []byte{0x09, 0x00, 0x04, 0x00, 0x07, 0x00, 0x10, 0x00, 0x0b, 0x02, 0x0c, 0x00}, kind: ingest.ErrLegacy,
			want: "是 pairstat 不能读取的旧版 Excel 格式（Excel 95 或更早）（这是 Excel 2.x 格式的旧版 .xls 文件）"},
		// Cut off, damaged.
		{file: "截断.xlsx", data: ledger[:len(ledger)/2], kind: ingest.ErrTruncated,
			says: []string{"（文件不完整或已损坏：无法读取其 zip 压缩包（"}},
		{file: "截断表.xlsx", data: sheetPart(t, hostile.Part{Head: []byte(hostile.SheetOpen + hostile.HeaderRows)}), kind: ingest.ErrTruncated,
			says: []string{"工作表的数据在第 2 行或其后突然中断：其 XML 在结束标记 </worksheet> 之前被截断"}},
		{file: "空表.xlsx", data: sheetPart(t, hostile.Part{Head: []byte(" ")}), kind: ingest.ErrTruncated},
		{file: "坏行.xlsx", data: sheet(t, hostile.HeaderRows+`<row r="3"><c r="A3"><v>1</v></x></row>`, ""), kind: ingest.ErrDamaged},
		{file: "乱序.xlsx", data: sheet(t, `<row r="5"><c r="A5"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`, ""),
			kind: ingest.ErrDamaged},
		{file: "空容器.xls", data: ole2, kind: ingest.ErrDamaged, says: []string{"其 OLE2 容器已损坏（"},
			lib: []string{"mscfb: illegal sector size; 0"}},
		{file: "谎报.xlsx", data: sheetPart(t, hostile.Part{Head: []byte(hostile.SheetOpen + hostile.HeaderRows + hostile.SheetClose), DeclaredSize: 15 << 30}),
			kind: ingest.ErrDamaged, says: []string{"（部件 xl/worksheets/sheet1.xml 压缩后为 ", " 字节，却声称解压后为 15 GiB，超出 deflate 压缩所能达到的比例；其 zip 文件头有误）"}},
		{file: "校验.xlsx", data: sheetPart(t, hostile.Part{Head: []byte(hostile.SheetOpen + hostile.HeaderRows), Body: spaces, Repeat: 64,
			Tail: []byte(hostile.SheetClose), DeclaredSize: 1 << 10}), kind: ingest.ErrDamaged, says: []string{"与其校验和不符"}},
		{file: "越界.xlsx", data: workbook(t, append(hostile.Workbook([]hostile.Sheet{{Name: "台账", Part: hostile.SheetXML(hostile.HeaderRows)}}, nil),
			hostile.Text("../../escape.txt", "x"))), kind: ingest.ErrDamaged, says: []string{"其路径指向压缩包之外"}},
		{file: "实体.xlsx", data: sheetPart(t, hostile.Part{Head: []byte(`<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "x">]>` +
			hostile.SheetOpen[strings.Index(hostile.SheetOpen, "<worksheet"):] + hostile.HeaderRows + hostile.SheetClose)}),
			kind: ingest.ErrDamaged, says: []string{"声明了文档类型（<!DOCTYPE …>）"}},
		{file: "编码.xlsx", data: sheetPart(t, hostile.Part{Head: []byte(hostile.SheetOpen + hostile.HeaderRows +
			`<?xml version="1.0" encoding="UTF-16"?>` + hostile.SheetClose)}), kind: ingest.ErrDamaged, says: []string{"在中间声明字符编码 UTF-16"}},
		{file: "引号.csv", data: []byte("名称,金额\n\"项目,100\n项目二,200\n"), kind: ingest.ErrDamaged,
			want: "工作簿已损坏（CSV 文本第 2 行有一个引号（\"）开始了一个字段，却始终没有闭合，其后的所有行都会被读进同一个单元格）"},
		// Every limit.
		{file: "大.xlsx", data: ledger, lim: ingest.Limits{Size: 1000}, kind: ingest.ErrLimit, says: []string{"工作簿解压后为 ", "，超过上限 1000 字节"}},
		{file: "成员.xlsx", data: ledger, lim: ingest.Limits{Parts: 3}, kind: ingest.ErrLimit, says: []string{"个成员"}},
		{file: "部件.xlsx", data: ledger, lim: ingest.Limits{PartSize: 500}, kind: ingest.ErrLimit,
			says: []string{"工作表部件 xl/worksheets/sheet1.xml 解压后为 ", "超过上限 500 字节"}},
		{file: "多表.xlsx", data: workbook(t, hostile.Workbook([]hostile.Sheet{{Name: "一", Part: hostile.SheetXML(hostile.HeaderRows)},
			{Name: "二", Part: hostile.SheetXML(hostile.HeaderRows)}}, nil)), lim: ingest.Limits{Sheets: 1}, kind: ingest.ErrLimit,
			want: "超出 pairstat 读取工作簿的限制（工作簿的工作表多于 1 个，即上限）"},
		{file: "多行.xlsx", data: ledger, lim: ingest.Limits{Rows: 1}, kind: ingest.ErrLimit,
			want: "超出 pairstat 读取工作簿的限制（工作表超过 1 行，即上限（Excel 本身的上限））"},
		{file: "多列.xlsx", data: sheet(t, cells(3), ""), lim: ingest.Limits{Cols: 2}, kind: ingest.ErrLimit,
			says: []string{"工作表第 1 行（按行元素计数）超过 2 个单元格"}},
		{file: "长文.xlsx", data: sheet(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>一二三四五六七八九十</t></is></c></row>`, ""),
			lim: ingest.Limits{CellText: 5}, kind: ingest.ErrLimit, want: "超出 pairstat 读取工作簿的限制（单元格有 10 个字符，超过上限 5 个（Excel 本身的上限））"},
		{file: "文字.xlsx", data: sheet(t, cells(10), ""), lim: ingest.Limits{Text: 20}, kind: ingest.ErrLimit,
			says: []string{"工作簿各单元格的文字超过 20 字节，即上限（共享字符串每被一个单元格引用，就计算一次）"}},
		{file: "共享.xlsx", data: sheet(t, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, sstOpen+`<si><t>甲</t></si><si><t>乙</t></si></sst>`),
			lim: ingest.Limits{SharedStrings: 1}, kind: ingest.ErrLimit, says: []string{"工作簿的共享字符串超过 1 个，即上限"}},
		{file: "慢.xlsx", data: ledger, lim: ingest.Limits{Time: time.Nanosecond}, kind: ingest.ErrLimit,
			want: "超出 pairstat 读取工作簿的限制（读取工作簿所用的时间超过上限 0.000000001 秒）"},
		{file: "富文本.xlsx", data: sheet(t, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, sstOpen+`<si>`+strings.Repeat(`<r><t>a</t></r>`, 65_537)+`</si></sst>`),
			kind: ingest.ErrLimit, says: []string{"第 1 个共享字符串分成了超过 65,536 段富文本（格式各不相同的文字片段），即一个单元格的文字的上限"}},
		{file: "注释.xlsx", data: sheetPart(t, hostile.Part{Head: []byte(hostile.SheetOpen + hostile.HeaderRows + "<!--"), Body: spaces, Repeat: 1100,
			Tail: []byte("-->" + hostile.SheetClose)}), kind: ingest.ErrLimit, says: []string{"中有长于 1 MiB 的注释，正常的工作簿不会这样"}},
		{file: "宽字.xlsx", data: sheetPart(t, utf16Sheet(wide)), lim: ingest.Limits{PartSize: 5000}, kind: ingest.ErrLimit,
			want: "超出 pairstat 读取工作簿的限制（部件 xl/worksheets/sheet1.xml 为 UTF-16 编码，转换为 UTF-8 后超过 4.9 KiB，即该部件的上限）"},
		{file: "宽字总量.xlsx", data: sheetPart(t, utf16Sheet(wide)), lim: ingest.Limits{Size: 7000}, kind: ingest.ErrLimit,
			says: []string{"工作簿解压、并把 UTF-16 编码的部件转换为 UTF-8 后为 ", "超过上限 6.8 KiB"}},
		{file: "大.csv", data: []byte("名称,金额\n项目,100\n"), lim: ingest.Limits{Size: 10}, kind: ingest.ErrLimit,
			want: "超出 pairstat 读取工作簿的限制（文件大小为 25 字节，超过上限 10 字节）"},
	}
	for _, r := range tests {
		t.Run(r.file, func(t *testing.T) {
			p := reject(t, r)
			if !errors.Is(p, r.kind) {
				t.Fatalf("rejected for %v, want %v", p, r.kind)
			}
			zh := messages.Problem(p, "zh")
			t.Logf("%s\n\t%s", p.Err, zh)
			cause := causeOf(t, p, zh)
			if r.want != "" && cause != r.want {
				t.Errorf("cause %q, want %q", cause, r.want)
			}
			for _, s := range r.says {
				if !strings.Contains(cause, s) {
					t.Errorf("cause %q does not say %q", cause, s)
				}
			}
			rest := cause
			for _, lib := range append(libraryTexts(p.Err), r.lib...) {
				rest = strings.ReplaceAll(rest, lib, "")
			}
			rest = technical.ReplaceAllString(rest, "")
			if words := latin.FindAllString(rest, -1); len(words) > 0 {
				t.Errorf("cause %q has Latin words %q", cause, words)
			}
		})
	}
}

// TestLatinCheckFails: the check of TestRejectionsInChinese finds the
// English details causes used to be shown with.
func TestLatinCheckFails(t *testing.T) {
	for _, s := range []string{
		"超出 pairstat 读取工作簿的限制（the workbook unpacks to 2.1 GiB, more than the limit of 1 GiB）",
		"不是 pairstat 能读取的表格文件（not a spreadsheet pairstat reads: the file is empty (0 bytes)）",
		"（the sheet has more than 1,048,576 rows, the limit (Excel's own)）",
	} {
		if rest := technical.ReplaceAllString(s, ""); !latin.MatchString(rest) {
			t.Errorf("%q passes the check", s)
		}
	}
}
