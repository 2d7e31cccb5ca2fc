package parse

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var testUnits = []string{"元", "千元", "万元", "百万元", "亿元", "个", "项", "家", "人", "人次", "%"}

func TestText(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"total", "total"},
		{"ＴＯＴＡＬ", "total"},
		{"Total", "total"},
		{" 投資額\n（萬元） ", "投资额(万元)"},
		{"投资额（万元）", "投资额(万元)"},
		{"投资额(万元)", "投资额(万元)"},
		{"单位：万元", "单位:万元"},
		{"單位：萬元", "单位:万元"},
		{"项\u3000目\t名\r\n称", "项目名称"},
		{"项目\u00a0名称", "项目名称"},
		{"\ufeff项目\u200b名称", "项目名称"},
		{"合計", "合计"},
		{"總計", "总计"},
		{"產業共建項目台賬", "产业共建项目台账"},
		{"１２５", "125"},
		{"2023年1—6月", "2023年1—6月"},
		{"Ａ－Ｂ", "a-b"},
		{"ÄBC", "Äbc"},
		{"\xff项目", "\ufffd项目"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTextSimplifiedUnchanged guards against t2s rewriting the simplified
// header words the readers look for.
func TestTextSimplifiedUnchanged(t *testing.T) {
	words := []string{
		"项目名称", "所属地区", "产业", "行业", "投资额", "总投资", "计划总投资",
		"签约日期", "签约时间", "开工日期", "投产日期", "备注", "帮扶资金", "年度",
		"年份", "领域", "类别", "教育", "医疗", "劳务协作", "劳务对接", "消费帮扶",
		"市场消费", "用途", "金额", "资金", "镇", "村", "状态", "进度", "已落地",
		"落地见效", "已完成", "在建", "筹备", "完成时间", "落地时间", "指标",
		"指标名称", "数值", "值", "完成值", "单位", "地区", "报告期", "合计", "总计",
		"小计", "其中", "序号", "联系人", "填表说明", "塘厦镇", "始兴县", "累计",
		"上半年", "前三季度", "全年", "万元", "亿元", "千元", "百万元", "人次",
	}
	for _, w := range words {
		if got := Text(w); got != w {
			t.Errorf("Text(%q) = %q, want unchanged", w, got)
		}
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"  ", ""},
		{" 塘厦镇 ", "塘厦镇"},
		{"教育\n帮扶", "教育 帮扶"},
		{"a \t\r\n b", "a b"},
		{"\u3000项目\u3000\u3000一\u3000", "项目 一"},
		{"ＡＢＣ（１）", "ABC(1)"},
		{"產業", "產業"},
		{"ｶﾀｶﾅ￥", "ｶﾀｶﾅ￥"},
		{"a\u200bb", "ab"},
		{"Mixed Case", "Mixed Case"},
	}
	for _, tt := range tests {
		if got := Display(tt.in); got != tt.want {
			t.Errorf("Display(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsNull(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"   ", true},
		{"\u3000\n", true},
		{"-", true},
		{" - ", true},
		{"--", true},
		{"—", true},
		{"——", true},
		{"–", true},
		{"―", true},
		{"－", true},
		{"/", true},
		{"／", true},
		{"无", true},
		{"無", true},
		{"n/a", true},
		{"N/A", true},
		{"Ｎ／Ａ", true},
		{"0", false},
		{"---", false},
		{"无数据", false},
		{"na", false},
		{"12", false},
		{"a", false},
	}
	for _, tt := range tests {
		if got := IsNull(tt.in); got != tt.want {
			t.Errorf("IsNull(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSplitUnit(t *testing.T) {
	tests := []struct {
		in, number, unit string
	}{
		{"125亿元", "125", "亿元"},
		{"4768万", "4768万", ""},
		{"4768万元", "4768", "万元"},
		{"12 个", "12", "个"},
		{" 12个 ", "12", "个"},
		{"1,250", "1,250", ""},
		{"", "", ""},
		{"125億元", "125", "亿元"},
		{"１２５萬元", "１２５", "万元"},
		{"3.5 百万元", "3.5", "百万元"},
		{"500元", "500", "元"},
		{"1200人次", "1200", "人次"},
		{"1200人", "1200", "人"},
		{"12%", "12", "%"},
		{"12％", "12", "%"},
		{"5万 元", "5", "万元"},
		{"万元", "", "万元"},
		{"abc", "abc", ""},
	}
	for _, tt := range tests {
		number, unit := SplitUnit(tt.in, testUnits)
		if number != tt.number || unit != tt.unit {
			t.Errorf("SplitUnit(%q) = (%q, %q), want (%q, %q)", tt.in, number, unit, tt.number, tt.unit)
		}
	}
}

func TestSplitUnitWan(t *testing.T) {
	units := []string{"万", "万元", "元"}
	tests := []struct {
		in, number, unit string
	}{
		{"4768万", "4768", "万"},
		{"4768万元", "4768", "万元"},
		{"4768元", "4768", "元"},
	}
	for _, tt := range tests {
		number, unit := SplitUnit(tt.in, units)
		if number != tt.number || unit != tt.unit {
			t.Errorf("SplitUnit(%q) = (%q, %q), want (%q, %q)", tt.in, number, unit, tt.number, tt.unit)
		}
	}
}

func TestHeaderUnit(t *testing.T) {
	tests := []struct {
		in, name, unit string
	}{
		{"投资额（亿元）", "投资额", "亿元"},
		{"投资额(亿元)", "投资额", "亿元"},
		{"帮扶资金(万元)", "帮扶资金", "万元"},
		{"投資額\n（萬元）", "投资额", "万元"},
		{"金额/万元", "金额", "万元"},
		{"金额【万元】", "金额", "万元"},
		{"金额[万元]", "金额", "万元"},
		{"金额（单位：万元）", "金额", "万元"},
		{"单位：万元", "", "万元"},
		{"单位:万元", "", "万元"},
		{"單位：萬元", "", "万元"},
		{"金额，单位：万元", "金额", "万元"},
		{"人数（人次）", "人数", "人次"},
		{"金额", "金额", ""},
		{"金额 万元", "金额", "万元"},
		{"投资额 亿元", "投资额", "亿元"},
		{"项目 名称", "项目名称", ""},
		{"总投资（人民币万元）", "总投资", "万元"},
		{"计划总投资(亿元人民币)", "计划总投资", "亿元"},
		{"金额（RMB 万元）", "金额", "万元"},
		{"金额（人民币）", "金额", ""},
		{"项目(一期)", "项目(一期)", ""},
		{"地区/所属地区", "地区/所属地区", ""},
		{"/万元", "/万元", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		name, unit := HeaderUnit(tt.in, testUnits)
		if name != tt.name || unit != tt.unit {
			t.Errorf("HeaderUnit(%q) = (%q, %q), want (%q, %q)", tt.in, name, unit, tt.name, tt.unit)
		}
	}
}

func TestTextConcurrent(t *testing.T) {
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			for i := 0; i < 200; i++ {
				if Text("投資額（萬元）") != "投资额(万元)" {
					t.Error("concurrent Text mismatch")
				}
			}
			done <- true
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", " 投資額\n（萬元） ", "ＴＯＴＡＬ", "\xff\xfe", "a\u200bb", "单位：万元"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Text(%q) = %q is not valid UTF-8", s, got)
		}
		for _, r := range got {
			if isSpace(r) || ('A' <= r && r <= 'Z') {
				t.Fatalf("Text(%q) = %q keeps %q", s, got, r)
			}
		}
		d := Display(s)
		if d != strings.TrimFunc(d, unicode.IsSpace) || strings.Contains(d, "  ") {
			t.Fatalf("Display(%q) = %q is not trimmed and collapsed", s, d)
		}
		IsNull(s)
		n, u := SplitUnit(s, testUnits)
		if u == "" && n != strings.TrimFunc(s, isSpace) {
			t.Fatalf("SplitUnit(%q) = (%q, %q) without unit changes the text", s, n, u)
		}
		HeaderUnit(s, testUnits)
	})
}
