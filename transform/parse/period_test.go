package parse

import (
	"errors"
	"testing"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		ok   bool
	}{
		{"2023年1-6月", Period{2023, 1, 6, true}, true},
		{"2023年1—6月", Period{2023, 1, 6, true}, true},
		{"2023年1——6月", Period{2023, 1, 6, true}, true},
		{"2023年1–6月", Period{2023, 1, 6, true}, true},
		{"2023年1~6月", Period{2023, 1, 6, true}, true},
		{"2023年1～6月", Period{2023, 1, 6, true}, true},
		{"2023年1－6月", Period{2023, 1, 6, true}, true},
		{"2023年1至6月", Period{2023, 1, 6, true}, true},
		{"2023年1到6月", Period{2023, 1, 6, true}, true},
		{"2023年1月-6月", Period{2023, 1, 6, true}, true},
		{"2023年1月至6月", Period{2023, 1, 6, true}, true},
		{"2023年1-6月份", Period{2023, 1, 6, true}, true},
		{"2023年1-6月累计", Period{2023, 1, 6, true}, true},
		{"2023年一至六月", Period{2023, 1, 6, true}, true},
		{"2023年1-12月", Period{2023, 1, 12, true}, true},
		{"2023年一至十二月", Period{2023, 1, 12, true}, true},
		{"2023年4-6月", Period{2023, 4, 6, false}, true},
		{"2023年全年", Period{2023, 1, 12, true}, true},
		{"2023年", Period{2023, 1, 12, true}, true},
		{"2023", Period{2023, 1, 12, true}, true},
		{"2023年度", Period{2023, 1, 12, true}, true},
		{"2023年累计", Period{2023, 1, 12, true}, true},
		{"2023年上半年", Period{2023, 1, 6, true}, true},
		{"2023年下半年", Period{2023, 7, 12, false}, true},
		{"2023年前三季度", Period{2023, 1, 9, true}, true},
		{"2023年前两季度", Period{2023, 1, 6, true}, true},
		{"2023年一季度", Period{2023, 1, 3, true}, true},
		{"2023年第一季度", Period{2023, 1, 3, true}, true},
		{"2023年1季度", Period{2023, 1, 3, true}, true},
		{"2023年Q1", Period{2023, 1, 3, true}, true},
		{"2023Q1", Period{2023, 1, 3, true}, true},
		{"2023 q4", Period{2023, 10, 12, false}, true},
		{"2023年二季度", Period{2023, 4, 6, false}, true},
		{"2023年第四季度", Period{2023, 10, 12, false}, true},
		{"2023年6月", Period{2023, 6, 6, false}, true},
		{"2023年06月份", Period{2023, 6, 6, false}, true},
		{"2023年十一月", Period{2023, 11, 11, false}, true},
		{"2023年1月", Period{2023, 1, 1, true}, true},
		{"累计", Period{0, 1, 12, true}, true},
		{"累計", Period{0, 1, 12, true}, true},
		{"1-6月", Period{0, 1, 6, true}, true},
		{"上半年", Period{0, 1, 6, true}, true},
		{"２０２３年１－６月", Period{2023, 1, 6, true}, true},
		{" 2023 年 1 - 6 月 ", Period{2023, 1, 6, true}, true},
		{"2023年1-6", Period{}, false},
		{"2023年6-1月", Period{}, false},
		{"2023年0-6月", Period{}, false},
		{"2023年1-13月", Period{}, false},
		{"2023年13月", Period{}, false},
		{"2023年五季度", Period{}, false},
		{"2023年Q5", Period{}, false},
		{"2023年1-6月7月", Period{}, false},
		{"20231-6月", Period{}, false},
		{"2023-06", Period{2023, 6, 6, false}, true},
		{"2023.6", Period{2023, 6, 6, false}, true},
		{"2023-06-30", Period{}, false},
		{"45003", Period{}, false},
		{"全年", Period{0, 1, 12, true}, true},
		{"", Period{}, false},
		{"本期", Period{}, false},
		{"6月", Period{0, 6, 6, false}, true},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if !tt.ok {
			if !errors.Is(err, ErrBadPeriod) {
				t.Errorf("ParsePeriod(%q) = %+v, %v; want ErrBadPeriod", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestParsePeriodError(t *testing.T) {
	_, err := ParsePeriod("本期")
	if err == nil || err.Error() != `"本期": not a reporting period` {
		t.Errorf("ParsePeriod error = %v", err)
	}
}

func FuzzPeriod(f *testing.F) {
	for _, s := range []string{"2023年1-6月", "累计", "2023年Q1", "2023年前三季度", "1—6月", "2023.6", "2023年十二月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			if !errors.Is(err, ErrBadPeriod) {
				t.Fatalf("ParsePeriod(%q) error %v does not wrap ErrBadPeriod", s, err)
			}
			return
		}
		if p.FromMonth < 1 || p.ToMonth > 12 || p.FromMonth > p.ToMonth {
			t.Fatalf("ParsePeriod(%q) = %+v has bad months", s, p)
		}
		if p.Cumulative != (p.FromMonth == 1) {
			t.Fatalf("ParsePeriod(%q) = %+v has bad Cumulative", s, p)
		}
	})
}
