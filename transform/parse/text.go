package parse

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Text folds s into the canonical form used to compare names and headers:
// Traditional Chinese becomes Simplified, full-width characters become
// half-width (width.Fold), all whitespace is removed and ASCII letters are
// lower-cased. Text(" 投資額\n（萬元） ") is "投资额(万元)".
func Text(s string) string {
	if t, ok := foldASCIIOnly(s); ok {
		return t
	}
	return foldText(s)
}

// foldASCIIOnly folds a pure-ASCII s; ok is false when s holds other bytes.
func foldASCIIOnly(s string) (string, bool) {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		if ('A' <= c && c <= 'Z') || isSpace(rune(c)) {
			clean = false
		}
	}
	if clean {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isSpace(rune(c)) {
			b = append(b, lowerASCII(c))
		}
	}
	return string(b), true
}

// foldText does the work of Text.
func foldText(s string) string {
	t, cjk := foldWidth(s)
	if !cjk {
		return t
	}
	cc, err := t2s()
	if err != nil {
		return t
	}
	return cc.convert(t)
}

// foldWidth folds width and case and drops whitespace; cjk tells whether
// the result holds a rune from the CJK blocks, which t2s may change. A text
// that needs none of it is returned as it is.
func foldWidth(s string) (t string, cjk bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if ('A' <= c && c <= 'Z') || isSpace(rune(c)) {
				return foldWidthCopy(s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case 0x4E00 <= r && r <= 0x9FFF: // CJK Unified Ideographs: nothing to fold
			cjk = true
		case r == utf8.RuneError && size == 1, width.LookupRune(r).Folded() != 0, isSpace(r):
			return foldWidthCopy(s)
		case r >= 0x2E80:
			cjk = true
		}
		i += size
	}
	return s, cjk
}

// foldWidthCopy is foldWidth for a text that changes.
func foldWidthCopy(s string) (t string, cjk bool) {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if 0x4E00 <= r && r <= 0x9FFF {
			b.WriteRune(r)
			cjk = true
			continue
		}
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
		switch {
		case isSpace(r):
			continue
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x2E80:
			cjk = true
		}
		b.WriteRune(r)
	}
	return b.String(), cjk
}

