package ingest

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// The lexer of pairstat's own sheet reader (sheetxml.go) and shared
// strings table (sharedtext.go). It reads the plain XML that spreadsheet
// programs write — tags with quoted attributes, character data with the
// five named entities and character references — and nothing else: a
// comment, a processing instruction past the declaration, a CDATA
// section, a name or character outside that plain subset, or anything
// encoding/xml would reject is errPlainXML, on which the reader leaves
// the sheet to excelize. What the lexer accepts, it reads exactly as
// encoding/xml does (line ends normalized to "\n", references replaced).

// errPlainXML reports XML outside what the lexer reads.
var errPlainXML = errors.New("not plain xml")

// maxEntity bounds an entity or character reference, "&" to ";".
const maxEntity = 12

// xmlLexer reads XML from src through a buffer of its own.
type xmlLexer struct {
	src      io.Reader
	buf      []byte
	pos, end int
	eof      bool
	failed   bool // src returned an error other than io.EOF
	// The tag read last by tag.
	name   []byte // its qualified name
	endTag bool
	empty  bool // a start tag closed by "/>"
	attrs  []xmlAttr
	scr    []byte // names and values of attrs
}

// xmlAttr is an attribute of the tag read last: its qualified name and
// value, as offsets into the lexer's scratch.
type xmlAttr struct{ name, value [2]int }

func newXMLLexer(src io.Reader) *xmlLexer {
	return &xmlLexer{src: src, buf: make([]byte, 64<<10)}
}

// ensure makes n bytes available from pos, unless the input ends first;
// it reports whether they are.
func (l *xmlLexer) ensure(n int) bool {
	for l.end-l.pos < n {
		if l.eof {
			return false
		}
		if l.pos > 0 {
			l.end = copy(l.buf, l.buf[l.pos:l.end])
			l.pos = 0
		}
		k, err := l.src.Read(l.buf[l.end:])
		l.end += k
		if err != nil {
			l.eof, l.failed = true, err != io.EOF
		}
	}
	return true
}

// next returns the next byte without consuming it; false at the end.
func (l *xmlLexer) next() (byte, bool) {
	if l.pos < l.end || l.ensure(1) {
		return l.buf[l.pos], true
	}
	return 0, false
}

// atEnd reports whether the input is over.
func (l *xmlLexer) atEnd() bool {
	_, ok := l.next()
	return !ok
}

// prolog reads an XML declaration at the start, if any: version 1.0 and
// UTF-8 only, as the XML decoder reads it without a charset reader.
func (l *xmlLexer) prolog() error {
	if !l.ensure(5) || !bytes.HasPrefix(l.buf[l.pos:l.end], []byte("<?xml")) {
		return nil
	}
	l.ensure(maxDeclaration)
	k := bytes.Index(l.buf[l.pos:l.end], []byte("?>"))
	if k < 0 || len(l.buf[l.pos:l.end]) == 5 || !isSpace(l.buf[l.pos+5]) {
		return errPlainXML
	}
	content := string(l.buf[l.pos+5 : l.pos+k])
	if v := procInst("version", content); v != "" && v != "1.0" {
		return errPlainXML
	}
	if enc := procInst("encoding", content); enc != "" && enc != "utf-8" && enc != "UTF-8" {
		return errPlainXML
	}
	l.pos += k + 2
	return nil
}

// space skips white space, then requires what follows to be markup;
// character data other than white space is errPlainXML.
func (l *xmlLexer) space() error {
	for {
		ch, ok := l.next()
		switch {
		case !ok, ch == '<':
			return nil
		case isSpace(ch):
			l.pos++
		default:
			return errPlainXML
		}
	}
}

