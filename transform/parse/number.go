package parse

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// sigDigits is the number of significant digits Excel keeps.
const sigDigits = 15

// NumberParts parses a number written as text or stored raw: "1,250", "1，250",
// "１２５", "125.0", "1.25E+6", "-3", "+3", " 12 ". A trailing percent sign
// divides by 100 ("12%" is 0.12). Thousands separators must sit between groups
// of three digits in the integer part ("1,234,567.5", not "1,2,3"). The
// result is rounded half away from zero to 15 significant digits, as Excel
// stores numbers, so 0.30000000000000004 is 0.3. A number in parentheses
// is negative, as accounting formats show it: "(1,234.50)" is -1234.5; a
// yuan sign before the digits, as currency formats show it, is dropped.
// Blank or null text, a sign inside parentheses and numbers outside
// float64's range are errors wrapping ErrNotNumber. The number is coef × 10^exp, with at most 15
// significant digits in coef. It allocates nothing but its error.
func NumberParts(s string) (coef int64, exp int, err error) {
	coef, exp, ok := parseParts(s)
	if !ok {
		return 0, 0, fmt.Errorf("%q: %w", s, ErrNotNumber)
	}
	return coef, exp, nil
}

// parseParts does the work of NumberParts.
func parseParts(s string) (coef int64, exp int, ok bool) {
	t := strings.TrimFunc(s, isSpace)
	t, paren := cutParens(t)
	t, pct := cutPercent(t)
	t = cutYuan(t)
	var m mantissa
	i, neg := 0, paren
	if c, w := asciiAt(t, i); (c == '+' || c == '-') && !paren {
		neg, i = c == '-', i+w
		i += len(t[i:]) - len(cutYuan(t[i:])) // -¥234.56
	}
	i, ok = m.scanInt(t, i)
	if !ok {
		return 0, 0, false
	}
	if c, w := asciiAt(t, i); c == '.' {
		i = m.scanFrac(t, i+w)
	}
	if m.digits == 0 {
		return 0, 0, false
	}
	exp = 0
	if c, w := asciiAt(t, i); c == 'e' || c == 'E' {
		if i, ok = scanExp(t, i+w, &exp); !ok {
			return 0, 0, false
		}
	}
	if i != len(t) {
		return 0, 0, false
	}
	if pct {
		exp -= 2
	}
	return m.parts(neg, exp)
}

// cutPercent removes a trailing percent sign and the spaces before it.
// IsPercent reports whether s is a number written as a percentage (12%,
// （12.5％）), which NumberParts divides by 100.
func IsPercent(s string) bool {
	t, _ := cutParens(strings.TrimFunc(s, isSpace))
	_, pct := cutPercent(t)
	return pct
}

// cutParens cuts the parentheses of an accounting negative, (1,234.50) or
// （500）, as Excel shows negatives in its accounting formats (and saves
// them so in a CSV).
func cutParens(t string) (string, bool) {
	for _, p := range [][2]string{{"(", ")"}, {"（", "）"}} {
		if inner, ok := strings.CutPrefix(t, p[0]); ok {
			if inner, ok = strings.CutSuffix(inner, p[1]); ok {
				return strings.TrimFunc(inner, isSpace), true
			}
		}
	}
	return t, false
}

// cutYuan cuts the yuan sign currency formats show before an amount
// (¥1,234.50, ￥-234.56); the amount's unit is the column's.
func cutYuan(t string) string {
	for _, sign := range []string{"¥", "￥"} {
		if rest, ok := strings.CutPrefix(t, sign); ok {
			return rest
		}
	}
	return t
}

func cutPercent(t string) (string, bool) {
	for _, p := range []string{"%", "％"} {
		if rest, ok := strings.CutSuffix(t, p); ok {
			return strings.TrimRightFunc(rest, isSpace), true
		}
	}
	return t, false
}

