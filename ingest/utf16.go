package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// XML parts in UTF-16. XML may be in UTF-16, told by a byte order mark or
// by its first characters (XML 1.0, appendix F), and some writers save
// workbook parts so (PhpSpreadsheet's tests hold an Excel workbook whose
// workbook part is UTF-16BE without a byte order mark); Excel, LibreOffice
// and openpyxl read them. Go's XML decoder, the census and pairstat's own
// scanner read UTF-8 only. So a part pairstat reads that is in UTF-16 is
// decoded to UTF-8 as a stream, its XML declaration made to name UTF-8,
// before anything else reads it: a structural part in memory
// (structurePart), the worksheets and shared strings into the copy of the
// archive that excelize is given (copyParts), which the census, the
// scanner and the integrity checks then read too (Workbook.kept). A part's
// limits count its decoded bytes: the decoding stops past them.
//
// A part that starts with an XML declaration in ASCII naming UTF-16, the
// rest in UTF-16, is what Go's XML decoder reads with excelize's charset
// reader; it is not this case, and the census reads it as the decoder does
// (census.transcode).

// utf16Form is the byte order of a part in UTF-16, and whether it starts
// with a byte order mark.
type utf16Form struct {
	order unicode.Endianness
	bom   bool
}

// sniffUTF16 tells by its first bytes whether an XML part is in UTF-16:
// a byte order mark, or, without one, '<' or white space as its first
// two 16-bit units.
func sniffUTF16(head []byte) (utf16Form, bool) {
	switch {
	case len(head) >= 2 && head[0] == 0xFE && head[1] == 0xFF:
		return utf16Form{unicode.BigEndian, true}, true
	case len(head) >= 2 && head[0] == 0xFF && head[1] == 0xFE:
		return utf16Form{unicode.LittleEndian, true}, true
	case len(head) < 4:
		return utf16Form{}, false
	}
	xmlStart := func(ch byte) bool { return ch == '<' || isSpace(ch) }
	switch {
	case head[0] == 0 && xmlStart(head[1]) && head[2] == 0 && head[3] != 0:
		return utf16Form{unicode.BigEndian, false}, true
	case xmlStart(head[0]) && head[1] == 0 && head[2] != 0 && head[3] == 0:
		return utf16Form{unicode.LittleEndian, false}, true
	}
	return utf16Form{}, false
}

// errDecodedTooLarge ends the decoding of a part past its limit.
var errDecodedTooLarge = errors.New("decoded part over its limit")

// decodeUTF16 returns a reader of the XML read from r, in the UTF-16 of
// form, as UTF-8, its declaration naming UTF-8; it fails with
// errDecodedTooLarge past limit bytes. A code unit that is not UTF-16 (an
// unpaired surrogate, an odd last byte) reads as U+FFFD.
func decodeUTF16(r io.Reader, form utf16Form, limit int64) io.Reader {
	policy := unicode.IgnoreBOM
	if form.bom {
		policy = unicode.ExpectBOM // and drops it
	}
	decoded := transform.NewReader(r, unicode.UTF16(form.order, policy).NewDecoder())
	return &limitedReader{r: utf8Declaration(decoded), left: limit}
}

// utf8Declaration returns r with its XML declaration, if it has one that
// names an encoding, naming UTF-8 instead.
func utf8Declaration(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, maxDeclaration)
	head, _ := br.Peek(maxDeclaration)
	if len(head) < 6 || !bytes.HasPrefix(head, []byte("<?xml")) || !isSpace(head[5]) {
		return br
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return br // the census rejects a declaration this long
	}
	content := string(head[5:end])
	start, stop := procInstSpan("encoding", content)
	if start < 0 {
		return br
	}
	decl := "<?xml" + content[:start] + "UTF-8" + content[stop:] + "?>"
	br.Discard(end + 2)
	return io.MultiReader(strings.NewReader(decl), br)
}

// limitedReader reads at most left bytes of r, then fails with
// errDecodedTooLarge if r holds more.
type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, err := l.r.Read(one[:]); n > 0 {
			return 0, errDecodedTooLarge
		} else if err != nil {
			return 0, err
		}
		return 0, nil
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// decodedTooLarge is the cause for a part in UTF-16 whose UTF-8 is over
// its limit.
func decodedTooLarge(part string, limit int64) error {
	return overLimit("the workbook's part %s, in UTF-16, is more than %s decoded to UTF-8, the limit for that part",
		"部件 %s 为 UTF-16 编码，转换为 UTF-8 后超过 %s，即该部件的上限", part, byteSize(limit))
}

// decodedLimit is the most a part pairstat reads may hold decoded: the
// limit on a worksheet or the shared strings, or on a part excelize holds
// in memory.
func decodedLimit(name string, lim *Limits) int64 {
	if isStreamable(name) {
		return lim.PartSize
	}
	return streamChunk
}

// utf16Parts finds the parts excelize will be given that are in UTF-16,
// by their first bytes.
func (l *layout) utf16Parts(zr *zip.Reader) map[*zip.File]utf16Form {
	var found map[*zip.File]utf16Form
	for _, f := range zr.File {
		if !l.keep[pkgPartName(f)] || f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue // excelize and openCause explain it
		}
		var head [4]byte
		n, _ := io.ReadFull(rc, head[:])
		rc.Close()
		if form, ok := sniffUTF16(head[:n]); ok {
			if found == nil {
				found = map[*zip.File]utf16Form{}
			}
			found[f] = form
		}
	}
	return found
}

// recodeParts writes the copy of the archive excelize is given, its parts
// in UTF-16 decoded, and makes it the archive the parts are read from
// (kept); the layout's shared strings are then the copy's.
func (w *Workbook) recodeParts(l *layout, recode map[*zip.File]utf16Form, dir string) (Advice, error) {
	path, grown, cause, err := l.copyParts(w.zip, dir, recode, &w.lim)
	switch {
	case cause != nil && errors.Is(cause, ErrLimit):
		return fixTooLarge, cause
	case cause != nil:
		return fixCopyAgain, cause
	case err != nil:
		return fixTemp, fmt.Errorf("could not write a temporary copy of the workbook's parts (%w)", err)
	}
	w.copied = path
	if total := int64(unpackedTotal(w.zip)) + grown; total > w.lim.Size {
		return fixTooLarge, overLimit("the workbook unpacks to %s with its parts in UTF-16 decoded to UTF-8, more than the limit of %s",
			"工作簿解压、并把 UTF-16 编码的部件转换为 UTF-8 后为 %s，超过上限 %s", byteSize(total), byteSize(w.lim.Size))
	}
	f, err := os.Open(path)
	if err != nil {
		return fixTemp, fmt.Errorf("could not read the temporary copy of the workbook's parts (%w)", err)
	}
	w.keptFile = f
	info, err := f.Stat()
	if err == nil {
		w.kept, err = zip.NewReader(f, info.Size())
	}
	if err != nil {
		return fixTemp, fmt.Errorf("could not read the temporary copy of the workbook's parts (%w)", err)
	}
	l.sst = lastMember(w.kept, sharedStringsPart)
	return l.checkSizes(w.kept, &w.lim)
}
