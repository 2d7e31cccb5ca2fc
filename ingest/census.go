package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// A census reads the XML of a part once, fast and without decoding it, and
// counts what would cost the XML decoder memory or time: rows and their
// cells in a worksheet, entries in a shared strings table, elements, and
// the length of every token (text, tag, comment) and of every cell or
// entry. It stops at the first limit exceeded, before excelize decodes a
// byte of the part. It also rejects a document type declaration, which
// the Open Packaging Conventions forbid in package parts (ECMA-376 Part 2,
// M1.17) and which only a crafted file holds.
//
// The census is not an XML parser: it finds tags by their angle brackets,
// skipping quoted attribute values, comments, processing instructions and
// CDATA sections, and may count a malformed document differently from the
// decoder. That errs on the safe side: what it counts bounds what the
// decoder can build.

// partKind says what a census counts.
type partKind int

const (
	otherPart partKind = iota // tokens and a DOCTYPE only
	sheetPart                 // rows and cells too
	sstPart                   // shared string entries too
)

// census holds the counts of one part, and the state of its scanner.
type census struct {
	part string // the part's name, for messages
	kind partKind
	lim  *Limits
	// progress, if set, is told the rows counted after each block read;
	// an error from it ends the scan.
	progress func(rows int) error
	rows     int // row elements
	cells    int // c elements in the current row
	items    int // si elements
	// elements counts start tags.
	elements int
	// inItem is true inside a c (worksheet) or si (shared strings)
	// element, whose XML is itemBytes long so far; itemText of it is the
	// character data of its values (t, v and f elements) and itemRuns
	// its rich-text runs (r and rPh elements).
	inItem    bool
	itemBytes int
	itemText  int
	itemRuns  int
	// inValue is true in the character data of a t, v or f element of
	// the item, before any other tag.
	inValue bool

	// The scanner, fed a block at a time.
	st      scanState
	tok     int     // bytes of the current token so far
	name    [8]byte // the start of the local name of the current tag
	nameLen int     // its length (it may be longer than name)
	end     bool    // the current tag is an end tag
	prev    byte    // the last byte of the tag that is not white space
	quote   byte    // the quote of the attribute value being read
	head    [7]byte // the bytes after "<!", to tell a comment from CDATA
	headLen int     // how many of them
	piData  []byte  // the start of the processing instruction being read, from its target
	last    [2]byte // the last two bytes read in a comment, PI or CDATA
}

// scanState is where the scanner is.
type scanState int

const (
	inText    scanState = iota
	afterLT             // just after '<'
	inName              // in the name of a tag
	inAttrs             // in a tag, after its name
	inQuote             // in a quoted attribute value
	afterBang           // after "<!"
	inComment           // in <!-- … -->
	inPI                // in <? … ?>
	inCDATA             // in <![CDATA[ … ]]>
)

// errDoctype reports a document type declaration.
var errDoctype = errors.New("doctype")

// scan reads the part's XML from r to its end, or to the first limit it
// exceeds.
func (c *census) scan(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	br, err := c.transcode(br)
	if err != nil {
		return err
	}
	buf := make([]byte, 64<<10)
	for {
		n, err := br.Read(buf)
		if n > 0 {
			if ferr := c.feed(buf[:n]); ferr != nil {
				return ferr
			}
			if c.progress != nil {
				if perr := c.progress(c.rows); perr != nil {
					return perr
				}
			}
		}
		if err == io.EOF {
			if c.st == inText {
				return c.text(c.tok)
			}
			return nil // cut off inside markup: the integrity checks tell
		}
		if err != nil {
			return err
		}
	}
}

// utf8BOM is the byte order mark some writers put before a UTF-8 part.
var utf8BOM = []byte("\xEF\xBB\xBF")

// maxDeclaration bounds an XML declaration the census reads: real ones
// are under 100 bytes.
const maxDeclaration = 4 << 10