// asciiAt returns the character at t[i] folded to ASCII and its size in
// bytes; c is 0 past the end or for a rune with no ASCII form.
func asciiAt(t string, i int) (c byte, size int) {
	if i >= len(t) {
		return 0, 0
	}
	if t[i] < utf8.RuneSelf {
		return t[i], 1
	}
	r, size := utf8.DecodeRuneInString(t[i:])
	if r = foldASCII(r); r == '\u2212' {
		r = '-'
	}
	if r < utf8.RuneSelf {
		return byte(r), size
	}
	return 0, size
}

// mantissa collects the significant digits of a number: its value is
// buf[:n] × 10^exp. It keeps one digit more than sigDigits, which is all
// that rounding half away from zero needs.
type mantissa struct {
	buf    [sigDigits + 1]byte
	n      int
	exp    int
	digits int // digits read, zeros included
}

// add records the next digit c, of the integer part or of the fraction.
func (m *mantissa) add(c byte, frac bool) {
	m.digits++
	switch {
	case m.n == 0 && c == '0':
		if frac {
			m.exp--
		}
	case m.n < len(m.buf):
		m.buf[m.n] = c
		m.n++
		if frac {
			m.exp--
		}
	case !frac:
		m.exp++
	}
}

// scanInt reads the integer part of t from i, checking that thousands
// separators group the digits by three.
func (m *mantissa) scanInt(t string, i int) (int, bool) {
	group, commas := 0, 0
	for {
		c, w := asciiAt(t, i)
		switch {
		case isDigit(c):
			m.add(c, false)
			group++
		case c == ',':
			if group == 0 || group > 3 || (commas > 0 && group != 3) {
				return i, false
			}
			commas++
			group = 0
		default:
			return i, commas == 0 || group == 3
		}
		i += w
	}
}

// scanFrac reads the digits of a fraction from i.
func (m *mantissa) scanFrac(t string, i int) int {
	for {
		c, w := asciiAt(t, i)
		if !isDigit(c) {
			return i
		}
		m.add(c, true)
		i += w
	}
}

// scanExp reads a signed exponent from i into exp, saturating far beyond
// any usable range.
func scanExp(t string, i int, exp *int) (int, bool) {
	neg := false
	if c, w := asciiAt(t, i); c == '+' || c == '-' {
		neg, i = c == '-', i+w
	}
	start := i
	for {
		c, w := asciiAt(t, i)
		if !isDigit(c) {
			break
		}
		if *exp < 1_000_000 {
			*exp = *exp*10 + int(c-'0')
		}
		i += w
	}
	if neg {
		*exp = -*exp
	}
	return i, i > start
}

// parts rounds the mantissa to sigDigits significant digits and returns
// its value times 10^exp as coef × 10^e; ok is false outside float64's
// range.
func (m *mantissa) parts(neg bool, exp int) (coef int64, e int, ok bool) {
	if m.n == 0 {
		return 0, 0, true
	}
	digits, e := m.buf[:m.n], m.exp+exp
	if len(digits) > sigDigits {
		up := digits[sigDigits] >= '5'
		digits, e = digits[:sigDigits], e+len(digits)-sigDigits
		if up {
			digits, e = roundUp(digits, e)
		}
	}
	for digits[len(digits)-1] == '0' {
		digits, e = digits[:len(digits)-1], e+1
	}
	if msd := e + len(digits) - 1; msd > 308 || msd < -324 {
		return 0, 0, false
	}
	for _, c := range digits {
		coef = coef*10 + int64(c-'0')
	}
	if neg {
		coef = -coef
	}
	return coef, e, true
}

// roundUp adds one unit in the last place of digits × 10^e.
func roundUp(digits []byte, e int) ([]byte, int) {
	for i := len(digits) - 1; i >= 0; i-- {
		if digits[i] != '9' {
			digits[i]++
			return digits, e
		}
		digits[i] = '0'
	}
	digits[0] = '1'
	return digits[:1], e + len(digits)
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool {
	return '0' <= c && c <= '9'
}