// text reads character data up to the next '<' (or the quote stop, in an
// attribute value) and appends its value to dst.
func (l *xmlLexer) text(dst []byte, stop byte) ([]byte, error) {
	for {
		if l.pos >= l.end && !l.ensure(1) {
			if stop != '<' {
				return dst, errPlainXML
			}
			return dst, nil
		}
		b := l.buf[l.pos:l.end]
		i := 0
		for i < len(b) {
			ch := b[i]
			if ch == '<' || ch == '&' || ch == '\r' || ch == ']' || ch >= utf8.RuneSelf || ch < ' ' || ch == stop {
				break
			}
			i++
		}
		dst = append(dst, b[:i]...)
		l.pos += i
		if i == len(b) {
			continue
		}
		ch := b[i]
		switch {
		case ch == '<':
			if stop != '<' {
				return dst, errPlainXML
			}
			return dst, nil
		case ch == stop:
			l.pos++
			return dst, nil
		case ch == '&':
			var err error
			if dst, err = l.reference(dst); err != nil {
				return dst, err
			}
		case ch == '\r':
			l.pos++
			if c, ok := l.next(); ok && c == '\n' {
				l.pos++
			}
			dst = append(dst, '\n')
		case ch == ']':
			if l.ensure(3) && l.buf[l.pos+1] == ']' && l.buf[l.pos+2] == '>' {
				return dst, errPlainXML
			}
			l.pos++
			dst = append(dst, ']')
		case ch == '\t' || ch == '\n':
			l.pos++
			dst = append(dst, ch)
		case ch < ' ':
			return dst, errPlainXML
		default:
			l.ensure(utf8.UTFMax)
			r, n := utf8.DecodeRune(l.buf[l.pos:l.end])
			if r == utf8.RuneError && n == 1 || !isXMLChar(r) {
				return dst, errPlainXML
			}
			dst = append(dst, l.buf[l.pos:l.pos+n]...)
			l.pos += n
		}
	}
}

