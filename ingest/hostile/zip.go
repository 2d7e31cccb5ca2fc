package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"os"
)

// Part is one member of a zip archive. Its content is Head, then Body
// repeated Repeat times, then Tail, so that a part of gigabytes is cheap to
// describe and to write.
type Part struct {
	Name   string
	Head   []byte
	Body   []byte
	Repeat int64
	Tail   []byte
	// Stored writes the part uncompressed (Body must then be short).
	Stored bool
	// DeclaredSize, when not 0, is the uncompressed size recorded in the
	// archive instead of the real one: a lying header.
	DeclaredSize uint64
}

// Text is a part holding text.
func Text(name, text string) Part { return Part{Name: name, Head: []byte(text)} }

// Texts is parts holding text, given as name, text, name, text….
func Texts(namesAndTexts ...string) []Part {
	var parts []Part
	for i := 0; i+1 < len(namesAndTexts); i += 2 {
		parts = append(parts, Text(namesAndTexts[i], namesAndTexts[i+1]))
	}
	return parts
}

// Size is the real uncompressed size of the part.
func (p Part) Size() uint64 {
	return uint64(len(p.Head)) + uint64(len(p.Body))*uint64(p.Repeat) + uint64(len(p.Tail))
}

// crc computes the CRC-32 of the part's content, without running over
// the repeated body: the CRC of Body repeated is combined from the CRC of
// Body by doubling.
func (p Part) crc() uint32 {
	sum := crc32.ChecksumIEEE(p.Head)
	if p.Repeat > 0 && len(p.Body) > 0 {
		one, size := crc32.ChecksumIEEE(p.Body), int64(len(p.Body))
		rep, repLen := uint32(0), int64(0) // CRC and length of the repetitions so far
		for n := p.Repeat; n > 0; n >>= 1 {
			if n&1 == 1 {
				rep, repLen = crc32Combine(rep, one, size), repLen+size
			}
			one, size = crc32Combine(one, one, size), 2*size
		}
		sum = crc32Combine(sum, rep, repLen)
	}
	return crc32Combine(sum, crc32.ChecksumIEEE(p.Tail), int64(len(p.Tail)))
}

// crc32Combine returns the CRC-32 (IEEE) of A followed by B, given the
// CRC of A, the CRC of B and the length of B (zlib's crc32_combine).
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	var even, odd [32]uint32
	odd[0] = 0xedb88320 // the CRC-32 polynomial, reversed
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(&even, &odd) // even: two zero bits
	gf2Square(&odd, &even) // odd: four zero bits
	for {
		gf2Square(&even, &odd)
		if lenB&1 != 0 {
			crcA = gf2Times(&even, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
		gf2Square(&odd, &even)
		if lenB&1 != 0 {
			crcA = gf2Times(&odd, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
	}
	return crcA ^ crcB
}

func gf2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[32]uint32) {
	for n := range 32 {
		square[n] = gf2Times(mat, mat[n])
	}
}

// segment compresses b as a self-contained run of non-final deflate
// blocks, ending on a byte boundary: such runs can be concatenated, and a
// run repeated is a valid stream of the content repeated.
// fw is the archive's compressor, reused: making one costs more than
// compressing a small part.
func segment(fw *flate.Writer, b []byte) ([]byte, error) {
	var buf bytes.Buffer
	fw.Reset(&buf)
	if _, err := fw.Write(b); err != nil {
		return nil, err
	}
	if err := fw.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// finalBlock is an empty final deflate block (fixed Huffman codes), which
// ends a stream.
var finalBlock = []byte{0x03, 0x00}

// Write writes the parts as a zip archive.
func Write(w io.Writer, parts []Part) error {
	zw := zip.NewWriter(w)
	fw, err := flate.NewWriter(nil, flate.BestCompression)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if err := writePart(zw, fw, p); err != nil {
			return err
		}
	}
	return zw.Close()
}

func writePart(zw *zip.Writer, fw *flate.Writer, p Part) error {
	hdr := &zip.FileHeader{Name: p.Name, Method: zip.Deflate, CRC32: p.crc(), UncompressedSize64: p.Size()}
	if p.DeclaredSize != 0 {
		hdr.UncompressedSize64 = p.DeclaredSize
	}
	var data [][]byte
	if p.Stored {
		hdr.Method = zip.Store
		data = [][]byte{p.Head}
		for range p.Repeat {
			data = append(data, p.Body)
		}
		data = append(data, p.Tail)
	} else {
		head, err := segment(fw, p.Head)
		if err != nil {
			return err
		}
		body, err := segment(fw, p.Body)
		if err != nil {
			return err
		}
		tail, err := segment(fw, p.Tail)
		if err != nil {
			return err
		}
		data = [][]byte{head}
		for range p.Repeat {
			data = append(data, body)
		}
		data = append(data, tail, finalBlock)
	}
	for _, d := range data {
		hdr.CompressedSize64 += uint64(len(d))
	}
	member, err := zw.CreateRaw(hdr)
	if err != nil {
		return err
	}
	for _, d := range data {
		if _, err := member.Write(d); err != nil {
			return err
		}
	}
	return nil
}

// WriteFile writes the parts as a zip archive to the file at path.
func WriteFile(path string, parts []Part) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := Write(f, parts); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
