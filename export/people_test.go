package export

import "testing"

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
		if got := Thousands(tc.in); got != tc.want {
			t.Errorf("Thousands(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
