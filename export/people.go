package export

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Thousands groups the integer digits of a plain decimal: 1250000.5 → 1,250,000.5.
func Thousands(v string) string {
	sign, digits := "", v
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	whole, frac, hasFrac := strings.Cut(digits, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// YearOnYear describes the change from before to now: +25 (+41.7%).
func YearOnYear(before, now string) string {
	b, errB := decimal.NewFromString(before)
	n, errN := decimal.NewFromString(now)
	if errB != nil || errN != nil {
		return ""
	}
	diff := n.Sub(b)
	sign := ""
	if diff.IsPositive() {
		sign = "+"
	}
	out := sign + Thousands(diff.String())
	if !b.IsZero() {
		out += " (" + sign + diff.Div(b).Shift(2).StringFixed(1) + "%)"
	}
	return out
}