// transcode makes the XML readable as UTF-8 when its declaration names
// another encoding, as the XML decoder does (with excelize's charset
// reader): a part in UTF-16 must be counted as what it holds. The decoder
// takes its encoding from any processing instruction with the target xml,
// wherever it is; one that is not at the start of the part is rejected by
// the scanner (see pi).
func (c *census) transcode(br *bufio.Reader) (*bufio.Reader, error) {
	head, _ := br.Peek(maxDeclaration)
	skip := 0
	if bytes.HasPrefix(head, utf8BOM) {
		skip = len(utf8BOM)
	}
	decl := head[skip:]
	if !bytes.HasPrefix(decl, []byte("<?xml")) || len(decl) == 5 || isNameByte(decl[5]) {
		return br, nil
	}
	end := bytes.Index(decl, []byte("?>"))
	if end < 0 {
		return br, nil // the scanner rejects a declaration this long
	}
	enc := procInst("encoding", string(bytes.TrimLeft(decl[5:end], " \t\r\n")))
	if enc == "" || strings.EqualFold(enc, "utf-8") {
		return br, nil
	}
	if _, err := br.Discard(skip + end + 2); err != nil {
		return nil, err
	}
	r, err := charset.NewReaderLabel(enc, br)
	if err != nil {
		return nil, damaged(err, "the workbook's part %s is in a character encoding that cannot be read (%s)",
			"部件 %s 采用了无法读取的字符编码（%s）", c.part, enc)
	}
	return bufio.NewReaderSize(r, 64<<10), nil
}

// isNameByte reports whether ch can be part of an XML name, as the XML
// decoder reads names (encoding/xml's isNameByte, and any byte of a
// multi-byte character).
func isNameByte(ch byte) bool {
	return 'A' <= ch && ch <= 'Z' || 'a' <= ch && ch <= 'z' || '0' <= ch && ch <= '9' ||
		ch == '_' || ch == ':' || ch == '.' || ch == '-' || ch >= 0x80
}

// procInst returns the value of a pseudo-attribute of a processing
// instruction's content exactly as encoding/xml reads it (its procInst):
// the name, '=' and a quote with nothing in between.
func procInst(param, s string) string {
	start, end := procInstSpan(param, s)
	if start < 0 {
		return ""
	}
	return s[start:end]
}

// procInstSpan is procInst giving where the value stands in s: s[start:end];
// -1, -1 when there is none.
func procInstSpan(param, s string) (start, end int) {
	param += "="
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || len(param)+k >= len(sub) {
			return -1, -1
		}
		i += len(param) + k + 1
		if ch := sub[len(param)+k]; ch == '\'' || ch == '"' {
			sep = ch
			break
		}
	}
	if sep == 0 {
		return -1, -1
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return -1, -1
	}
	return i, i + j
}

// pi checks a processing instruction that has just ended, whose text after
// "<?" (its target, content and "?>") begins with data: an XML
// declaration naming an encoding other than UTF-8 there would make the
// decoder switch encodings in the middle of the part, past what the census
// counted.
func (c *census) pi(data []byte, whole bool) error {
	n := 0
	for n < len(data) && isNameByte(data[n]) {
		n++
	}
	if string(data[:n]) != "xml" {
		return nil
	}
	if !whole {
		return damaged(nil, "the workbook's part %s holds an XML declaration longer than %s",
			"部件 %s 中的 XML 声明长于 %s", c.part, byteSize(maxDeclaration))
	}
	content := strings.TrimLeft(string(data[n:max(n, len(data)-2)]), " \t\r\n")
	if enc := procInst("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
		return damaged(nil, "the workbook's part %s declares the character encoding %s in its middle, which no spreadsheet program writes",
			"部件 %s 在中间声明字符编码 %s，任何电子表格程序都不会这样写", c.part, enc)
	}
	return nil
}

