package ingest

import (
	"math"
	"strconv"
	"time"
)

// Shown is the cell's type and value as `pairstat cells` shows them (SPEC
// §5): numbers to 15 significant digits, without an exponent from 1e-6
// on; dates yyyy-mm-dd, with HH:MM:SS when there is a time of day (a
// number in a date format that is no date Excel shows, such as -1, is
// shown as the number it is); booleans TRUE or FALSE; anything else as it
// is.
func (c Cell) Shown(date1904 bool) (CellType, string) {
	switch c.Type {
	case Number:
		if v, err := strconv.ParseFloat(c.Value, 64); err == nil {
			return Number, numberText(v)
		}
	case Date:
		if t, ok := serialTime(c.Value, date1904); ok {
			if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
				return Date, t.Format(time.DateOnly)
			}
			return Date, t.Format(time.DateTime)
		}
		return Cell{Type: Number, Value: c.Value}.Shown(date1904)
	case Bool:
		switch c.Value {
		case "1":
			return Bool, "TRUE"
		case "0":
			return Bool, "FALSE"
		}
	}
	return c.Type, c.Value
}

// numberText rounds v to 15 significant digits and writes it plainly.
func numberText(v float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if a := math.Abs(r); a != 0 && a < 1e-6 {
		return strconv.FormatFloat(r, 'E', -1, 64)
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// lastSerial is 9999-12-31, Excel's last date, in the 1900 date system.
const lastSerial = 2958466

// serialTime reads an Excel date: a serial number of days (the 1900 date
// system counts 1900-02-29, which did not exist, as day 60; the 1904
// system counts from 1904-01-01) or, as an .xlsx date cell may hold it,
// an ISO 8601 date-time. The time of day is rounded to the second.
func serialTime(value string, date1904 bool) (time.Time, bool) {
	serial, err := strconv.ParseFloat(value, 64)
	if err != nil {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", time.DateOnly} {
			if t, err := time.Parse(layout, value); err == nil {
				return t, true
			}
		}
		return time.Time{}, false
	}
	if serial < 0 || serial >= lastSerial {
		return time.Time{}, false
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case serial < 61:
		epoch = epoch.AddDate(0, 0, 1) // before the day that did not exist
	}
	seconds := int64(math.Round(serial * 86400))
	return epoch.Add(time.Duration(seconds) * time.Second), true
}
