package ingest

import (
	"fmt"
	"strconv"
	"time"
)

// Limits bound what reading one workbook may cost, so that a hostile or
// broken file (a decompression bomb, a sheet of a billion empty rows, a
// shared-strings table of millions of entries) is rejected with ErrLimit
// in seconds and within a bounded memory, instead of exhausting the
// machine. A zero field takes its default, the value in DefaultLimits().
//
// Besides these, some bounds are fixed (see the constants below): any one
// XML token (a text, a tag, a comment) of the parts pairstat reads, and
// the text of any one cell or shared string, is at most 1 MiB; the XML of
// one cell or shared string, rich-text runs and all, at most 16 MiB in at
// most 65,536 runs; the workbook's structural parts (its
// content types, relationships and workbook part, which are decoded whole)
// at most 4 MiB each; and the worksheets and shared strings that are held
// in memory rather than streamed from temporary files at most 128 MiB
// together.
type Limits struct {
	// Size caps the unpacked size of all the members of the workbook's
	// zip archive together, as the archive declares them (the zip reader
	// stops any member at its declared size), and with the parts in
	// UTF-16 counted decoded to UTF-8. Default 1 GiB.
	Size int64
	// PartSize caps the unpacked size of one worksheet, and of the shared
	// strings (in UTF-16, decoded to UTF-8 too); both are streamed, from a
	// temporary file when large.
	// Default 512 MiB: a project ledger of Excel's 1,048,576 rows is
	// about 390 MB of XML.
	PartSize int64
	// Parts caps the members of the zip archive. Default 10,000.
	Parts int
	// Sheets caps the sheets of the workbook. Excel has no fixed limit;
	// the default is 4,096, four times the most sheets a genuine workbook
	// was seen with (1,024): opening that many takes excelize about 1.4 s,
	// and the time grows with the square of the number.
	Sheets int
	// Rows caps the rows of one sheet. Default 1,048,576, Excel's.
	Rows int
	// Cols caps the cells of one row, and the column of any cell.
	// Default 16,384 (column XFD), Excel's.
	Cols int
	// CellText caps the characters of one cell. Default 32,767, Excel's.
	CellText int
	// Text caps the cell text of the whole workbook: the bytes of all the
	// values its row streams yield. A shared string is counted each time
	// a cell refers to it, so that a long one referred to by a million
	// cells is caught, and what transform keeps of the text stays within
	// the memory ceiling. Default 128 MiB: a project ledger of 800,000
	// rows holds about 56 MB.
	Text int64
	// SharedStrings caps the entries of the shared strings table.
	// Default 1,000,000: reading that many takes excelize about 6 s.
	SharedStrings int
	// Time caps the time from Open to the end of the workbook's last row
	// stream, checked between rows. Default 5 minutes.
	Time time.Duration
}

// DefaultLimits returns the limits Open applies.
func DefaultLimits() Limits {
	return Limits{
		Size:          1 << 30,
		PartSize:      512 << 20,
		Parts:         10_000,
		Sheets:        4_096,
		Rows:          1_048_576,
		Cols:          16_384,
		CellText:      32_767,
		Text:          128 << 20,
		SharedStrings: 1_000_000,
		Time:          5 * time.Minute,
	}
}

// Fixed bounds, below every limit a genuine workbook comes near.
const (
	// maxToken bounds one XML token (a text, a tag with its attributes, a
	// comment, a CDATA section) of a part pairstat reads: the XML decoder
	// holds a token whole in memory. A cell of 32,767 characters written
	// as numeric character references is 330 KB.
	maxToken = 1 << 20
	// maxCellText bounds the text of one cell (<c>) or one shared string
	// (<si>): the character data of its t, v and f elements. 32,767
	// characters, Excel's most, are at most 330 KB even written as
	// numeric character references.
	maxCellText = 1 << 20
	// maxCellXML bounds the XML of one cell or one shared string, its
	// rich-text runs and their formatting included, and maxRuns its runs:
	// what the XML decoder builds of one (a struct for each run and its
	// properties; about 700 bytes for a run with every property set) is
	// bounded by these. LibreOffice writes a run wherever the script
	// changes (Latin, CJK, emoji), each with its font: a genuine string
	// of 32,767 characters alternating scripts at every character is
	// 32,767 runs in about 5 MB of XML.
	maxCellXML = 16 << 20
	maxRuns    = 65_536
	// maxStructure bounds each structural part: [Content_Types].xml, the
	// package and workbook relationships and the workbook part, which
	// excelize decodes whole into memory (a workbook of 1,000 sheets has a
	// workbook part of about 100 KB).
	maxStructure = 4 << 20
	// streamChunk is excelize's own threshold: a worksheet or shared
	// strings part larger than this is spooled to a temporary file and
	// streamed from there; smaller ones are held in memory.
	streamChunk = 16 << 20
	// memoryBudget bounds the worksheets and shared strings held in
	// memory together; past it, the threshold above is lowered for the
	// workbook so that more of them are streamed from temporary files.
	memoryBudget = 128 << 20
	// sstElementsInMemory: excelize decodes a shared strings part held in
	// memory into about 350 bytes an element; one with more elements is
	// streamed from a temporary file, entry by entry, instead.
	sstElementsInMemory = 250_000
	// maxRatio is the most that deflate can expand data (1032:1), with
	// room to spare: a member declared larger than that compared with its
	// compressed size has a header that lies.
	maxRatio = 1100
)

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.Size == 0 {
		l.Size = d.Size
	}
	if l.PartSize == 0 {
		l.PartSize = d.PartSize
	}
	if l.Parts == 0 {
		l.Parts = d.Parts
	}
	if l.Sheets == 0 {
		l.Sheets = d.Sheets
	}
	if l.Rows == 0 {
		l.Rows = d.Rows
	}
	if l.Cols == 0 {
		l.Cols = d.Cols
	}
	if l.CellText == 0 {
		l.CellText = d.CellText
	}
	if l.Text == 0 {
		l.Text = d.Text
	}
	if l.SharedStrings == 0 {
		l.SharedStrings = d.SharedStrings
	}
	if l.Time == 0 {
		l.Time = d.Time
	}
	return l
}