// Display folds s for showing and storing a free-text value: full-width ASCII
// letters, digits and punctuation become half-width, leading and trailing
// whitespace is trimmed, inner runs of whitespace (line breaks included)
// become one space and zero-width characters are dropped. Chinese script is
// kept as written.
func Display(s string) string {
	if displayed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		r = foldASCII(r)
		switch {
		case isZeroWidth(r):
		case unicode.IsSpace(r):
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// displayed reports whether Display leaves s as it is: no leading, trailing
// or repeated space, no other white space, no full-width ASCII and no
// zero-width character; valid UTF-8.
func displayed(s string) bool {
	space := true // a space here would lead
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if space {
					return false
				}
				space = true
			case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
				return false
			default:
				space = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || foldASCII(r) != r || isZeroWidth(r) || unicode.IsSpace(r) {
			return false
		}
		space = false
		i += size
	}
	return !space || s == ""
}

// IsNull reports whether a cell text means "no value": blank, or one of the
// markers "-", "--", "—", "——", "–", "―", "/", "无", "無", "n/a" after
// trimming and width folding, in any case.
func IsNull(s string) bool {
	if s != "" {
		switch c := s[0]; {
		case c >= utf8.RuneSelf, c == '-', c == '/', c == 'n', c == 'N', isSpace(rune(c)):
		default:
			return false // a number, a word, a date: no marker starts so
		}
		if len(s) > 12 {
			first, _ := utf8.DecodeRuneInString(s)
			last, _ := utf8.DecodeLastRuneInString(s)
			if !isSpace(first) && !isSpace(last) {
				return false // too long for a marker, and nothing to trim
			}
		}
	}
	s = strings.TrimFunc(s, isSpace)
	if len(s) > 12 {
		return false
	}
	switch strings.ToLower(foldASCIIString(s)) {
	case "", "-", "--", "—", "——", "–", "―", "/", "无", "無", "n/a":
		return true
	}
	return false
}

// SplitUnit splits a trailing unit, one of units, off a value text: it returns
// the trimmed number part and the matching element of units, or the trimmed
// text and "" when no unit matches. Units are compared after Text folding and
// the longest match wins: SplitUnit("125亿元", units) is ("125", "亿元").
func SplitUnit(s string, units []string) (number, unit string) {
	s = strings.TrimFunc(s, isSpace)
	cut := len(s)
	for _, u := range units {
		if i, ok := foldedSuffix(s, Text(u)); ok && i < cut {
			cut, unit = i, u
		}
	}
	return strings.TrimFunc(s[:cut], isSpace), unit
}

// foldedSuffix reports whether s ends with a text that folds to fu, and
// where that text starts.
func foldedSuffix(s, fu string) (int, bool) {
	if fu == "" {
		return 0, false
	}
	i := len(s)
	for fu != "" {
		if i == 0 {
			return 0, false
		}
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		fr := Text(string(r))
		if !strings.HasSuffix(fu, fr) {
			return 0, false
		}
		fu = fu[:len(fu)-len(fr)]
	}
	return i, true
}

// unitLabel introduces a unit in a header, as in 「单位：万元」, after folding.
const unitLabel = "单位:"

// headerBrackets are the bracket pairs that enclose a unit in a folded header.
var headerBrackets = [][2]string{{"(", ")"}, {"[", "]"}, {"【", "】"}, {"〔", "〕"}}

// HeaderUnit splits a unit off a header: "投资额（亿元）", "金额[万元]",
// "金额【万元】", "金额/万元", "金额（单位：万元）" and "投资额 亿元" (the
// unit a word of its own at the end) all give ("金额", unit), the currency
// named or not ("金额（人民币万元）", "总投资（亿元人民币）"); "单位：万元" alone
// gives ("", "万元"). name is Text folded and unit is the matching element
// of units; when none matches, unit is "" and name is the whole folded
// header.
func HeaderUnit(h string, units []string) (name, unit string) {
	t := Text(h)
	if words := strings.Fields(h); len(words) > 1 {
		last := Text(words[len(words)-1])
		if u := matchUnit(last, units); u != "" && len(t) > len(last) && strings.HasSuffix(t, last) {
			return strings.TrimSuffix(t, last), u
		}
	}
	for _, br := range headerBrackets {
		if !strings.HasSuffix(t, br[1]) {
			continue
		}
		i := strings.LastIndex(t, br[0])
		if i < 0 {
			continue
		}
		inner := strings.TrimPrefix(t[i+len(br[0]):len(t)-len(br[1])], unitLabel)
		if u := matchUnit(inner, units); u != "" {
			return t[:i], u
		}
		if slices.Contains(currencyWords, inner) {
			return t[:i], "" // the currency only: the unit is not stated
		}
	}
	if i := strings.LastIndex(t, unitLabel); i >= 0 {
		if u := matchUnit(t[i+len(unitLabel):], units); u != "" {
			return strings.TrimRight(t[:i], ",;:/("), u
		}
	}
	if i := strings.LastIndexByte(t, '/'); i > 0 {
		if u := matchUnit(t[i+1:], units); u != "" {
			return t[:i], u
		}
	}
	return t, ""
}

// currencyWords may name the currency beside a header's unit (人民币万元,
// 亿元人民币), after folding.
var currencyWords = []string{"人民币", "rmb"}

// matchUnit returns the element of units that folds to the folded text s,
// a currency word before or after it aside.
func matchUnit(s string, units []string) string {
	for _, c := range currencyWords {
		if t := strings.TrimSuffix(strings.TrimPrefix(s, c), c); t != s {
			s = t
			break
		}
	}
	if s == "" {
		return ""
	}
	for _, u := range units {
		if Text(u) == s {
			return u
		}
	}
	return ""
}

// isSpace reports whether r is whitespace or an invisible zero-width character.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || isZeroWidth(r)
}

// isZeroWidth reports whether r is a zero-width space, joiner or byte order mark.
func isZeroWidth(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

// foldASCII maps a full-width ASCII letter, digit or punctuation mark (the
// runes width.Fold narrows to ASCII) and the ideographic space to ASCII.
func foldASCII(r rune) rune {
	switch {
	case 0xFF01 <= r && r <= 0xFF5E:
		return r - 0xFEE0
	case r == '\u3000':
		return ' '
	}
	return r
}

// foldASCIIString applies foldASCII to every rune of s.
func foldASCIIString(s string) string {
	return strings.Map(foldASCII, s)
}

// lowerASCII lower-cases an ASCII letter.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
