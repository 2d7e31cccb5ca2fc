package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// A CSV file (.csv, or .txt as Excel saves "Unicode 文本") is one sheet
// named after the file, its cells text as displayed (1,250.00; 2023/3/18).
// Its encoding is the first of these it decodes in: UTF-8 (with or
// without a byte order mark), UTF-16 LE or BE with a byte order mark,
// GB18030 (which includes GBK and GB2312). A decoding is clean when it
// holds no replacement character (U+FFFD, which marks bytes invalid in
// the encoding) and no control character but tab, line feed and carriage
// return. The separator is the one of comma, tab and semicolon found
// outside quotes on the most of the first lines.

// textEncoding is an encoding a CSV file may be in.
type textEncoding struct {
	name string
	enc  encoding.Encoding
}

var (
	utf8Encoding    = textEncoding{"UTF-8", unicode.UTF8BOM} // its decoder drops a BOM
	utf16LEEncoding = textEncoding{"UTF-16 LE", unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)}
	utf16BEEncoding = textEncoding{"UTF-16 BE", unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)}
	gb18030Encoding = textEncoding{"GB18030", simplifiedchinese.GB18030}
)

// candidates lists the encodings a file starting with head may be in, in
// the order they are tried: a byte order mark names the one.
func candidates(head []byte) []textEncoding {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return []textEncoding{utf8Encoding}
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return []textEncoding{utf16LEEncoding}
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return []textEncoding{utf16BEEncoding}
	}
	return []textEncoding{utf8Encoding, gb18030Encoding}
}

// sampleSize is how much decoded text the separator is chosen from.
const sampleSize = 64 << 10

// maxLine bounds a line of decoded CSV text: encoding/csv holds a record
// whole in memory.
const maxLine = 64 << 20

// errNotClean ends the decoding of a file in an encoding it is not in.
var errNotClean = errors.New("not clean")

// cleanReader passes decoded text through, failing with errNotClean at a
// replacement or control character, and with an ErrLimit cause at a line
// longer than maxLine.
type cleanReader struct {
	r    io.Reader
	line int // bytes since the last line feed
	tail []byte
}

func (c *cleanReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	b := p[:n]
	if len(c.tail) > 0 { // a rune cut by the previous read
		b = append(c.tail, b...)
		c.tail = nil
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 && !utf8.FullRune(b[i:]) && err == nil {
			c.tail = append([]byte(nil), b[i:]...)
			break
		}
		switch {
		case r == utf8.RuneError, r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7F:
			return 0, errNotClean
		case r == '\n':
			c.line = 0
		default:
			if c.line += size; c.line > maxLine {
				return 0, overLimit("the file has a line longer than %s, the limit", "文件中有一行长于 %s，即上限", byteSize(maxLine))
			}
		}
		i += size
	}
	return n, err
}

// csvSource is a CSV file: one sheet.
type csvSource struct {
	name string // the sheet's name
	open func() io.Reader
	sep  rune
}

func (s *csvSource) sheets() []string { return []string{s.name} }

func (s *csvSource) rows(int) rowSource {
	r := csv.NewReader(&quoteCheck{r: s.open(), sep: byte(s.sep), fieldStart: true, line: 1})
	r.Comma = s.sep
	r.FieldsPerRecord = -1 // rows as long as their cells
	r.LazyQuotes = true    // a quote inside a field is text, as Excel reads it
	r.ReuseRecord = true
	return &csvRows{r: r}
}

// openCSV reads the workbook's file as CSV: its encoding and separator.
func (w *Workbook) openCSV(size int64) (Advice, error) {
	if size > w.lim.Size {
		return fixTooLarge, overLimit("the file holds %s, more than the limit of %s", "文件大小为 %s，超过上限 %s", byteSize(size), byteSize(w.lim.Size))
	}
	head := make([]byte, 3)
	n, _ := w.src.ReadAt(head, 0)
	file := func() io.Reader { return bufio.NewReaderSize(io.NewSectionReader(w.src, 0, size), 64<<10) }
	var tried []string
	for _, e := range candidates(head[:n]) {
		decoded := func() io.Reader {
			return &cleanReader{r: transform.NewReader(file(), e.enc.NewDecoder())}
		}
		sample, err := readClean(decoded())
		switch {
		case errors.Is(err, ErrLimit):
			return fixTooLarge, err
		case err != nil:
			tried = append(tried, e.name)
			continue
		}
		base := filepath.Base(w.Name)
		open := decoded
		if !bytes.ContainsRune(sample, '\n') && bytes.ContainsRune(sample, '\r') {
			// Lines ended by a carriage return alone, as "CSV (Macintosh)"
			// saves them: the CSV reader knows only line feeds.
			open = func() io.Reader { return transform.NewReader(decoded(), crToLF{}) }
			sample = bytes.ReplaceAll(sample, []byte{'\r'}, []byte{'\n'})
		}
		w.source = &csvSource{name: strings.TrimSuffix(base, filepath.Ext(base)), open: open, sep: separator(sample)}
		w.sheets = w.source.sheets()
		return Advice{}, nil
	}
	return fixEncoding, newCause(ErrNotWorkbook, nil, "a text file in no encoding pairstat reads: it was read as %s, and is not valid text in any",
		"文本文件的编码不是 pairstat 能读取的：依次按 %s 读取，都不是有效的文本", words{strings.Join(tried, ", then as "), strings.Join(tried, "、")})
}

// readClean reads r to its end and returns the start of its text.
func readClean(r io.Reader) ([]byte, error) {
	sample, err := io.ReadAll(io.LimitReader(r, sampleSize))
	if err == nil {
		_, err = io.Copy(io.Discard, r)
	}
	return sample, err
}

