package xls

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/richardlehane/mscfb"
)

// Sentinel errors; every error of Open and Rows wraps one of them (as a
// *FormatError).
var (
	ErrEncrypted = errors.New("the workbook is protected with a password")
	ErrVersion   = errors.New("the workbook is in an older Excel format than 97–2003 (BIFF8)")
	ErrFormat    = errors.New("the workbook is damaged")
	// ErrCutOff: the file ends before its OLE2 container or its Workbook
	// stream does, as when a copy or download stops early.
	ErrCutOff = errors.New("the workbook is cut off")
	ErrLimit  = errors.New("the workbook exceeds a limit")
)

// FormatError says where in the workbook stream (Off, in bytes; -1 for the
// file or its OLE2 container as a whole) reading failed and why (Msg, and
// MsgZh in Chinese). Err is one of the sentinel errors.
type FormatError struct {
	Off   int64
	Msg   string
	MsgZh string
	Err   error
}

func (e *FormatError) Error() string {
	if e.Off < 0 {
		return fmt.Sprintf("%v: %s", e.Err, e.Msg)
	}
	return fmt.Sprintf("%v: %s (at byte %d of the workbook stream)", e.Err, e.Msg, e.Off)
}

func (e *FormatError) Unwrap() error { return e.Err }

// Zh says in Chinese why reading failed, and where: the error's details,
// without its sentinel's words.
func (e *FormatError) Zh() string {
	if e.Off < 0 {
		return e.MsgZh
	}
	return fmt.Sprintf("%s（位于工作簿流的第 %d 字节）", e.MsgZh, e.Off)
}

// whole is the offset of an error about the file as a whole.
const whole = -1

// fail makes a *FormatError wrapping sentinel, its message worded in
// English (en) and Chinese (zh) from the same arguments.
func fail(sentinel error, off int, en, zh string, a ...any) error {
	return &FormatError{Off: int64(off), Msg: fmt.Sprintf(en, a...), MsgZh: fmt.Sprintf(zh, a...), Err: sentinel}
}

// Limits bound what reading a workbook may cost. A zero field sets no limit
// beyond BIFF8's own (65,536 rows, 256 columns, 8,224 bytes a record).
type Limits struct {
	StreamSize  int64 // bytes of the Workbook stream, which is held in memory
	Sheets      int   // worksheets
	Strings     int   // entries of the shared strings table
	StringBytes int64 // UTF-8 bytes of all the shared strings together
	CellText    int   // characters of one cell's text
	Rows        int   // highest row number (1-based)
	Cols        int   // highest column number (1-based)
}

// Sheet is one worksheet of the workbook.
type Sheet struct {
	Name   string
	Hidden bool // hidden or very hidden
}

// sheet is a worksheet and where its substream starts.
type sheet struct {
	Sheet
	pos int
}

// Book is an open workbook: its Workbook stream and what its globals say.
type Book struct {
	s        []byte
	lim      Limits
	date1904 bool
	dateXF   []bool // by XF index: whether the cell format is a date format
	sst      []string
	sheets   []sheet
}

// Date1904 reports whether the workbook counts dates from 1904 (DATEMODE).
func (b *Book) Date1904() bool { return b.date1904 }

// Sheets lists the worksheets in workbook order; chart, macro and module
// sheets are left out. Rows and Merged take an index into this list.
func (b *Book) Sheets() []Sheet {
	out := make([]Sheet, len(b.sheets))
	for i, s := range b.sheets {
		out[i] = s.Sheet
	}
	return out
}

// oleMagic starts every OLE2 compound file.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Open reads the workbook in the first size bytes of r: its OLE2 container,
// its Workbook stream and its globals.
func Open(r io.ReaderAt, size int64, lim Limits) (*Book, error) {
	s, err := workbookStream(io.NewSectionReader(r, 0, size), size, lim)
	if err != nil {
		return nil, err
	}
	b := &Book{s: s, lim: lim}
	if err := b.readGlobals(); err != nil {
		return nil, err
	}
	return b, nil
}

