package export_test

import (
	"strings"
	"testing"

	"github.com/pairstat/pairstat/export"
)

func TestThousands(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0", "0"},
		{"7", "7"},
		{"85", "85"},
		{"100", "100"},
		{"999", "999"},
		{"1000", "1,000"},
		{"4768", "4,768"},
		{"12345", "12,345"},
		{"123456", "123,456"},
		{"1250000", "1,250,000"},
		{"486215.75", "486,215.75"},
		{"1234.123456", "1,234.123456"}, // the fraction is never grouped
		{"0.000001", "0.000001"},
		{"-5", "-5"},
		{"-123", "-123"},
		{"-1234.5", "-1,234.5"},
		{"-1250000", "-1,250,000"},
	} {
		if got := export.Thousands(tc.in); got != tc.want {
			t.Errorf("thousands(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWriteAligned(t *testing.T) {
	header := []string{"年度", "地区", "指标", "数值", "单位", "备注"}
	rows := [][]string{
		{"2023", "两地合计", "签约项目总投资", "1,250,000", "万元", ""},
		{"2023", "塘厦镇", "新签约引进项目", "48", "个", ""},
		{"2022", "both", "Assistance funds", "3,856.25", "万元", "未满全年"},
	}
	var b strings.Builder
	if err := export.WriteAligned(&b, header, rows, map[int]bool{3: true}); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"年度  地区      指标                   数值  单位  备注\n" +
		"2023  两地合计  签约项目总投资    1,250,000  万元\n" +
		"2023  塘厦镇    新签约引进项目           48  个\n" +
		"2022  both      Assistance funds   3,856.25  万元  未满全年\n"
	if got := b.String(); got != want {
		t.Errorf("writeAligned:\n%s\nwant:\n%s", got, want)
	}

	// Every column starts at the same display column on every line, and the
	// right-aligned value column ends at the same one.
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	cells := append([][]string{header}, rows...)
	var starts []int
	for i, line := range lines {
		var at []int
		rest := line
		for j, cell := range cells[i] {
			if cell == "" {
				continue
			}
			k := strings.Index(rest, cell)
			if k < 0 {
				t.Fatalf("line %d: cell %q not found in %q", i+1, cell, line)
			}
			col := export.DisplayWidth(line[:len(line)-len(rest)+k])
			if j == 3 {
				col += export.DisplayWidth(cell) // right-aligned: compare ends
			}
			at = append(at, col)
			rest = rest[k+len(cell):]
		}
		if i == 0 {
			starts = at
			continue
		}
		for j := range at {
			if at[j] != starts[j] {
				t.Errorf("line %d, cell %d at column %d, header's at %d", i+1, j+1, at[j], starts[j])
			}
		}
	}
}

func TestWriteAlignedTrimsTrailingSpace(t *testing.T) {
	var b strings.Builder
	err := export.WriteAligned(&b, []string{"a", "note"}, [][]string{{"1", ""}, {"22", "x"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "a   note\n1\n22  x\n"; got != want {
		t.Errorf("writeAligned = %q, want %q", got, want)
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"1.0625", "106.25%"},
		{"1", "100.00%"},
		{"0.3333", "33.33%"},
		{"0", "0.00%"},
		{"12.5", "1250.00%"},
	} {
		if got, err := export.Percent(tc.in); err != nil || got != tc.want {
			t.Errorf("Percent(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := export.Percent("1e2x"); err == nil {
		t.Error("Percent of a non-number: no error")
	}
}