// isSpace reports whether ch is XML white space.
func isSpace(ch byte) bool { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' }

// feed scans the next block of the part.
func (c *census) feed(b []byte) error {
	for i := 0; i < len(b); {
		switch c.st {
		case inText:
			k := bytes.IndexByte(b[i:], '<')
			if k < 0 {
				c.tok += len(b) - i
				if c.tok > maxToken {
					return c.tooLong(aText)
				}
				return nil
			}
			if err := c.text(c.tok + k); err != nil {
				return err
			}
			i += k + 1
			c.st, c.tok, c.nameLen, c.end, c.prev = afterLT, 1, 0, false, 0
		case afterLT:
			switch b[i] {
			case '/':
				c.end, c.st = true, inName
				i++
				c.tok++
			case '?':
				c.st, c.last, c.piData = inPI, [2]byte{}, c.piData[:0]
				i++
				c.tok++
			case '!':
				c.st, c.headLen = afterBang, 0
				i++
				c.tok++
			default:
				c.st = inName
			}
		case afterBang:
			c.head[c.headLen] = b[i]
			c.headLen++
			i++
			c.tok++
			h := string(c.head[:c.headLen])
			switch {
			case h == "--":
				c.st, c.last = inComment, [2]byte{}
			case h == "[CDATA[":
				c.st, c.last = inCDATA, [2]byte{}
			case !strings.HasPrefix("--", h) && !strings.HasPrefix("[CDATA[", h):
				return errDoctype // <!DOCTYPE, <!ENTITY, …
			}
		case inName:
			for ; i < len(b) && c.st == inName; i++ {
				c.tok++
				switch ch := b[i]; {
				case isSpace(ch):
					c.st = inAttrs
				case ch == '/':
					c.st, c.prev = inAttrs, '/'
				case ch == '>':
					if err := c.tag(); err != nil {
						return err
					}
				case ch == ':':
					c.nameLen = 0 // drop the prefix
				default:
					if c.nameLen < len(c.name) {
						c.name[c.nameLen] = ch
					}
					c.nameLen++
				}
			}
		case inAttrs:
			j := i
			for j < len(b) && b[j] != '>' && b[j] != '"' && b[j] != '\'' {
				j++
			}
			for k := j - 1; k >= i; k-- { // the last byte that is not white space
				if !isSpace(b[k]) {
					c.prev = b[k]
					break
				}
			}
			c.tok += j - i
			if j == len(b) {
				if c.tok > maxToken {
					return c.tooLong(aTag)
				}
				return nil
			}
			ch := b[j]
			c.tok++
			i = j + 1
			if ch != '>' {
				c.st, c.quote, c.prev = inQuote, ch, ch
			} else if err := c.tag(); err != nil {
				return err
			}
		case inQuote:
			k := bytes.IndexByte(b[i:], c.quote)
			if k < 0 {
				c.tok += len(b) - i
				if c.tok > maxToken {
					return c.tooLong(aTag)
				}
				return nil
			}
			c.tok += k + 1
			i += k + 1
			c.st = inAttrs
		case inComment, inPI, inCDATA:
			k := bytes.IndexByte(b[i:], '>')
			if c.st == inPI && len(c.piData) < maxDeclaration {
				upTo := len(b)
				if k >= 0 {
					upTo = i + k + 1
				}
				c.piData = append(c.piData, b[i:min(upTo, i+maxDeclaration-len(c.piData))]...)
			}
			if k < 0 {
				c.tok += len(b) - i
				c.keepLast(b[i:])
				if c.tok > maxToken {
					return c.tooLong(c.what())
				}
				return nil
			}
			c.keepLast(b[i : i+k])
			closed := false
			switch c.st {
			case inComment:
				closed = c.last == [2]byte{'-', '-'}
			case inPI:
				closed = c.last[1] == '?'
			case inCDATA:
				closed = c.last == [2]byte{']', ']'}
			}
			c.tok += k + 1
			i += k + 1
			c.keepLast([]byte{'>'})
			if !closed {
				continue
			}
			if c.tok > maxToken {
				return c.tooLong(c.what())
			}
			switch c.st {
			case inCDATA:
				if err := c.valueText(c.tok); err != nil {
					return err
				}
				if err := c.item(c.tok); err != nil {
					return err
				}
			case inPI:
				if err := c.pi(c.piData, c.tok-2 <= len(c.piData)); err != nil {
					return err
				}
			}
			c.st, c.tok = inText, 0
		}
	}
	return nil
}

// keepLast keeps the last two bytes read, across blocks.
func (c *census) keepLast(b []byte) {
	switch {
	case len(b) >= 2:
		c.last = [2]byte{b[len(b)-2], b[len(b)-1]}
	case len(b) == 1:
		c.last = [2]byte{c.last[1], b[0]}
	}
}

// what names the markup being read, for messages.
func (c *census) what() words {
	switch c.st {
	case inComment:
		return words{"a comment", "注释"}
	case inPI:
		return words{"a processing instruction", "处理指令"}
	case inCDATA:
		return words{"a CDATA section", " CDATA 段"} // spaced from the Chinese before it
	}
	return aTag
}

// What a census finds too long (tooLong).
var (
	aTag  = words{"a tag", "标记"}
	aText = words{"a text", "文字"}
)

// tag counts the tag that has just ended, c.tok bytes long.
func (c *census) tag() error {
	if c.tok > maxToken {
		return c.tooLong(aTag)
	}
	name := otherName
	if c.nameLen <= len(c.name) {
		switch string(c.name[:c.nameLen]) {
		case "row":
			name = rowName
		case "c":
			name = cellElem
		case "si":
			name = itemName
		case "t", "v", "f":
			name = valueElem
		case "r", "rPh":
			name = runElem
		}
	}
	n, end, selfClosing := c.tok, c.end, c.prev == '/'
	c.st, c.tok = inText, 0
	c.inValue = false
	if end {
		if err := c.item(n); err != nil {
			return err
		}
		if (c.kind == sheetPart && name == cellElem) || (c.kind == sstPart && name == itemName) {
			c.inItem = false
		}
		return nil
	}
	return c.start(name, n, selfClosing)
}

// text counts a text of n bytes.
func (c *census) text(n int) error {
	if n <= 0 {
		return nil
	}
	if n > maxToken {
		return c.tooLong(aText)
	}
	if err := c.valueText(n); err != nil {
		return err
	}
	return c.item(n)
}

// valueText adds n bytes of character data to the value of the cell or
// entry being read, when they are in one of its t, v or f elements.
func (c *census) valueText(n int) error {
	if !c.inItem || !c.inValue {
		return nil
	}
	c.itemText += n
	if c.itemText <= maxCellText {
		return nil
	}
	return overLimitFixed(fixCellText, "%s holds more than %s of text, more than the %s characters a cell can hold",
		"%s的文字超过 %s，多于一个单元格最多能容纳的 %s 个字符", c.itemName(), byteSize(maxCellText), count(c.lim.CellText))
}

// item adds n bytes to the cell or entry being read, if any.
func (c *census) item(n int) error {
	if !c.inItem {
		return nil
	}
	c.itemBytes += n
	if c.itemBytes <= maxCellXML {
		return nil
	}
	return overLimitFixed(fixRichText, "%s takes more than %s of XML, the limit for one cell's text with its formatting",
		"%s的 XML 超过 %s，即一个单元格的文字连同其格式的上限", c.itemName(), byteSize(maxCellXML))
}

// run counts a rich-text run of the cell or entry being read, if any.
func (c *census) run() error {
	if !c.inItem {
		return nil
	}
	c.itemRuns++
	if c.itemRuns <= maxRuns {
		return nil
	}
	return overLimitFixed(fixRichText, "%s is split into more than %s rich-text runs (pieces of text formatted differently), the limit for one cell's text",
		"%s分成了超过 %s 段富文本（格式各不相同的文字片段），即一个单元格的文字的上限", c.itemName(), count(maxRuns))
}

// itemName names the cell or entry being read, for messages.
func (c *census) itemName() words {
	if c.kind == sstPart {
		return words{"shared string " + count(c.items), "第 " + count(c.items) + " 个共享字符串"}
	}
	return words{"a cell in the sheet's row " + count(c.rows) + " (counting its row elements)",
		"工作表第 " + count(c.rows) + " 行（按行元素计数）中的一个单元格"}
}

// tooLong is the error for a token longer than maxToken.
func (c *census) tooLong(what words) error {
	return overLimit("the workbook's part %s holds %s longer than %s; no genuine workbook does",
		"部件 %[1]s 中有长于 %[3]s 的%[2]s，正常的工作簿不会这样", c.part, what, byteSize(maxToken))
}

// Tags the census counts, by local name.
type tagName int

const (
	otherName tagName = iota
	rowName           // row, in a worksheet
	cellElem          // c, in a worksheet
	itemName          // si, in shared strings
	valueElem         // t, v or f: an element holding a value's text
	runElem           // r or rPh: a rich-text or phonetic run
)

// start counts a start tag of n bytes.
func (c *census) start(name tagName, n int, selfClosing bool) error {
	c.elements++
	switch {
	case c.kind == sheetPart && name == rowName:
		c.rows++
		c.cells = 0
		if c.rows > c.lim.Rows {
			return overLimit("the sheet has more than %s rows, the limit (Excel's own)",
				"工作表超过 %s 行，即上限（Excel 本身的上限）", count(c.lim.Rows))
		}
	case c.kind == sheetPart && name == cellElem:
		c.cells++
		if c.cells > c.lim.Cols {
			return overLimit("the sheet's row %s (counting its row elements) has more than %s cells, the limit (Excel's own)",
				"工作表第 %s 行（按行元素计数）超过 %s 个单元格，即上限（Excel 本身的上限）", count(c.rows), count(c.lim.Cols))
		}
		c.inItem, c.itemBytes, c.itemText, c.itemRuns = !selfClosing, 0, 0, 0
	case c.kind == sstPart && name == itemName:
		c.items++
		if c.items > c.lim.SharedStrings {
			return overLimit("the workbook has more than %s shared strings, the limit",
				"工作簿的共享字符串超过 %s 个，即上限", count(c.lim.SharedStrings))
		}
		c.inItem, c.itemBytes, c.itemText, c.itemRuns = !selfClosing, 0, 0, 0
	case name == runElem:
		if err := c.run(); err != nil {
			return err
		}
	case name == valueElem:
		c.inValue = c.inItem && !selfClosing
	}
	return c.item(n)
}

// doctypeCause is the cause for a part that declares a document type.
func doctypeCause(part string) error {
	return damaged(nil, "the workbook's part %s declares a document type (<!DOCTYPE …>), which no spreadsheet program writes and which can be crafted to attack XML readers; nothing of it was expanded or fetched",
		"部件 %s 声明了文档类型（<!DOCTYPE …>），任何电子表格程序都不会这样写，而它可被精心构造来攻击 XML 读取程序；其中的内容均未展开或获取", part)
}

// censusError places an error of a census: limits and damage keep their
// kind, a DOCTYPE is named, and a read error is the part failing to
// unpack.
func censusError(part string, err error) (Advice, error) {
	var ce *causeError
	switch {
	case errors.Is(err, errDoctype):
		return FixResave, doctypeCause(part)
	case errors.As(err, &ce) && ce.kind == ErrLimit && ce.fix.En != "":
		return ce.fix, err
	case errors.As(err, &ce) && ce.kind == ErrLimit:
		return fixTooLarge, err
	case errors.As(err, &ce):
		return FixResave, err
	}
	return fixCopyAgain, partDamaged(err, part)
}
