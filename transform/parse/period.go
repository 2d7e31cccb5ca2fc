package parse

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Period is a reporting period (报告期) of a cumulative or periodic report.
type Period struct {
	Year       int  // 0 when the text gives none (e.g. "累计")
	FromMonth  int  // first month, 1..12
	ToMonth    int  // last month, 1..12; 12 for a full year
	Cumulative bool // year-to-date: the period starts in January
}

// ParsePeriod parses a 报告期 text, in any script or width:
//
//	2023年1-6月, 2023年1—6月, 2023年1至6月, 2023年1月-6月  months 1 to 6
//	2023年, 2023年度, 2023年全年, 2023年1-12月          the full year
//	2023年上半年, 下半年, 前三季度                        1-6, 7-12, 1-9
//	2023年一季度, 第一季度, 1季度, Q1 … Q4             one quarter
//	2023年6月, 2023年六月份, 2023-06, 2023.6          one month
//
// The year may be left out ("1-6月", "上半年"); a trailing 累计 is allowed, and
// 累计 alone is the year to date of an unnamed year, taken as months 1 to 12.
// Cumulative is set when the period starts in January. Errors wrap
// ErrBadPeriod.
func ParsePeriod(s string) (Period, error) {
	p, ok := parsePeriod(s)
	if !ok {
		return Period{}, fmt.Errorf("%q: %w", s, ErrBadPeriod)
	}
	return p, nil
}

// parsePeriod does the work of ParsePeriod.
func parsePeriod(s string) (Period, bool) {
	year, rest := cutYear(Text(s))
	from, to, ok := periodMonths(rest, year != 0)
	if !ok {
		return datePeriod(s)
	}
	if from < 1 || from > to || to > 12 {
		return Period{}, false
	}
	return Period{Year: year, FromMonth: from, ToMonth: to, Cumulative: from == 1}, true
}

// cutYear cuts a leading four-digit year, with its 年 if any, off the folded
// text t; year is 0 when t starts with none.
func cutYear(t string) (year int, rest string) {
	if len(t) < 4 || !allDigits(t[:4]) || (len(t) > 4 && isDigit(t[4])) {
		return 0, t
	}
	y, _ := strconv.Atoi(t[:4])
	if y < minYear || y > maxYear {
		return 0, t
	}
	return y, strings.TrimPrefix(t[4:], "年")
}

// periodMonths reads the months of a folded period text without its year.
func periodMonths(s string, hasYear bool) (from, to int, ok bool) {
	s, cum := strings.CutSuffix(s, "累计")
	switch s {
	case "":
		return 1, 12, hasYear || cum
	case "度", "全年", "年度", "全年度", "本年":
		return 1, 12, true
	case "上半年":
		return 1, 6, true
	case "下半年":
		return 7, 12, true
	}
	if rest, ok := strings.CutPrefix(s, "前"); ok {
		n, ok := quarter(rest)
		return 1, 3 * n, ok
	}
	if n, ok := quarter(s); ok {
		return 3*n - 2, 3 * n, true
	}
	return monthRange(s)
}

// quarter reads a quarter number: "一季度", "第一季度", "1季度", "一季", "q1".
func quarter(s string) (int, bool) {
	if rest, ok := strings.CutPrefix(s, "q"); ok {
		s = rest
	} else {
		s = strings.TrimPrefix(s, "第")
		if rest, ok := strings.CutSuffix(s, "度"); ok {
			s = rest
		}
		if s, ok = strings.CutSuffix(s, "季"); !ok {
			return 0, false
		}
	}
	n, ok := smallNumber(s)
	return n, ok && n <= 4
}

// monthRange reads "6月", "1-6月", "1月-6月", "一至六月", with an optional 份.
func monthRange(s string) (from, to int, ok bool) {
	body, ok := strings.CutSuffix(strings.TrimSuffix(s, "份"), "月")
	if !ok {
		return 0, 0, false
	}
	a, b, isRange := cutDash(body)
	if !isRange {
		n, ok := smallNumber(a)
		return n, n, ok
	}
	from, ok1 := smallNumber(strings.TrimSuffix(a, "月"))
	to, ok2 := smallNumber(b)
	return from, to, ok1 && ok2
}

// cutDash splits s around its first run of range separators (dashes, tildes,
// 至, 到).
func cutDash(s string) (before, after string, found bool) {
	i := strings.IndexFunc(s, isRangeSep)
	if i < 0 {
		return s, "", false
	}
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isRangeSep(r) {
			break
		}
		j += size
	}
	return s[:i], s[j:], true
}

// isRangeSep reports whether r separates the ends of a month range.
func isRangeSep(r rune) bool {
	return strings.ContainsRune("-~—–―〜至到", r)
}

// chineseNumbers are the Chinese numerals of months and quarters.
var chineseNumbers = map[string]int{
	"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
	"七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
}

// smallNumber reads a number from 1 to 12 written in one or two ASCII digits
// or in Chinese numerals.
func smallNumber(s string) (int, bool) {
	if n, ok := chineseNumbers[s]; ok {
		return n, true
	}
	if len(s) == 0 || len(s) > 2 || !allDigits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, 1 <= n && n <= 12
}

// datePeriod reads a period written as a date of month or year precision,
// such as "2023-06" or "2023.6".
func datePeriod(s string) (Period, bool) {
	d, ok := parseDate(s, serials{})
	switch {
	case !ok || d.Day != 0:
		return Period{}, false
	case d.Month == 0:
		return Period{Year: d.Year, FromMonth: 1, ToMonth: 12, Cumulative: true}, true
	}
	return Period{Year: d.Year, FromMonth: d.Month, ToMonth: d.Month, Cumulative: d.Month == 1}, true
}
