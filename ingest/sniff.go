package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Format sniffing: before excelize sees a file, its first bytes, its name
// and (for a zip archive) the names of its members say what it is, so that
// a file that is no .xlsx workbook is named for what it is.

var (
	zipMagic      = []byte("PK\x03\x04")
	emptyZipMagic = []byte("PK\x05\x06")
	ole2Magic     = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniffHead is how many leading bytes sniffBytes looks at.
const sniffHead = 512

// notWorkbook is an ErrNotWorkbook cause worded for its case (see
// newCause); its message starts with the kind's.
func notWorkbook(en, zh string, args ...any) error {
	return newCause(ErrNotWorkbook, nil, ErrNotWorkbook.Error()+": "+en, zh, args...)
}

// damaged is an ErrDamaged cause worded for its case, wrapping err (see
// newCause).
func damaged(err error, en, zh string, args ...any) error {
	return newCause(ErrDamaged, err, en, zh, args...)
}

// fileFormat is how a file is read, as sniffBytes tells it.
type fileFormat int

const (
	formatZip  fileFormat = iota // a zip archive: an .xlsx workbook, sniffZip judges it next
	formatOLE2                   // an OLE2 compound file: .xls, .et, or an encrypted .xlsx
	formatCSV                    // a text file named .csv or .txt
)

// sniffBytes judges a file by its size, name and first bytes: the content
// decides first, the name only for text (CSV) and for naming what ingest
// does not read.
func sniffBytes(path string, head []byte, size int64) (fileFormat, Advice, error) {
	ext := strings.ToLower(filepath.Ext(path))
	legacyExt := ext == ".xls" || ext == ".et"
	switch {
	case size == 0:
		return 0, fixEmpty, notWorkbook("the file is empty (0 bytes)", "文件是空的（0 字节）")
	case bytes.HasPrefix(head, ole2Magic):
		return formatOLE2, Advice{}, nil
	case bytes.HasPrefix(head, zipMagic), bytes.HasPrefix(head, emptyZipMagic):
		return formatZip, Advice{}, nil
	case ext == ".csv" || ext == ".txt":
		return formatCSV, Advice{}, nil
	case legacyExt && biffVersion(head).en != "":
		return 0, fixBIFF5, newCause(ErrLegacy, nil, "a legacy .xls file in the format of %s",
			"这是 %s 格式的旧版 .xls 文件", biffVersion(head))
	case legacyExt:
		return 0, fixOpenInExcel, newCause(ErrNotWorkbook, nil, "a %s file that is not an Excel workbook (it may be HTML or text)",
			"文件扩展名为 %s，但不是 Excel 工作簿（可能是网页或文本文件）", ext)
	}
	if other := foreignFormat(path); other.en != "" {
		return 0, fixSaveAsXlsx, notWorkbook("%s", "%s", other)
	}
	if what := describeContent(head); what.en != "" {
		return 0, fixOpenInExcel, notWorkbook("the file is %s, not in the Excel 2007+ (.xlsx) format",
			"%s，不是 Excel 2007 及以上版本的 .xlsx 格式", what)
	}
	return 0, fixSaveAsXlsx, notWorkbook("the file is not in the Excel 2007+ (.xlsx) format",
		"文件不是 Excel 2007 及以上版本的 .xlsx 格式")
}

// biffVersion names the Excel version of a bare BIFF stream (a worksheet of
// Excel 2 to 4, saved without the OLE2 container of later .xls files) from
// its first record, a BOF record; none when head does not start with one.
func biffVersion(head []byte) words {
	if len(head) < 4 || head[0] != 0x09 {
		return words{}
	}
	switch head[1] {
	case 0x00:
		return words{"Excel 2.x", "Excel 2.x"}
	case 0x02:
		return words{"Excel 3.0", "Excel 3.0"}
	case 0x04:
		return words{"Excel 4.0", "Excel 4.0"}
	case 0x08:
		return words{"Excel 5.0 or later, without its container", "Excel 5.0 或更高版本（缺少其外层容器）"}
	}
	return words{}
}

// describeContent names what a file that is no zip archive holds, judging
// by its first bytes (in Chinese, as a sentence: the file is …): none when
// it cannot tell.
func describeContent(head []byte) words {
	text := bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	text = bytes.TrimLeft(text, " \t\r\n")
	lower := bytes.ToLower(text)
	switch {
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")),
		bytes.HasPrefix(lower, []byte("<table")):
		return words{"an HTML page", "文件是网页（HTML）"}
	case bytes.HasPrefix(lower, []byte("<?xml")) && bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
		return words{"an XML Spreadsheet 2003 file", "文件是“XML 电子表格 2003”文件"}
	case bytes.HasPrefix(lower, []byte("<?xml")), bytes.HasPrefix(lower, []byte("<")):
		return words{"an XML or HTML file", "文件是 XML 或 HTML 文件"}
	case isText(text):
		return words{"a text file", "文件是文本文件"}
	}
	return words{}
}

// isText reports whether b looks like text: valid UTF-8 (but for a rune cut
// at the end) without control characters other than white space.
func isText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return len(b) < utf8.UTFMax // a rune cut by the end of the sample
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			return false
		}
		b = b[n:]
	}
	return true
}

