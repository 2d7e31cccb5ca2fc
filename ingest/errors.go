package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Causes of rejected files, wrapped by CellError. Test them with errors.Is;
// the message of a rejection says more than the sentinel's text.
var (
	// ErrNotWorkbook: the file is in no format pairstat reads (another
	// format, an empty file, a zip archive holding no workbook, a text
	// file in no supported encoding).
	ErrNotWorkbook = errors.New("not a spreadsheet pairstat reads")
	// ErrLegacy: a workbook in an Excel format older than Excel 97 (BIFF2
	// to BIFF5), which pairstat does not read.
	ErrLegacy = errors.New("a workbook in a legacy Excel format")
	// ErrEncrypted: a workbook protected with a password (an encrypted
	// .xlsx, or an .xls with a FILEPASS record), which cannot be read
	// without it.
	ErrEncrypted = errors.New("the workbook is protected with a password")
	// ErrTruncated: the file or a sheet's XML ends early, as when a file is
	// cut off while it is copied or downloaded.
	ErrTruncated = errors.New("sheet data is truncated")
	// ErrDamaged: an .xlsx package whose content cannot be read completely:
	// broken XML, a missing part, a part that fails its checksum, or input
	// that makes the reader fail.
	ErrDamaged = errors.New("the workbook is damaged")
	// ErrLimit: the workbook goes beyond one of the limits that bound what
	// reading a file may cost (see Limits): too large unpacked, too many
	// sheets, rows, cells or shared strings, a cell too long, or reading
	// too slow. The message names the limit and its value.
	ErrLimit = errors.New("the workbook exceeds a limit")
)

// causeError is a cause worded for its case: it is its kind (one of the
// sentinels above) for errors.Is, and wraps what the zip or XML reader said,
// if anything.
type causeError struct {
	kind error  // ErrNotWorkbook, ErrTruncated, ...
	msg  string // the whole message
	zh   string // its details in Chinese (see Zh)
	err  error  // the underlying error, or nil
	// fix, when set, is the advice for this cause where the code that
	// places it would otherwise give a general one.
	fix Advice
}

func (e *causeError) Error() string        { return e.msg }
func (e *causeError) Is(target error) bool { return target == e.kind }
func (e *causeError) Unwrap() error        { return e.err }

// Zh is the cause's details in Chinese: what its message says beyond its
// kind, which messages words itself and puts first. Numbers, sizes and
// the names of files, parts and sheets are as in the English, and the
// text of a library's error (excelize, zip, XML) is kept as it is.
func (e *causeError) Zh() string { return e.zh }

// newCause is a cause of the kind worded for its case, wrapping err (or
// nil): en is its whole message, zh its details in Chinese (see Zh), both
// formats of the same args. An arg that is a phrase (words, byteSize, span)
// is worded in each language.
func newCause(kind, err error, en, zh string, args ...any) *causeError {
	zhArgs := make([]any, len(args))
	for i, a := range args {
		if p, ok := a.(phrase); ok {
			a = p.inZh()
		}
		zhArgs[i] = a
	}
	return &causeError{kind: kind, err: err, msg: fmt.Sprintf(en, args...), zh: fmt.Sprintf(zh, zhArgs...)}
}

// phrase is an argument of a cause's message that is worded in English
// (String) and in Chinese (inZh).
type phrase interface {
	fmt.Stringer
	inZh() string
}

// words is a phrase given in English and in Chinese.
type words struct{ en, zh string }

func (w words) String() string { return w.en }
func (w words) inZh() string   { return w.zh }

// byteSize is a byte count in a message: 4.0 GiB, 100 bytes (100 字节).
type byteSize uint64

func (n byteSize) String() string { return sizeText(uint64(n)) }
func (n byteSize) inZh() string   { return sizeZh(uint64(n)) }

// span is a duration in a message: 5m0s (5 分钟).
type span time.Duration

func (d span) String() string { return time.Duration(d).String() }
func (d span) inZh() string   { return durationZh(time.Duration(d)) }

