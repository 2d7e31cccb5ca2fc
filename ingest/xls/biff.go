package xls

import (
	"encoding/binary"
	"unicode/utf16"
)

var le = binary.LittleEndian

// Record types read.
const (
	idFormula     = 0x0006
	idEOF         = 0x000A
	idDatemode    = 0x0022
	idFilepass    = 0x002F
	idContinue    = 0x003C
	idBoundsheet  = 0x0085
	idMulRK       = 0x00BD
	idRString     = 0x00D6
	idXF          = 0x00E0
	idMergedCells = 0x00E5
	idSST         = 0x00FC
	idLabelSST    = 0x00FD
	idNumber      = 0x0203
	idLabel       = 0x0204
	idBoolErr     = 0x0205
	idString      = 0x0207
	idBOF         = 0x0809
	idArray       = 0x0221
	idTable       = 0x0236
	idRK          = 0x027E
	idFormat      = 0x041E
	idShrFmla     = 0x04BC
)

// maxRecord is the most data bytes BIFF8 allows a record.
const maxRecord = 8224

// record is one BIFF record: its type, its data, and the stream offset of
// its header.
type record struct {
	id   uint16
	data []byte
	off  int
}

// next is the stream offset of the record that follows r.
func (r record) next() int { return r.off + 4 + len(r.data) }

// readRecord reads the record at stream offset off of s.
func readRecord(s []byte, off int) (record, error) {
	switch {
	case off == len(s):
		return record{}, fail(ErrFormat, off, "the workbook stream ends before its EOF record", "工作簿流在其 EOF 记录之前结束")
	case off < 0 || len(s)-off < 4:
		return record{}, fail(ErrFormat, off, "the workbook stream ends inside a record header", "工作簿流在一个记录头的中间结束")
	}
	id, n := le.Uint16(s[off:]), int(le.Uint16(s[off+2:]))
	switch {
	case n > maxRecord:
		return record{}, fail(ErrFormat, off, "record 0x%04X is %d bytes long, more than BIFF8's %d", "记录 0x%04X 长 %d 字节，超过 BIFF8 的上限 %d 字节", id, n, maxRecord)
	case len(s)-off-4 < n:
		return record{}, fail(ErrFormat, off, "record 0x%04X is cut off by the end of the workbook stream", "记录 0x%04X 被工作簿流的结尾截断", id)
	}
	return record{id: id, data: s[off+4 : off+4+n], off: off}, nil
}

// cont reads the data of a record from a given position, and then the data
// of the CONTINUE records that follow it, as one sequence.
type cont struct {
	s    []byte
	b    []byte // unread part of the current record's data
	off  int    // stream offset of b[0]
	next int    // stream offset of the record after the current one
}

// contAt reads r's data from byte from on.
func contAt(s []byte, r record, from int) *cont {
	from = min(from, len(r.data))
	return &cont{s: s, b: r.data[from:], off: r.off + 4 + from, next: r.next()}
}

// more moves to the CONTINUE record that follows the current record; it
// reports false if there is none.
func (c *cont) more() bool {
	r, err := readRecord(c.s, c.next)
	if err != nil || r.id != idContinue {
		return false
	}
	c.b, c.off, c.next = r.data, r.off+4, r.next()
	return true
}

func (c *cont) cutOff() error {
	return fail(ErrFormat, c.off, "a string is cut off by the end of its record", "一个字符串被其记录的结尾截断")
}

// advance consumes n bytes of the current record's data.
func (c *cont) advance(n int) {
	c.b, c.off = c.b[n:], c.off+n
}

// bytes reads n raw bytes, across records.
func (c *cont) bytes(n int) ([]byte, error) {
	if len(c.b) >= n {
		p := c.b[:n]
		c.advance(n)
		return p, nil
	}
	p := make([]byte, 0, n)
	for len(p) < n {
		if len(c.b) == 0 && !c.more() {
			return nil, c.cutOff()
		}
		k := min(n-len(p), len(c.b))
		p = append(p, c.b[:k]...)
		c.advance(k)
	}
	return p, nil
}

// skip skips n raw bytes, across records.
func (c *cont) skip(n int) error {
	for n > 0 {
		if len(c.b) == 0 && !c.more() {
			return c.cutOff()
		}
		k := min(n, len(c.b))
		c.advance(k)
		n -= k
	}
	return nil
}

// Flags of a BIFF8 string.
const (
	strHighByte = 0x01 // characters are UTF-16, not compressed to one byte
	strExt      = 0x04 // phonetic (ext-rst) data follows the characters
	strRich     = 0x08 // rich-text formatting runs follow the characters
)

// str reads a BIFF8 Unicode string whose character count takes cchLen (1
// or 2) bytes: XLUnicodeString, ShortXLUnicodeString or
// XLUnicodeRichExtendedString. Rich-text runs and phonetic data are skipped.
func (c *cont) str(cchLen int) (string, error) {
	h, err := c.bytes(cchLen + 1)
	if err != nil {
		return "", err
	}
	cch, flags := int(h[0]), h[cchLen]
	if cchLen == 2 {
		cch = int(le.Uint16(h))
	}
	var runs, ext int
	if flags&strRich != 0 {
		b, err := c.bytes(2)
		if err != nil {
			return "", err
		}
		runs = 4 * int(le.Uint16(b))
	}
	if flags&strExt != 0 {
		b, err := c.bytes(4)
		if err != nil {
			return "", err
		}
		if ext = int(int32(le.Uint32(b))); ext < 0 {
			return "", fail(ErrFormat, c.off-4, "a string's phonetic data has a negative size (%d)", "一个字符串的注音数据大小为负数（%d）", ext)
		}
	}
	s, err := c.chars(cch, flags&strHighByte != 0)
	if err != nil {
		return "", err
	}
	if err := c.skip(runs); err != nil {
		return "", err
	}
	return s, c.skip(ext)
}

// chars reads n characters, one byte each (compressed: the high byte is
// zero) or two (UTF-16LE) as high says. A string continued in a CONTINUE
// record restates there whether the rest is compressed.
func (c *cont) chars(n int, high bool) (string, error) {
	u := make([]uint16, 0, n)
	for len(u) < n {
		if len(c.b) == 0 {
			if !c.more() {
				return "", c.cutOff()
			}
			if len(c.b) > 0 {
				high = c.b[0]&strHighByte != 0
				c.advance(1)
			}
			continue
		}
		if !high {
			k := min(n-len(u), len(c.b))
			for _, x := range c.b[:k] {
				u = append(u, uint16(x))
			}
			c.advance(k)
			continue
		}
		k := min(n-len(u), len(c.b)/2)
		if k == 0 {
			return "", fail(ErrFormat, c.off, "a character of a string is split across two records", "一个字符串中的某个字符被拆分在两个记录中")
		}
		for i := range k {
			u = append(u, le.Uint16(c.b[2*i:]))
		}
		c.advance(2 * k)
	}
	return string(utf16.Decode(u)), nil
}
