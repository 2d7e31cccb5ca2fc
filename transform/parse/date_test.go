package parse

import (
	"errors"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	tests := []struct {
		in       string
		date1904 bool
		want     Day
		ok       bool
	}{
		// Excel serials, 1900 system.
		{"45003", false, Day{2023, 3, 18}, true},
		{"45003.5", false, Day{2023, 3, 18}, true},
		{"45003.999988", false, Day{2023, 3, 18}, true},
		{"1", false, Day{1900, 1, 1}, true},
		{"59", false, Day{1900, 2, 28}, true},
		{"60", false, Day{}, false},
		{"61", false, Day{1900, 3, 1}, true},
		{"2958465", false, Day{9999, 12, 31}, true},
		{"2958466", false, Day{}, false},
		{"0", false, Day{}, false},
		{"0.5", false, Day{}, false},
		{"-1", false, Day{}, false},
		{"1899", false, Day{1905, 3, 13}, true},
		{"2101", false, Day{1905, 10, 1}, true},
		// Excel serials, 1904 system.
		{"43541", true, Day{2023, 3, 18}, true},
		{"1", true, Day{1904, 1, 2}, true},
		{"60", true, Day{1904, 3, 1}, true},
		{"59", true, Day{1904, 2, 29}, true},
		{"2957003", true, Day{9999, 12, 31}, true},
		{"2957004", true, Day{}, false},
		{"0", true, Day{}, false},
		// Years.
		{"2023", false, Day{Year: 2023}, true},
		{"2023", true, Day{Year: 2023}, true},
		{"2023.0", false, Day{Year: 2023}, true},
		{"2023.00", false, Day{Year: 2023}, true},
		{"1900", false, Day{Year: 1900}, true},
		{"2100", false, Day{Year: 2100}, true},
		{"2023年", false, Day{Year: 2023}, true},
		{"2023年度", false, Day{Year: 2023}, true},
		{"2023 年", false, Day{Year: 2023}, true},
		{"２０２３年", false, Day{Year: 2023}, true},
		{"2023年全年", false, Day{Year: 2023}, true},
		// Year and month.
		{"2023.3", false, Day{2023, 3, 0}, true},
		{"2023.12", false, Day{2023, 12, 0}, true},
		{"2023.13", false, Day{1905, 7, 15}, true},
		{"2023-03", false, Day{2023, 3, 0}, true},
		{"2023/3", false, Day{2023, 3, 0}, true},
		{"2023年3月", false, Day{2023, 3, 0}, true},
		{"2023年03月份", false, Day{2023, 3, 0}, true},
		{"2023-13", false, Day{}, false},
		{"2023年0月", false, Day{}, false},
		// Full dates.
		{"2023-03-18", false, Day{2023, 3, 18}, true},
		{"2023/3/18", false, Day{2023, 3, 18}, true},
		{"2023.3.18", false, Day{2023, 3, 18}, true},
		{"2023年3月18日", false, Day{2023, 3, 18}, true},
		{"2023年03月18号", false, Day{2023, 3, 18}, true},
		{"2023年3月18", false, Day{2023, 3, 18}, true},
		{"2023 年 3 月 18 日", false, Day{2023, 3, 18}, true},
		{"２０２３年３月１８日", false, Day{2023, 3, 18}, true},
		{"２０２３－０３－１８", false, Day{2023, 3, 18}, true},
		{"2023年3月18號", false, Day{2023, 3, 18}, true},
		{"2023-03-18 10:30:00", false, Day{2023, 3, 18}, true},
		{"2023-03-18T10:30:00Z", false, Day{2023, 3, 18}, true},
		{"2023-03-18T23:30:00+08:00", false, Day{2023, 3, 18}, true},
		{"2023-03-18 10:30:00.123", false, Day{2023, 3, 18}, true},
		{"2023/3/18 10:30", false, Day{2023, 3, 18}, true},
		{"2023年3月18日 10:30", false, Day{2023, 3, 18}, true},
		{"20230318", false, Day{2023, 3, 18}, true},
		{" 2023-03-18 ", false, Day{2023, 3, 18}, true},
		{"2024-02-29", false, Day{2024, 2, 29}, true},
		// Invalid.
		{"2023-02-30", false, Day{}, false},
		{"2023-02-29", false, Day{}, false},
		{"2023-13-01", false, Day{}, false},
		{"2023-00-10", false, Day{}, false},
		{"2023-03-32", false, Day{}, false},
		{"2023-03/18", false, Day{}, false},
		{"20230230", false, Day{}, false},
		{"1899-12-31", false, Day{}, false},
		{"23-03-18", false, Day{}, false},
		{"2023-03-18 25", false, Day{}, false},
		{"10:30", false, Day{}, false},
		{"2023年13月", false, Day{}, false},
		{"", false, Day{}, false},
		{"-", false, Day{}, false},
		{"abc", false, Day{}, false},
		{"1e5", false, Day{}, false},
		{"45003.", false, Day{}, false},
		{"2023..3", false, Day{}, false},
		{"99999999999999999999", false, Day{}, false},
	}
	for _, tt := range tests {
		got, err := Date(tt.in, tt.date1904)
		if !tt.ok {
			if !errors.Is(err, ErrBadDate) {
				t.Errorf("Date(%q, %v) = %v, %v; want ErrBadDate", tt.in, tt.date1904, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Date(%q, %v) = %v, %v; want %v", tt.in, tt.date1904, got, err, tt.want)
		}
	}
}

func TestDateError(t *testing.T) {
	_, err := Date("2023-02-30", false)
	if err == nil || err.Error() != `"2023-02-30": not a date` {
		t.Errorf("Date error = %v", err)
	}
}

func TestYear(t *testing.T) {
	tests := []struct {
		in   string
		want int // 0 means an error
	}{
		{"2023", 2023},
		{"2023年", 2023},
		{"2023年度", 2023},
		{"２０２３", 2023},
		{"2023.0", 2023},
		{"2023年全年", 2023},
		{"2023-03-18", 2023},
		{"2023年3月", 2023},
		{"45003", 2023},
		{"", 0},
		{"二〇二三年", 0},
		{"2023年上半年", 0},
	}
	for _, tt := range tests {
		got, err := Year(tt.in, false)
		if tt.want == 0 {
			if !errors.Is(err, ErrBadDate) {
				t.Errorf("Year(%q) = %d, %v; want ErrBadDate", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Year(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestDayTime(t *testing.T) {
	tests := []struct {
		in   Day
		want time.Time
	}{
		{Day{2023, 3, 18}, time.Date(2023, 3, 18, 0, 0, 0, 0, time.UTC)},
		{Day{2023, 3, 0}, time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)},
		{Day{Year: 2023}, time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := tt.in.Time(); !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("%v.Time() = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{"45003.5", "2023", "2023.3", "2023年3月18日", "2023-03-18T10:30:00Z", "20230318", "60"} {
		f.Add(s, false)
	}
	f.Add("43541", true)
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		d, err := Date(s, date1904)
		if err != nil {
			if !errors.Is(err, ErrBadDate) {
				t.Fatalf("Date(%q) error %v does not wrap ErrBadDate", s, err)
			}
			return
		}
		if d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 || (d.Day > 0 && d.Month == 0) {
			t.Fatalf("Date(%q) = %+v is out of range", s, d)
		}
		if tm := d.Time(); tm.Year() != d.Year || (d.Day > 0 && tm.Day() != d.Day) {
			t.Fatalf("Date(%q) = %+v is not a calendar date", s, d)
		}
		if y, err := Year(s, date1904); err != nil || y != d.Year {
			t.Fatalf("Year(%q) = %d, %v; Date gives %d", s, y, err, d.Year)
		}
	})
}

// TestSerialDayMatchesTime checks the serial arithmetic against the time
// package over every serial of both date systems.
func TestSerialDayMatchesTime(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		for n := -2; n <= maxSerial+2; n++ {
			got, ok := serialDay(n, date1904)
			var want time.Time
			switch {
			case n < 1 || n > maxSerial || (!date1904 && n == fakeLeapDay):
				if ok {
					t.Fatalf("serialDay(%d, %v) = %v, want no date", n, date1904, got)
				}
				continue
			case date1904:
				want = epoch1904.AddDate(0, 0, n)
			case n < fakeLeapDay:
				want = epoch1900.AddDate(0, 0, n+1)
			default:
				want = epoch1900.AddDate(0, 0, n)
			}
			if want.Year() > maxYear {
				if ok {
					t.Fatalf("serialDay(%d, %v) = %v, want no date (beyond %d)", n, date1904, got, maxYear)
				}
				continue
			}
			if w := (Day{want.Year(), int(want.Month()), want.Day()}); !ok || got != w {
				t.Fatalf("serialDay(%d, %v) = %v, %v; want %v", n, date1904, got, ok, w)
			}
		}
	}
}

// In a cell not formatted as a date, a number is a serial day number only
// from 1950 on: 12 or 9999 in a date column is a mistake, not a date of
// 1900; years, year-months and eight-digit dates read as in Date.
func TestWritten(t *testing.T) {
	for raw, want := range map[string]Day{
		"45003": {2023, 3, 18}, "2023": {Year: 2023}, "2023.3": {Year: 2023, Month: 3}, "20230318": {2023, 3, 18},
		"2023-03-18": {2023, 3, 18}, "18264": {1950, 1, 1},
	} {
		d, err := Written(raw, false)
		if err != nil || d != want {
			t.Errorf("Written(%q) = %v, %v; want %v", raw, d, err, want)
		}
	}
	for _, raw := range []string{"1", "12", "100", "3000", "9999", "18263", "TRUE"} {
		_, err := Written(raw, false)
		if !errors.Is(err, ErrBadDate) || (raw != "TRUE") != errors.Is(err, ErrNumberNotDate) {
			t.Errorf("Written(%q) error %v, want ErrBadDate (ErrNumberNotDate for a number)", raw, err)
		}
	}
	if d, err := Date("12", false); err != nil || d != (Day{1900, 1, 12}) {
		t.Errorf("Date(12) = %v, %v; a cell formatted as a date keeps its serial", d, err)
	}
}