// isXMLChar reports whether r may appear in an XML document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// reference reads an entity or character reference at '&' and appends
// its character to dst.
func (l *xmlLexer) reference(dst []byte) ([]byte, error) {
	l.ensure(maxEntity)
	b := l.buf[l.pos:l.end]
	k := bytes.IndexByte(b[:min(len(b), maxEntity)], ';')
	if k < 2 {
		return dst, errPlainXML
	}
	ref := b[1:k]
	l.pos += k + 1
	switch string(ref) {
	case "lt":
		return append(dst, '<'), nil
	case "gt":
		return append(dst, '>'), nil
	case "amp":
		return append(dst, '&'), nil
	case "apos":
		return append(dst, '\''), nil
	case "quot":
		return append(dst, '"'), nil
	}
	if ref[0] != '#' || len(ref) < 2 {
		return dst, errPlainXML
	}
	digits, base := ref[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return dst, errPlainXML
	}
	for _, d := range digits {
		if !('0' <= d && d <= '9' || base == 16 && ('a' <= d && d <= 'f' || 'A' <= d && d <= 'F')) {
			return dst, errPlainXML
		}
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !isXMLChar(rune(n)) {
		return dst, errPlainXML
	}
	return utf8.AppendRune(dst, rune(n)), nil
}

// tag reads the tag at '<' into name, endTag, empty and attrs.
func (l *xmlLexer) tag() error {
	l.pos++ // '<'
	l.attrs, l.scr, l.endTag, l.empty = l.attrs[:0], l.scr[:0], false, false
	ch, ok := l.next()
	if !ok {
		return errPlainXML
	}
	if ch == '/' {
		l.endTag = true
		l.pos++
	}
	var span [2]int
	if err := l.readName(&span); err != nil {
		return err
	}
	l.name = l.scr[span[0]:span[1]]
	for {
		l.skipSpace()
		ch, ok := l.next()
		switch {
		case !ok:
			return errPlainXML
		case ch == '>':
			l.pos++
			l.name = l.scr[span[0]:span[1]] // scr may have moved
			return nil
		case l.endTag:
			return errPlainXML
		case ch == '/':
			if !l.ensure(2) || l.buf[l.pos+1] != '>' {
				return errPlainXML
			}
			l.pos += 2
			l.empty = true
			l.name = l.scr[span[0]:span[1]]
			return nil
		}
		var a xmlAttr
		if err := l.readName(&a.name); err != nil {
			return err
		}
		l.skipSpace()
		if c, ok := l.next(); !ok || c != '=' {
			return errPlainXML
		}
		l.pos++
		l.skipSpace()
		q, ok := l.next()
		if !ok || q != '"' && q != '\'' {
			return errPlainXML
		}
		l.pos++
		a.value[0] = len(l.scr)
		var err error
		if l.scr, err = l.text(l.scr, q); err != nil {
			return err
		}
		a.value[1] = len(l.scr)
		l.attrs = append(l.attrs, a)
	}
}

// skipSpace skips white space inside a tag.
func (l *xmlLexer) skipSpace() {
	for {
		ch, ok := l.next()
		if !ok || !isSpace(ch) {
			return
		}
		l.pos++
	}
}

// readName reads an XML name of ASCII letters, digits and "_:.-",
// starting with a letter or '_', with at most one colon (encoding/xml
// rejects more), into the scratch.
func (l *xmlLexer) readName(span *[2]int) error {
	span[0] = len(l.scr)
	for {
		if l.pos >= l.end && !l.ensure(1) {
			return errPlainXML
		}
		b := l.buf[l.pos:l.end]
		i := 0
		for i < len(b) && isPlainNameByte(b[i], len(l.scr)+i == span[0]) {
			i++
		}
		l.scr = append(l.scr, b[:i]...)
		l.pos += i
		if i < len(b) {
			break
		}
	}
	span[1] = len(l.scr)
	name := l.scr[span[0]:span[1]]
	if len(name) == 0 || name[len(name)-1] == ':' || bytes.Count(name, []byte(":")) > 1 {
		return errPlainXML
	}
	return nil
}

// isPlainNameByte reports whether ch may stand in a name the lexer
// reads, first or not.
func isPlainNameByte(ch byte, first bool) bool {
	if 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || ch == '_' {
		return true
	}
	return !first && ('0' <= ch && ch <= '9' || ch == ':' || ch == '.' || ch == '-')
}

// attrName and attrValue return attribute i of the last tag.
func (l *xmlLexer) attrName(i int) []byte {
	return l.scr[l.attrs[i].name[0]:l.attrs[i].name[1]]
}

func (l *xmlLexer) attrValue(i int) []byte {
	return l.scr[l.attrs[i].value[0]:l.attrs[i].value[1]]
}

// localName splits a qualified name as encoding/xml does: the prefix is
// what stands before the first colon, when both sides are non-empty.
func localName(name []byte) (local []byte, prefixed bool) {
	i := bytes.IndexByte(name, ':')
	if i < 1 || i > len(name)-2 {
		return name, false
	}
	return name[i+1:], true
}

// skipElement reads the rest of the element whose start tag was read
// last, checking that it is well formed, and discards it.
func (l *xmlLexer) skipElement() error {
	if l.empty {
		return nil
	}
	var stack [][]byte
	stack = append(stack, bytes.Clone(l.name))
	var discard []byte
	for len(stack) > 0 {
		var err error
		if discard, err = l.nextMarkup(discard[:0]); err != nil {
			return err
		}
		switch {
		case l.endTag:
			if !bytes.Equal(stack[len(stack)-1], l.name) {
				return errPlainXML
			}
			stack = stack[:len(stack)-1]
		case !l.empty:
			stack = append(stack, bytes.Clone(l.name))
		}
	}
	return nil
}

// nextMarkup reads character data, appending its value to dst, and the
// tag after it.
func (l *xmlLexer) nextMarkup(dst []byte) ([]byte, error) {
	dst, err := l.text(dst, '<')
	if err != nil {
		return dst, err
	}
	if l.atEnd() {
		return dst, errPlainXML
	}
	return dst, l.tag()
}

// spaceTag reads white space and the tag after it.
func (l *xmlLexer) spaceTag() error {
	if err := l.space(); err != nil {
		return err
	}
	if l.atEnd() {
		return errPlainXML
	}
	return l.tag()
}

// child reads the next child element of the element named parent,
// skipping the character data before it (appended to scratch and cut
// off again): end is true at the parent's end tag. A prefixed child is
// errPlainXML (excelize would find it by its local name).
func (l *xmlLexer) child(scratch []byte, parent string) (_ []byte, end bool, err error) {
	n := len(scratch)
	scratch, err = l.nextMarkup(scratch)
	scratch = scratch[:n]
	switch {
	case err != nil:
		return scratch, false, err
	case l.endTag && string(l.name) != parent:
		return scratch, false, errPlainXML
	case l.endTag:
		return scratch, true, nil
	}
	if _, prefixed := localName(l.name); prefixed {
		return scratch, false, errPlainXML
	}
	return scratch, false, nil
}

// textOf reads the character data of the element named name, whose
// start tag was read last and which must hold nothing else, and appends
// it to dst.
func (l *xmlLexer) textOf(dst []byte, name string) ([]byte, error) {
	if l.empty {
		return dst, nil
	}
	dst, err := l.nextMarkup(dst)
	if err != nil {
		return dst, err
	}
	if !l.endTag || string(l.name) != name {
		return dst, errPlainXML
	}
	return dst, nil
}