// fixEncoding: a text file in an encoding pairstat does not read.
var fixEncoding = Advice{
	En: "open it in Excel or WPS and save it as .xlsx, or as CSV UTF-8",
	Zh: "用 Excel 或 WPS 打开，另存为 .xlsx，或另存为“CSV UTF-8（逗号分隔）”"}

// separators are the field separators a CSV file may use, the first
// winning a tie.
var separators = []rune{',', '\t', ';'}

// sampleLines is how many of the first lines choose the separator.
const sampleLines = 20

// separator chooses the separator of a CSV file from the start of its
// text: the one found, outside quoted fields, on the most lines.
func separator(sample []byte) rune {
	lines := make([]int, len(separators))
	seen := make([]bool, len(separators))
	quoted, line := false, 0
scan:
	for _, r := range string(sample) {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '\n':
			for i, s := range seen {
				if s {
					lines[i]++
				}
				seen[i] = false
			}
			if line++; line == sampleLines {
				break scan
			}
		default:
			for i, s := range separators {
				if r == s {
					seen[i] = true
				}
			}
		}
	}
	for i, s := range seen {
		if s {
			lines[i]++
		}
	}
	best := 0
	for i := range separators {
		if lines[i] > lines[best] {
			best = i
		}
	}
	return separators[best]
}

// quoteCheck passes CSV text through and fails at its end when a quoted
// field is still open: the CSV reader, lenient with quotes as Excel is,
// would read every line after the quote into one cell. It follows the
// reader's rules: a quote opens a field only at the field's start, and
// closes it only before a separator, a line break or the end. (The
// quote, the separators and the line feed are ASCII: no byte of another
// UTF-8 character is one of them.)
type quoteCheck struct {
	r          io.Reader
	sep        byte
	fieldStart bool // the next byte starts a field
	quoted     bool // inside a quoted field
	quote      bool // inside a quoted field, just after a quote
	line       int  // the line of the next byte
	opened     int  // the line the open quoted field starts on
}

func (q *quoteCheck) Read(p []byte) (int, error) {
	n, err := q.r.Read(p)
	for _, b := range p[:n] {
		switch {
		case q.quote:
			q.quote = false
			if b == '"' { // a doubled quote: a quote in the text
				break
			}
			if b == q.sep || b == '\n' || b == '\r' {
				q.quoted = false
			}
		case q.quoted:
			q.quote = b == '"'
		case b == '"' && q.fieldStart:
			q.quoted, q.opened = true, q.line
		}
		if b == '\n' {
			q.line++
		}
		q.fieldStart = !q.quoted && (b == q.sep || b == '\n' || b == '\r')
	}
	if err == io.EOF && q.quoted && !q.quote {
		return n, damaged(errOpenQuote, "the CSV text has a quote (\") that opens a field on line %d and is never closed, "+
			"so every line after it would be read into one cell",
			"CSV 文本第 %d 行有一个引号（\"）开始了一个字段，却始终没有闭合，其后的所有行都会被读进同一个单元格", q.opened)
	}
	return n, err
}

// crToLF turns carriage returns into line feeds.
type crToLF struct{ transform.NopResetter }

func (crToLF) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	n := copy(dst, src)
	for i, b := range dst[:n] {
		if b == '\r' {
			dst[i] = '\n'
		}
	}
	if n < len(src) {
		err = transform.ErrShortDst
	}
	return n, n, err
}

// errOpenQuote is the cause of quoteCheck's failure.
var errOpenQuote = errors.New("a quoted field never closed")

// fixOpenQuote: a CSV file with a quoted field never closed.
var fixOpenQuote = Advice{
	En: `close the quote in a text editor (a quote within a field is written twice: "a ""b"" c"), or save the file again from Excel`,
	Zh: `用文本编辑器补上缺少的引号（字段中的引号须写两次："a ""b"" c"），或用 Excel 重新保存该文件`}

// csvRows streams the records of a CSV file as rows: a record's fields
// are its cells, all text, and a record's row is its place among the
// file's lines, a blank line counting as an empty row, as in Excel.
type csvRows struct {
	r    *csv.Reader
	cur  Row
	num  int // the row of the record last read
	line int // the line the record last read ended on
	e    error
}

func (c *csvRows) next() bool {
	rec, err := c.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		c.e = csvCause(err)
		return false
	}
	start, _ := c.r.FieldPos(0)
	c.num += max(start-c.line, 1) // blank lines between records are empty rows
	last, _ := c.r.FieldPos(len(rec) - 1)
	c.line = last + strings.Count(rec[len(rec)-1], "\n")
	c.cur = Row{Num: c.num, Cells: c.cur.Cells[:0]}
	for i, v := range rec {
		if v != "" {
			c.cur.Cells = append(c.cur.Cells, Cell{Col: i + 1, Type: Text, Value: v})
		}
	}
	return true
}

func (c *csvRows) row() Row   { return c.cur }
func (c *csvRows) err() error { return c.e }

// csvCause explains an error of the CSV reader: a limit of cleanReader, a
// quote quoteCheck found open, or a malformed line.
func csvCause(err error) error {
	var perr *csv.ParseError
	switch {
	case errors.Is(err, ErrLimit), errors.Is(err, ErrDamaged):
		return err
	case errors.As(err, &perr):
		return damaged(err, "the CSV text cannot be read at line %d (%v)", "CSV 文本第 %d 行无法读取（%v）", perr.Line, perr.Err)
	}
	return damaged(err, "the file could not be read (%v)", "无法读取文件（%v）", err)
}
