package parse

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzUnit feeds arbitrary value and header texts to the unit parsers,
// SplitUnit and HeaderUnit: a unit found is one of the units, the rest is
// the text's beginning, and a unit written after any text, or in brackets
// after any header, is found.
func FuzzUnit(f *testing.F) {
	for _, s := range []string{"125亿元", "1,250 万元", "12.5%", "３个", "投资额（亿元）", "金额[万元]", "金额（单位：万元）",
		"金额/万元", "单位：万元", "人次", "千元元", "(万元)", "\u200b万元\u3000", ""} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, pick uint8) {
		number, unit := SplitUnit(s, testUnits)
		trimmed := strings.TrimFunc(s, isSpace)
		if unit != "" && !slices.Contains(testUnits, unit) {
			t.Fatalf("SplitUnit(%q) = (%q, %q): not one of the units", s, number, unit)
		}
		if !strings.HasPrefix(trimmed, number) {
			t.Fatalf("SplitUnit(%q) = (%q, %q): the number is not the text's beginning", s, number, unit)
		}
		if utf8.ValidString(s) && !utf8.ValidString(number) {
			t.Fatalf("SplitUnit(%q) = (%q, %q): the number is not valid UTF-8", s, number, unit)
		}
		u := testUnits[int(pick)%len(testUnits)]
		if n, got := SplitUnit(s+u, testUnits); got == "" {
			t.Fatalf("SplitUnit(%q) = (%q, %q): the unit %q is not found", s+u, n, got, u)
		}

		name, hunit := HeaderUnit(s, testUnits)
		folded := Text(s)
		switch {
		case hunit == "" && name != folded:
			t.Fatalf("HeaderUnit(%q) = (%q, %q): without a unit the name is not the folded header %q", s, name, hunit, folded)
		case hunit != "" && !slices.Contains(testUnits, hunit):
			t.Fatalf("HeaderUnit(%q) = (%q, %q): not one of the units", s, name, hunit)
		case !strings.HasPrefix(folded, name):
			t.Fatalf("HeaderUnit(%q) = (%q, %q): the name is not the beginning of the folded header %q", s, name, hunit, folded)
		}
		// A unit in brackets after any header is found, when folding the
		// header with its unit is folding each (folding can look at
		// neighbouring characters).
		h := s + "（" + u + "）"
		if Text(h) == folded+"("+Text(u)+")" {
			if name, got := HeaderUnit(h, testUnits); got != u {
				t.Fatalf("HeaderUnit(%q) = (%q, %q), want the unit %q", h, name, got, u)
			}
		}
	})
}