// extensions lists the file extensions of spreadsheets: the formats
// ingest reads (no words), and those it names when it rejects them. It is
// the one list of them: the inbox picks up files by it (IsSpreadsheet).
var extensions = map[string]words{
	".xlsx": {}, ".xlsm": {}, ".xltx": {}, ".xltm": {},
	".xls": {}, ".et": {}, ".csv": {}, ".txt": {},
	".ods":     odsWords,
	".fods":    {"an OpenDocument flat XML spreadsheet (.fods)", "文件是 OpenDocument 平面 XML 电子表格（.fods）"},
	".xlsb":    xlsbWords,
	".numbers": numbersWords,
}

// Words for formats that are zip archives too (sniffZip); in Chinese,
// each is a whole sentence ("the file is …").
var (
	odsWords     = words{"an OpenDocument spreadsheet (.ods)", "文件是 OpenDocument 电子表格（.ods）"}
	xlsbWords    = words{"an Excel binary workbook (.xlsb)", "文件是 Excel 二进制工作簿（.xlsb）"}
	numbersWords = words{"an Apple Numbers document", "文件是 Apple Numbers 文稿"}
)

// IsSpreadsheet reports whether the file at path is a spreadsheet, by
// its extension: of a format ingest reads, or of one whose rejection
// names it. A .txt file is one only when it is Excel's "Unicode 文本"
// (Unicode text), which starts with a UTF-16 byte order mark: other text
// files, such as notes beside the workbooks, are not.
func IsSpreadsheet(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".txt" {
		return startsUTF16(path)
	}
	_, ok := extensions[ext]
	return ok
}

// startsUTF16 reports whether the file at path starts with a UTF-16 byte
// order mark.
func startsUTF16(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return IsUnicodeText(f)
}

// IsUnicodeText reports whether r starts with a UTF-16 byte order mark, as
// Excel's "Unicode 文本" does: the only .txt files pairstat reads from an
// inbox.
func IsUnicodeText(r io.Reader) bool {
	head := make([]byte, 2)
	if _, err := io.ReadFull(r, head); err != nil {
		return false
	}
	return bytes.Equal(head, []byte{0xFF, 0xFE}) || bytes.Equal(head, []byte{0xFE, 0xFF})
}

// foreignFormat names, by the file's extension, spreadsheet formats that
// ingest does not read.
func foreignFormat(path string) words {
	return extensions[strings.ToLower(filepath.Ext(path))]
}

