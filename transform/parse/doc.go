// Package parse reads the values of Chinese statistical workbooks: it folds
// text, and parses numbers, units written in text, dates and reporting periods.
//
// # Text
//
// [Text] folds names and headers into one canonical form so that the same
// header written in Simplified or Traditional Chinese, with full-width
// characters, stray spaces or line breaks compares equal: 「 投資額\n（萬元） 」
// and 「投资额(万元)」 both fold to "投资额(万元)". [Display] only tidies a
// free-text value for showing and storing. [IsNull] recognizes the null
// markers: an empty or blank cell, "-", "--", "—", "——", "–", "―", "/", "无",
// "無" and "n/a", in any width and case. A null is never zero.
//
// # Numbers
//
// [NumberParts] parses a number written as text or stored raw ("1,250", "１２５",
// "1.25E+6", "12%"). Thousands separators must group digits by three. Like
// Excel, it keeps 15 significant digits: the result is rounded half away from
// zero to 15 significant digits, which strips binary noise such as
// 0.30000000000000004. Numbers outside float64's range are rejected.
//
// # Units
//
// [SplitUnit] cuts a unit off a cell value ("125亿元"), and [HeaderUnit] off a
// header ("投资额（亿元）", "金额/万元", "单位：万元"). Both compare units after
// [Text] folding and return the caller's spelling of the unit.
//
// # Dates
//
// [Date] reads Excel serial numbers in either the 1900 system (with its
// phantom 1900-02-29, serial 60, rejected) or the 1904 system, and dates
// written as text. A whole number from 1900 to 2100 is a year, not a serial.
// Dates are calendar dates: a time of day is dropped and no time zone applies.
// A [Day] records its precision: Month and Day are 0 when the text gave only
// a year or a year and month.
//
// # Reporting periods
//
// [ParsePeriod] reads 报告期 texts such as "2023年1-6月", "2023年上半年" and
// "累计" into a [Period]; a period starting in January is cumulative
// (year-to-date).
package parse

import "errors"

// Errors returned by the parsers, wrapped with the offending text.
var (
	// ErrNotNumber reports a text that is not a number.
	ErrNotNumber = errors.New("not a number")
	// ErrBadDate reports a text or serial that is not a calendar date.
	ErrBadDate = errors.New("not a date")
	// ErrBadPeriod reports a text that is not a reporting period.
	ErrBadPeriod = errors.New("not a reporting period")
)
