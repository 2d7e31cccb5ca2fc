package xls

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"
)

// rec is a BIFF record's bytes.
func rec(id uint16, data ...[]byte) []byte {
	d := slices.Concat(data...)
	return slices.Concat(binary.LittleEndian.AppendUint16(binary.LittleEndian.AppendUint16(nil, id), uint16(len(d))), d)
}

func u16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func u32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// utf16le is s (BMP only) as UTF-16LE.
func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = binary.LittleEndian.AppendUint16(b, uint16(r))
	}
	return b
}

// A string continued in a CONTINUE record restates its compression there,
// and rich-text runs and phonetic data continue without a flag byte.
func TestSSTContinue(t *testing.T) {
	// String 1, "ab中文cd": "ab中" in UTF-16 in the SST record; a CONTINUE
	// restates UTF-16 for "文"; a second restates compression for "cd".
	// Then its rich-text run (4 bytes) and phonetic data (6 bytes), split
	// by a third CONTINUE, which goes on with string 2, "xyz", compressed.
	s := slices.Concat(
		rec(idSST, u32(2), u32(2), u16(6), []byte{strHighByte | strRich | strExt}, u16(1), u32(6), utf16le("ab中")),
		rec(idContinue, []byte{strHighByte}, utf16le("文")),
		rec(idContinue, []byte{0}, []byte("cd"), []byte{1, 2, 3}),
		rec(idContinue, []byte{4, 5, 6, 7, 8, 9, 10}, u16(3), []byte{0}, []byte("xyz")),
		rec(idEOF),
	)
	r, err := readRecord(s, 0)
	if err != nil {
		t.Fatal(err)
	}
	b := &Book{s: s}
	if err := b.readSST(r); err != nil {
		t.Fatal(err)
	}
	if want := []string{"ab中文cd", "xyz"}; !slices.Equal(b.sst, want) {
		t.Errorf("sst = %q, want %q", b.sst, want)
	}
}

func TestRecordBounds(t *testing.T) {
	s := slices.Concat(u16(idNumber), u16(maxRecord+1), make([]byte, maxRecord+1))
	if _, err := readRecord(s, 0); !errors.Is(err, ErrFormat) {
		t.Errorf("a record of %d bytes: %v, want ErrFormat", maxRecord+1, err)
	}
	if _, err := readRecord(s[:maxRecord], 0); !errors.Is(err, ErrFormat) {
		t.Errorf("a cut-off record: %v, want ErrFormat", err)
	}
	b := &Book{s: rec(idSST, u32(1), u32(1), u16(5), []byte{strHighByte}, utf16le("ab"))}
	r, _ := readRecord(b.s, 0)
	if err := b.readSST(r); !errors.Is(err, ErrFormat) {
		t.Errorf("a string cut off: %v, want ErrFormat", err)
	}
}

// worksheet is a sheet substream: BOF, the given records, EOF.
func worksheet(records ...[]byte) []byte {
	return slices.Concat(rec(idBOF, u16(biff8), u16(streamWorksheet), make([]byte, 12)), slices.Concat(records...), rec(idEOF))
}

func number(row, col uint16, v uint32) []byte {
	return rec(idRK, u16(row), u16(col), u16(0), u32(v<<2|2))
}

// Rows come out in row order, cells in column order, whatever the order of
// the records; a cell written twice keeps its last value.
func TestRowOrder(t *testing.T) {
	b := &Book{s: worksheet(number(4, 1, 41), number(4, 0, 40), number(1, 0, 10), number(4, 1, 42), number(2, 200, 20)),
		sheets: []sheet{{Sheet: Sheet{Name: "s"}}}}
	rows, err := sheetRows(b, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]Cell{2: {{1, Number, "10"}}, 3: {{201, Number, "20"}}, 5: {{1, Number, "40"}, {2, Number, "42"}}}
	if len(rows) != len(want) {
		t.Errorf("rows = %v, want %v", rows, want)
	}
	for n, cells := range want {
		if !slices.Equal(rows[n], cells) {
			t.Errorf("row %d = %v, want %v", n, rows[n], cells)
		}
	}
	var order []int
	for r := b.Rows(0); r.Next(); {
		order = append(order, r.Row().Num)
	}
	if !slices.Equal(order, []int{2, 3, 5}) {
		t.Errorf("row order %v", order)
	}
}

func TestCellBounds(t *testing.T) {
	cases := []struct {
		name string
		s    []byte
		want error
	}{
		{"column 257", worksheet(number(0, 256, 1)), ErrFormat},
		{"MULRK past column 256", worksheet(rec(idMulRK, u16(0), u16(254), u16(0), u32(2), u16(0), u32(2), u16(0), u32(2), u16(256))), ErrFormat},
		{"short record", worksheet(rec(idNumber, u16(0), u16(0))), ErrFormat},
		{"shared string out of range", worksheet(rec(idLabelSST, u16(0), u16(0), u16(0), u32(5))), ErrFormat},
		{"no EOF", worksheet()[:20], ErrFormat},
	}
	for _, c := range cases {
		b := &Book{s: c.s, sheets: []sheet{{}}}
		if _, err := sheetRows(b, 0); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}