// container opens the OLE2 compound file, recovering mscfb's panics.
func container(r *io.SectionReader) (doc *mscfb.Reader, err error) {
	defer func() {
		if v := recover(); v != nil {
			doc, err = nil, fail(ErrFormat, whole, "its OLE2 container is damaged (%v)", "其 OLE2 容器已损坏（%v）", v)
		}
	}()
	var head [8]byte
	if _, err := r.ReadAt(head[:], 0); err != nil || !bytes.Equal(head[:], oleMagic) {
		if isBIFFStart(head[:]) {
			return nil, fail(ErrVersion, whole, "it is a bare BIFF stream of Excel 2.x–4.x, not an OLE2 compound file", "这是 Excel 2.x–4.x 的裸 BIFF 流，不是 OLE2 复合文件")
		}
		return nil, fail(ErrFormat, whole, "it is not an Excel 97–2003 file (no OLE2 compound file signature)", "不是 Excel 97–2003 文件（没有 OLE2 复合文件签名）")
	}
	doc, err = mscfb.New(r)
	if err != nil {
		return nil, fail(damagedOrCutOff(r.Size()), whole, "its OLE2 container is damaged (%v)", "其 OLE2 容器已损坏（%v）", err)
	}
	return doc, nil
}

// isBIFFStart reports whether head starts with the BOF record of a bare
// BIFF2, BIFF3, BIFF4 or BIFF5+ stream.
func isBIFFStart(head []byte) bool {
	switch binary.LittleEndian.Uint16(head) {
	case 0x0009, 0x0209, 0x0409, idBOF:
		return binary.LittleEndian.Uint16(head[2:]) <= 20
	}
	return false
}

// topStreams maps the names of the container's top-level streams to them.
func topStreams(doc *mscfb.Reader) map[string]*mscfb.File {
	out := map[string]*mscfb.File{}
	for _, f := range doc.File {
		if len(f.Path) == 0 && !f.FileInfo().IsDir() {
			out[strings.ToLower(f.Name)] = f
		}
	}
	return out
}

// isEncryptedOOXML reports whether the top-level streams are those of an
// encrypted Office Open XML package.
func isEncryptedOOXML(streams map[string]*mscfb.File) bool {
	return streams["encryptioninfo"] != nil && streams["encryptedpackage"] != nil
}

// IsEncryptedOOXML reports whether the first size bytes of r are an OLE2
// container holding a password-protected .xlsx (EncryptionInfo and
// EncryptedPackage streams).
func IsEncryptedOOXML(r io.ReaderAt, size int64) bool {
	doc, err := container(io.NewSectionReader(r, 0, size))
	return err == nil && isEncryptedOOXML(topStreams(doc))
}

// workbookStream reads the container's Workbook (or, for Excel 5 and 95,
// Book) stream into memory.
func workbookStream(r *io.SectionReader, size int64, lim Limits) (s []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			s, err = nil, fail(ErrFormat, whole, "its OLE2 container is damaged (%v)", "其 OLE2 容器已损坏（%v）", v)
		}
	}()
	doc, err := container(r)
	if err != nil {
		return nil, err
	}
	streams := topStreams(doc)
	f := streams["workbook"]
	if f == nil {
		f = streams["book"]
	}
	switch {
	case f == nil && isEncryptedOOXML(streams):
		return nil, fail(ErrEncrypted, whole, "it is an encrypted Office Open XML (.xlsx) workbook", "这是加密的 Office Open XML（.xlsx）工作簿")
	case f == nil:
		return nil, fail(ErrFormat, whole, "its OLE2 container holds no Workbook stream", "其 OLE2 容器中没有 Workbook 流")
	case f.Size > size:
		return nil, fail(damagedOrCutOff(size), whole, "its Workbook stream claims %d bytes, more than the file's %d", "其 Workbook 流声称有 %d 字节，多于整个文件的 %d 字节", f.Size, size)
	case lim.StreamSize > 0 && f.Size > lim.StreamSize:
		return nil, fail(ErrLimit, whole, "its Workbook stream is %d bytes, more than the limit of %d", "其 Workbook 流有 %d 字节，超过上限 %d 字节", f.Size, lim.StreamSize)
	case f.Size > math.MaxUint32:
		return nil, fail(ErrLimit, whole, "its Workbook stream is %d bytes, more than 4 GiB", "其 Workbook 流有 %d 字节，超过 4 GiB", f.Size)
	}
	s = make([]byte, f.Size)
	if _, err := io.ReadFull(f, s); err != nil {
		return nil, fail(damagedOrCutOff(size), whole, "its Workbook stream cannot be read from the OLE2 container (%v)", "无法从 OLE2 容器中读取其 Workbook 流（%v）", err)
	}
	return s, nil
}

// damagedOrCutOff is the sentinel of a container that cannot be read,
// from the file's size: an OLE2 compound file is whole sectors of 512 (or
// 4,096) bytes, so one of another size is cut off (ErrCutOff); one of
// whole sectors is damaged (ErrFormat).
func damagedOrCutOff(size int64) error {
	if size%512 != 0 {
		return ErrCutOff
	}
	return ErrFormat
}
