package xls

import "strings"

// BuiltinDate reports whether the built-in number format id is a date or
// time format: 14–22 (dates, times, date-times), 27–36 and 50–58 (the
// Chinese, Japanese and Korean date formats), 45–47 (minutes and seconds).
// Excel's built-in ids are the same in .xls and .xlsx.
func BuiltinDate(id int) bool {
	return 14 <= id && id <= 22 || 27 <= id && id <= 36 || 45 <= id && id <= 47 || 50 <= id && id <= 58
}

// isDateFormat reports whether a format code shows a date or time: it has
// more date or time letters (y, m, d, h, s) than digit placeholders (0, #,
// ?) outside quoted text, escaped characters and brackets ([Red], [$-804];
// [h] of elapsed time still counts through the rest of the code). This is
// the rule xlrd applies, so the two readers agree on what is a date. It
// is the rule for .xlsx styles too.
func IsDateFormat(code string) bool {
	switch strings.ToLower(code) {
	case "general", "@":
		return false
	}
	var dates, nums int
	quoted, escaped, bracket := false, false, false
	for _, c := range code {
		switch {
		case escaped:
			escaped = false
		case quoted:
			quoted = c != '"'
		case bracket:
			bracket = c != ']'
		case c == '"':
			quoted = true
		case c == '\\' || c == '_' || c == '*':
			escaped = true
		case c == '[':
			bracket = true
		case strings.ContainsRune("ymdhsYMDHS", c):
			dates++
		case strings.ContainsRune("0#?", c):
			nums++
		}
	}
	return dates > nums
}