// CellError is a problem at a place in a workbook: a cell, a whole sheet
// (Cell empty) or the whole file (Sheet empty). It wraps its cause.
type CellError struct {
	File  string // path as the user gave it, or relative to the inbox
	Sheet string
	Cell  string // like "C7"
	Value string // the offending cell text, if any
	Err   error  // the cause, e.g. parse.ErrNotNumber
	Fix   string // what the user should do, in plain words
	FixZh string // the same advice in Chinese ("" when not translated)
	// CauseZh words the cause in Chinese, when known ("" otherwise).
	CauseZh string
}

// Error formats the position, the cause and the fix on one line.
func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString(QuoteName(e.File))
	if e.Sheet != "" {
		b.WriteString(": sheet ")
		b.WriteString(QuoteName(e.Sheet))
	}
	if e.Cell != "" {
		b.WriteString(": cell ")
		b.WriteString(e.Cell)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if e.Fix != "" {
		b.WriteString(" (fix: ")
		b.WriteString(e.Fix)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *CellError) Unwrap() error { return e.Err }

// QuoteName returns a file or sheet name as messages print it: as it is
// when it reads unambiguously (any printable text, Chinese, inner spaces),
// and otherwise Go-quoted, with its control characters escaped ("a\nb.xlsx"):
// a name with a line break, a tab, an invisible or invalid character,
// spaces at either end, a double quote or ": " (which separates the parts
// of a message).
func QuoteName(name string) string {
	if strings.TrimSpace(name) != name || strings.Contains(name, ": ") || strings.ContainsRune(name, '"') {
		return strconv.Quote(name)
	}
	for _, r := range name {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return strconv.Quote(name)
		}
	}
	return name
}

// Advice is what a user should do about a problem, in English and Chinese.
type Advice struct{ En, Zh string }

// At returns a CellError at the given place with this advice.
func (a Advice) At(file, sheet, cell, value string, err error) *CellError {
	return &CellError{File: file, Sheet: sheet, Cell: cell, Value: value, Err: err, Fix: a.En, FixZh: a.Zh}
}

// Advice for file-level problems.
var (
	// FixResave asks for the file to be saved again by Excel.
	FixResave = Advice{
		En: "open the file in Excel and save it again as .xlsx",
		Zh: "用 Excel 打开该文件，另存为 .xlsx 格式"}
	fixReadable = Advice{
		En: "check that the file exists and can be read",
		Zh: "检查文件是否存在、是否有读取权限"}
	fixPassword = Advice{
		En: "open it, remove the password, save",
		Zh: "打开该文件，取消密码，保存"}
	fixBIFF5 = Advice{
		En: "open it in Excel or WPS and save it as .xlsx or Excel 97–2003 .xls",
		Zh: "用 Excel 或 WPS 打开，另存为 .xlsx 或 Excel 97–2003 .xls 格式"}
	fixSaveAsXlsx = Advice{
		En: "open it in its program and save it as .xlsx (Excel Workbook)",
		Zh: "用原程序打开，另存为 .xlsx（Excel 工作簿）"}
	fixOpenInExcel = Advice{
		En: "open it in Excel and save it as .xlsx (Excel Workbook)",
		Zh: "用 Excel 打开，另存为 .xlsx（Excel 工作簿）"}
	fixCopyAgain = Advice{
		En: "copy the file again from where it came from (the copy may be incomplete), or open the original in Excel and save it again as .xlsx",
		Zh: "从原处重新复制该文件（现有副本可能不完整），或用 Excel 打开原文件另存为 .xlsx"}
	fixEmpty = Advice{
		En: "the file has no content: copy it again from where it came from, or save the workbook again from Excel",
		Zh: "文件没有内容：请从原处重新复制，或用 Excel 重新保存该工作簿"}
)

// Reason is the cause in lang: its Chinese wording (CauseZh) for "zh" when
// it has one, the cause's message otherwise.
func (e *CellError) Reason(lang string) string {
	if lang == "zh" && e.CauseZh != "" {
		return e.CauseZh
	}
	return e.Err.Error()
}

// FixIn is the fix in lang: the Chinese advice (FixZh) for "zh" when it
// has one, the English one otherwise.
func (e *CellError) FixIn(lang string) string {
	if lang == "zh" && e.FixZh != "" {
		return e.FixZh
	}
	return e.Fix
}
