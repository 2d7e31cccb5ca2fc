package xls

import "strings"

// builtinDate reports whether the built-in number format id is a date or
// time format: 14–22 (dates, times, date-times), 27–36 and 50–58 (the
// Chinese, Japanese and Korean date formats), 45–47 (minutes and seconds).
func builtinDate(id uint16) bool {
	return 14 <= id && id <= 22 || 27 <= id && id <= 36 || 45 <= id && id <= 47 || 50 <= id && id <= 58
}

// isDateFormat reports whether a format code shows a date or time: it has
// more date or time letters (y, m, d, h, s) than digit placeholders (0, #,
// ?) outside quoted text, escaped characters and brackets ([Red], [$-804];
// [h] of elapsed time still counts through the rest of the code). This is
// the rule xlrd applies, so the two readers agree on what is a date.
func isDateFormat(code string) bool {
	switch code {
	case "General", "GENERAL", "general", "@":
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
