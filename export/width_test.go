package export

import "testing"

func TestDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"year", 4},
		{"1,250,000", 9},
		{"两地合计", 8},
		{"万元", 4},
		{"协调投入帮扶资金", 16},
		{"１２５", 6},  // full-width digits
		{"（万元）", 8}, // full-width parentheses
		{"Tangxia 塘厦", 12},
		{"—", 1}, // ambiguous width: one column
		{"ｱ", 1}, // half-width katakana
	} {
		if got := DisplayWidth(tc.in); got != tc.want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
