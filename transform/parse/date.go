package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Day is a calendar date with its precision: Month and Day are 0 when the
// text gave only a year, Day is 0 when it gave only a year and month.
type Day struct{ Year, Month, Day int }

// Time returns the date at midnight UTC; a month or day of 0 counts as 1.
func (d Day) Time() time.Time {
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// Limits of the dates Date accepts.
const (
	minYear     = 1900    // earliest year of a text date
	maxYear     = 9999    // latest year of any date, as in Excel
	maxBareYear = 2100    // a whole number minYear..maxBareYear is a year
	maxSerial   = 2958465 // 9999-12-31 in the 1900 date system
	fakeLeapDay = 60      // serial of 1900-02-29, which does not exist
)

var (
	// reTime matches a time of day after a date, with an optional zone.
	reTime = regexp.MustCompile(`(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$`)
	// reSepDate matches 2023-03-18, 2023/3/18, 2023.3.18 and 2023-03.
	reSepDate = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})(?:([-/.])(\d{1,2}))?$`)
	// reCNDate matches 2023年, 2023年度, 2023年全年, 2023年3月(份) and 2023年3月18日.
	reCNDate = regexp.MustCompile(`^(\d{4})年(?:度|全年|(\d{1,2})月份?|(\d{1,2})月(\d{1,2})[日号]?)?$`)
	// epoch1900 is day 0 of the 1900 system for serials after the fake leap day.
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	// epoch1904 is day 0 of the 1904 system.
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Date parses a date cell from its raw value: an Excel serial number as text
// ("45003", "45003.5"; the fraction, a time of day, is dropped) in the 1900
// system or, when date1904 is set, the 1904 system; or a date written as text.
//
// A whole number from 1900 to 2100 ("2023", "2023.0") is a year, not a serial.
// A number written yyyy.m or yyyy.mm with a year from 1900 to 2100 and a month
// from 1 to 12 ("2023.3") is a year and month; other fractions are times of
// day. Eight digits (20230318) are a date. Serial 60, the 1900 system's
// phantom 1900-02-29, is an error.
//
// Text dates: "2023-03-18", "2023/3/18", "2023.3.18", "2023年3月18日" (or 号),
// "2023-03", "2023/3", "2023年3月", "2023年", "2023年度", in any width; a time of
// day after the date ("2023-03-18 10:30", "2023-03-18T10:30:00Z") is dropped.
// Errors wrap ErrBadDate.
func Date(raw string, date1904 bool) (Day, error) {
	return dateOf(raw, serials{date1904: date1904})
}

// Written parses a date in a cell that is not formatted as a date: as Date
// does, but a number there is a serial day number only when it gives a
// date from 1950 on (the cell shows the number, and 12 or 100 is no date
// of 1900). Errors wrap ErrBadDate; such a number, ErrNumberNotDate.
func Written(raw string, date1904 bool) (Day, error) {
	return dateOf(raw, serials{date1904: date1904, fromYear: minWrittenSerialYear})
}

// minWrittenSerialYear is the first year of a serial day number in a cell
// not formatted as a date.
const minWrittenSerialYear = 1950

// ErrNumberNotDate reports a number where a date is expected, in a cell
// not formatted as a date (or of an .xlsx stream, which does not tell).
var ErrNumberNotDate = fmt.Errorf("%w: a number that is no year, nor a day number of a date from %d on", ErrBadDate, minWrittenSerialYear)

// serials says how a number is read as an Excel serial day number: in
// which date system, and from which year on (0: any).
type serials struct {
	date1904 bool
	fromYear int
}

func dateOf(raw string, sys serials) (Day, error) {
	d, ok := parseDate(raw, sys)
	switch {
	case ok:
		return d, nil
	case sys.fromYear > 0 && isDecimal(strings.TrimSpace(raw)):
		return Day{}, fmt.Errorf("%q: %w", raw, ErrNumberNotDate)
	}
	return Day{}, fmt.Errorf("%q: %w", raw, ErrBadDate)
}

// Year parses a year ("2023", "2023年", "2023年度", "２０２３", "2023.0",
// "2023年全年") or any date Date accepts and returns its year. Errors wrap
// ErrBadDate.
func Year(raw string, date1904 bool) (int, error) {
	d, err := Date(raw, date1904)
	return d.Year, err
}

// parseDate does the work of Date.
func parseDate(raw string, sys serials) (Day, bool) {
	if isDecimal(raw) { // a serial or a year as Excel stores it: nothing to tidy
		return numericDate(raw, sys)
	}
	s := strings.ReplaceAll(foldASCIIString(strings.TrimFunc(raw, isSpace)), "號", "号")
	if strings.IndexByte(s, ':') >= 0 { // a time of day has one; most dates do not
		if loc := reTime.FindStringIndex(s); loc != nil && loc[0] > 0 {
			s = s[:loc[0]]
		}
	}
	s = strings.Map(dropSpace, s)
	if isDecimal(s) {
		return numericDate(s, sys)
	}
	if m := reSepDate.FindStringSubmatch(s); m != nil {
		if m[4] != "" && m[4] != m[2] {
			return Day{}, false
		}
		return makeDay(m[1], m[3], m[5])
	}
	if m := reCNDate.FindStringSubmatch(s); m != nil {
		return makeDay(m[1], m[2]+m[3], m[4])
	}
	return Day{}, false
}

// numericDate reads a plain decimal s as a year, a year and month, an
// eight-digit date or a serial (see serials).
func numericDate(s string, sys serials) (Day, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) > 9 {
		return Day{}, false
	}
	n, _ := strconv.Atoi(whole)
	if len(whole) == 4 && minYear <= n && n <= maxBareYear {
		if strings.Trim(frac, "0") == "" {
			return Day{Year: n}, true
		}
		if len(frac) <= 2 {
			if d, ok := makeDay(whole, frac, ""); ok {
				return d, true
			}
		}
	}
	if len(whole) == 8 && strings.Trim(frac, "0") == "" {
		return makeDay(whole[:4], whole[4:6], whole[6:])
	}
	d, ok := serialDay(n, sys.date1904)
	return d, ok && d.Year >= sys.fromYear
}

// serialDay converts an Excel serial day number to a date.
func serialDay(n int, date1904 bool) (Day, bool) {
	var days int // since 1970-01-01
	switch {
	case n < 1 || n > maxSerial:
		return Day{}, false
	case date1904:
		days = n + epoch1904Days
	case n < fakeLeapDay:
		days = n + 1 + epoch1900Days
	case n == fakeLeapDay:
		return Day{}, false
	default:
		days = n + epoch1900Days
	}
	y, m, d := civil(days)
	if y > maxYear {
		return Day{}, false
	}
	return Day{y, m, d}, true
}

// Day numbers (since 1970-01-01) of the epochs.
var (
	epoch1900Days = int(epoch1900.Unix() / 86400)
	epoch1904Days = int(epoch1904.Unix() / 86400)
)

// civil returns the proleptic Gregorian date of a day number since
// 1970-01-01 (Howard Hinnant's civil_from_days), as time.Unix would give it.
func civil(days int) (year, month, day int) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if month > 12 {
		month -= 12
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// makeDay builds a date from decimal year, month and day texts; month and
// day may be empty for a coarser precision.
func makeDay(year, month, day string) (Day, bool) {
	y, _ := strconv.Atoi(year)
	if y < minYear || y > maxYear {
		return Day{}, false
	}
	if month == "" {
		return Day{Year: y}, true
	}
	m, _ := strconv.Atoi(month)
	if m < 1 || m > 12 {
		return Day{}, false
	}
	if day == "" {
		return Day{Year: y, Month: m}, true
	}
	d, _ := strconv.Atoi(day)
	if d < 1 || d > daysIn(y, m) {
		return Day{}, false
	}
	return Day{y, m, d}, true
}

// daysIn returns the number of days in month m of year y.
func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isDecimal reports whether s is digits with at most one inner decimal point.
func isDecimal(s string) bool {
	whole, frac, dot := strings.Cut(s, ".")
	return whole != "" && allDigits(whole) && allDigits(frac) && (!dot || frac != "")
}

// allDigits reports whether every byte of s is an ASCII digit.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// dropSpace is a strings.Map function removing whitespace.
func dropSpace(r rune) rune {
	if isSpace(r) {
		return -1
	}
	return r
}
