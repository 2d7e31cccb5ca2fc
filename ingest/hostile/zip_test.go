package hostile

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"testing"
)

// TestPartsUnpackToTheirContent writes parts with repeated bodies and
// reads them back with archive/zip, which checks sizes and CRC-32s.
func TestPartsUnpackToTheirContent(t *testing.T) {
	parts := []Part{
		Text("a.xml", "<a/>"),
		{Name: "b.xml", Head: []byte("<b>"), Body: []byte("0123456789"), Repeat: 1001, Tail: []byte("</b>")},
		{Name: "c.bin", Body: make([]byte, 1<<20), Repeat: 3},
		{Name: "d.txt", Head: []byte("stored"), Body: []byte("!"), Repeat: 5, Stored: true},
		{Name: "e.txt"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, parts); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range zr.File {
		p := parts[i]
		want := append(append(append([]byte{}, p.Head...), bytes.Repeat(p.Body, int(p.Repeat))...), p.Tail...)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if !bytes.Equal(got, want) || uint64(len(got)) != p.Size() || crc32.ChecksumIEEE(got) != p.crc() {
			t.Errorf("%s: unpacked %d bytes, want %d", p.Name, len(got), len(want))
		}
	}
}