// memberName is the name excelize gives a zip member: with forward slashes.
func memberName(f *zip.File) string { return strings.ReplaceAll(f.Name, `\`, "/") }

// sniffZip judges a zip archive by the names of its members: other formats
// that are zip archives too, and archives that hold no workbook at all.
func sniffZip(path string, zr *zip.Reader) (Advice, error) {
	looksOOXML := false
	var names []string
	for _, f := range zr.File {
		name := strings.ToLower(memberName(f))
		switch {
		case name == "mimetype":
			return fixSaveAsXlsx, notWorkbook("%s", "%s", openDocumentKind(f))
		case strings.HasPrefix(name, "index/") && strings.HasSuffix(name, ".iwa"):
			return fixSaveAsXlsx, notWorkbook("%s", "%s", numbersWords)
		case strings.HasSuffix(name, "/workbook.bin"):
			return fixSaveAsXlsx, notWorkbook("%s", "%s", xlsbWords)
		case name == "[content_types].xml", name == "_rels/.rels", strings.HasPrefix(name, "xl/"):
			looksOOXML = true
		}
		if !f.FileInfo().IsDir() {
			names = append(names, memberName(f))
		}
	}
	if looksOOXML {
		return Advice{}, nil
	}
	if other := foreignFormat(path); other.en != "" {
		return fixSaveAsXlsx, notWorkbook("%s", "%s", other)
	}
	if len(names) == 0 {
		return fixSaveAsXlsx, notWorkbook("an empty zip archive", "文件是空的 zip 压缩包")
	}
	return fixUnzip, notWorkbook("a zip archive that holds no Excel workbook (it holds %s)",
		"文件是 zip 压缩包，其中没有 Excel 工作簿（其中有 %s）", listNames(names, 3))
}

// fixUnzip is the advice for a workbook inside a zip archive.
var fixUnzip = Advice{
	En: "if the workbook is inside this zip archive, extract it and put the .xlsx file in the inbox instead",
	Zh: "如果工作簿在该 zip 压缩包内，请先解压，再把其中的 .xlsx 文件放入收件箱"}

// listNames lists up to max names, then how many more there are.
func listNames(names []string, max int) words {
	if len(names) <= max {
		return words{strings.Join(names, ", "), strings.Join(names, "、")}
	}
	return words{fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max),
		fmt.Sprintf("%s 等，另有 %d 个", strings.Join(names[:max], "、"), len(names)-max)}
}

// openDocumentKind names an OpenDocument file by its mimetype member.
func openDocumentKind(f *zip.File) words {
	spreadsheet := odsWords
	if f.UncompressedSize64 > 200 {
		return spreadsheet
	}
	rc, err := f.Open()
	if err != nil {
		return spreadsheet
	}
	defer rc.Close()
	mime, _ := io.ReadAll(io.LimitReader(rc, 200))
	switch {
	case bytes.Contains(mime, []byte("opendocument.spreadsheet")):
		return spreadsheet
	case bytes.Contains(mime, []byte("opendocument.text")):
		return words{"an OpenDocument text document (.odt), not a spreadsheet", "文件是 OpenDocument 文本文档（.odt），不是电子表格"}
	case bytes.Contains(mime, []byte("opendocument")):
		return words{"an OpenDocument document, not a spreadsheet", "文件是 OpenDocument 文档，不是电子表格"}
	}
	mt := strings.TrimSpace(string(mime))
	return words{"a zip archive with a mimetype file (" + mt + "), not an Excel workbook",
		"文件是含 mimetype 文件（" + mt + "）的 zip 压缩包，不是 Excel 工作簿"}
}

// openCause explains why excelize could not open a zip archive that looked
// like a workbook. It first reads every member, to name one that fails its
// checksum: excelize does not report those, and then stumbles on the
// garbled XML.
func openCause(err error, zr *zip.Reader) (Advice, error) {
	if name, cerr := firstBadMember(zr); cerr != nil {
		return fixCopyAgain, partDamaged(cerr, name)
	}
	var syntax *xml.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return FixResave, damaged(err, "the workbook is damaged: it has no readable workbook part (xl/workbook.xml is missing or empty)",
			"没有可读取的工作簿部件（xl/workbook.xml 缺失或为空）")
	case errors.As(err, &syntax):
		return FixResave, xmlDamaged(err, words{})
	}
	return FixResave, damaged(err, "the workbook could not be read (%v)", "无法读取工作簿（%v）", err)
}

// partDamaged is the cause for a zip member (a part of the workbook) that
// could not be unpacked.
func partDamaged(err error, part string) error {
	return damaged(err, "the workbook is damaged: its part %s %s", "部件 %s %s", part, memberProblem(err))
}

// memberProblem says in words why a zip member could not be unpacked.
func memberProblem(err error) words {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return words{"does not match its checksum", "与其校验和不符"}
	case errors.Is(err, zip.ErrAlgorithm):
		return words{"is compressed with a method that cannot be read", "采用了无法读取的压缩方法"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return words{"is cut off", "不完整（被截断）"}
	case errors.Is(err, zip.ErrFormat), errors.As(err, &corrupt):
		return words{"is corrupt", "已损坏"}
	}
	return words{fmt.Sprintf("cannot be unpacked (%v)", err), fmt.Sprintf("无法解压（%v）", err)}
}

// isXMLError reports whether err comes from the XML decoder.
func isXMLError(err error) bool {
	var syntax *xml.SyntaxError
	return errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF)
}

// xmlDamaged is the cause for an error of the XML decoder; where says
// where it was met, if known.
func xmlDamaged(err error, where words) error {
	what := words{"the workbook's XML is damaged", "工作簿的 XML 已损坏"}
	if msg := err.Error(); strings.Contains(msg, "UTF-8") || strings.Contains(msg, "U+0000") || strings.Contains(msg, "charset") {
		what = words{"the workbook's XML is damaged or not in UTF-8", "工作簿的 XML 已损坏或不是 UTF-8 编码"}
	}
	if where.en != "" {
		return damaged(err, "%s (%v), met %s", "%s（%v），发现于%s", what, err, where)
	}
	return damaged(err, "%s (%v)", "%s（%v）", what, err)
}

// unpackBudget bounds the bytes firstBadMember unpacks, so that a hostile
// archive cannot make a diagnosis take long.
const unpackBudget = 1 << 30

// firstBadMember unpacks the members of zr and returns the first that fails
// (a bad checksum, a truncated or corrupt compressed stream).
func firstBadMember(zr *zip.Reader) (string, error) {
	var unpacked uint64
	for _, f := range zr.File {
		if unpacked += f.UncompressedSize64; unpacked > unpackBudget {
			break
		}
		rc, err := f.Open()
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
			if cerr := rc.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return memberName(f), err
		}
	}
	return "", nil
}