// overLimit is an ErrLimit cause worded for its case (see newCause).
func overLimit(en, zh string, args ...any) error {
	return newCause(ErrLimit, nil, en, zh, args...)
}

// overLimitFixed is overLimit with its own advice, for a limit a genuine
// file may reach in another way than by its size.
func overLimitFixed(fix Advice, en, zh string, args ...any) error {
	cause := newCause(ErrLimit, nil, en, zh, args...)
	cause.fix = fix
	return cause
}

// Advice for workbooks over a limit.
var (
	// fixTooLarge: the file unpacks to too much, or holds too much.
	fixTooLarge = Advice{
		En: "if the workbook is genuine, delete what is not needed (unused sheets, rows, columns, images) or split it into several workbooks, and save it again from Excel; a small file that unpacks to gigabytes is a decompression bomb and should be deleted",
		Zh: "如确为正常工作簿，请删除不需要的内容（多余的工作表、行、列、图片）或拆分为多个工作簿，再用 Excel 重新保存；体积很小却能解压出数 GB 内容的文件是“压缩炸弹”，应删除"}
	// fixRichText: one cell's text is split into too many differently
	// formatted runs, as LibreOffice writes text mixing scripts.
	fixRichText = Advice{
		En: "if the workbook is genuine, clear the mixed formatting of that long text (select its cell, then Clear Formats in Excel or WPS, or Clear Direct Formatting in LibreOffice) and save it again, or save the workbook as Excel 97–2003 .xls, which pairstat reads too",
		Zh: "如确为正常工作簿，请清除该长文本的混合格式（选中其单元格，在 Excel 或 WPS 中“清除格式”，在 LibreOffice 中“清除直接格式”）后重新保存，或另存为 Excel 97–2003 .xls 格式（pairstat 同样可以读取）"}
	// fixCellText: one cell holds more than Excel can.
	fixCellText = Advice{
		En: "shorten the text of this cell: Excel itself holds at most 32,767 characters in a cell",
		Zh: "请缩短该单元格的文字：Excel 单元格最多容纳 32767 个字符"}
	// fixTemp: the temporary folder cannot take a copy of the workbook.
	fixTemp = Advice{
		En: "make room in the temporary folder (TMPDIR), or check that it can be written to, and run pairstat again",
		Zh: "请清理临时文件夹（TMPDIR）的空间或检查其写入权限，然后重新运行 pairstat"}
	// fixSlow: the workbook takes too long to read.
	fixSlow = Advice{
		En: "split the workbook into smaller workbooks, or save it again from Excel to drop unused rows and formatting",
		Zh: "请将工作簿拆分为几个较小的工作簿，或用 Excel 重新保存以去掉多余的行和格式"}
)

// sizeText writes a byte count for people: 4.0 GiB, 256 MiB, 1.5 KiB.
func sizeText(n uint64) string { return sizeIn(n, "bytes") }

// sizeZh is sizeText for Chinese messages: 4.0 GiB, 100 字节.
func sizeZh(n uint64) string { return sizeIn(n, "字节") }

// sizeIn writes a byte count with the word for bytes given.
func sizeIn(n uint64, bytes string) string {
	unit := func(size uint64, name string) string {
		if n%size == 0 {
			return fmt.Sprintf("%d %s", n/size, name)
		}
		return fmt.Sprintf("%.1f %s", float64(n)/float64(size), name)
	}
	switch {
	case n >= 1<<30:
		return unit(1<<30, "GiB")
	case n >= 1<<20:
		return unit(1<<20, "MiB")
	case n >= 1<<10:
		return unit(1<<10, "KiB")
	}
	return fmt.Sprintf("%d %s", n, bytes)
}

// durationZh writes a duration for Chinese messages: 5 分钟, 1.5 秒.
func durationZh(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d 分钟", d/time.Minute)
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " 秒"
}

// count writes an integer with thousands separators: 1,048,576.
func count(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
