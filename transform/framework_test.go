package transform

import (
	"strings"
	"testing"

	"github.com/pairstat/pairstat/transform/parse"
)

// frameworkFigure is one figure of the framework tests.
type frameworkFigure struct{ region, indicator, year, value, unit string }

func figuresOf(res *Result) []frameworkFigure {
	var got []frameworkFigure
	for _, r := range tableRows(res, "figures") {
		got = append(got, frameworkFigure{r["region"], r["indicator"], r["year"], r["value"], r["unit"]})
	}
	return got
}

// TestFrameworkIndicators: each indicator of the evaluation framework
// loads from a long and from a wide table, named by its Chinese name, an
// alias or its code, in either script, with its units (万元 and 亿元, 家
// for 个, 人 and 名, 人次, 场, 次 and 场次) in the cell, the unit column or
// the name's brackets.
func TestFrameworkIndicators(t *testing.T) {
	path := writeWorkbook(t, "framework.xlsx",
		sheet{name: "塘厦镇", rows: [][]any{
			{"年度", "指标", "数值", "单位"},
			{2023, "財政幫扶資金", "1.2亿元", nil},
			{2023, "社会帮扶资金（捐赠）", 350, "万元"},
			{2023, "引導企業", "12家", nil},
			{2023, "企业实际投资额", 5000000, "元"},
			{2023, "parks_built", 2, "个"},
			{2023, "轉移就業人數", "1,200人", nil},
			{2022, "劳动力技能培训（人次）", 1800, nil},
			{2023, "培训人次", 3500, "人次"},
			{2023, "互派干部", 36, "名"},
			{2023, "消费帮扶金额", "2,580.5万元", nil},
			{2023, "示范村", "5个", nil},
			{2022, "招商推介会场次", 5, "场次"},
			{2023, "招商推介會", "12场", nil},
		}},
		sheet{name: "始兴县按年", rows: [][]any{
			{"指标名称", "单位", "2022年", "2023年"},
			{"财政帮扶资金（亿元）", nil, 0.8, 1.1},
			{"捐赠资金", "万元", 100, 200},
			{"引导企业数", "家", 8, 10},
			{"引导企业实际投资额(万元)", nil, 3000, 4500.5},
			{"共建園區", "个", 1, 2},
			{"帮助农村劳动力转移就业（人）", nil, 900, 1100},
			{"劳动力技能培训（人次）", nil, 2000, "3,000人次"},
			{"互派干部和专业技术人才", "人", 20, 24},
			{"消費幫扶銷售額", "亿元", 0.2, 0.25},
			{"乡村振兴示范村", "个", 3, 4},
			{"推介活动（场）", nil, 6, "8次"},
		}},
	)
	res := mustConvert(t, path, Hints{})
	if res.Sheets[0].Kind != "indicator_long" || res.Sheets[1].Kind != "indicator_wide" {
		t.Fatalf("kinds = %s, %s", res.Sheets[0].Kind, res.Sheets[1].Kind)
	}
	want := []frameworkFigure{
		{"tangxia", "fiscal_aid", "2023", "12000.000000", "万元"},
		{"tangxia", "donated_funds", "2023", "350.000000", "万元"},
		{"tangxia", "enterprises_guided", "2023", "12.000000", "个"},
		{"tangxia", "enterprise_investment", "2023", "500.000000", "万元"},
		{"tangxia", "parks_built", "2023", "2.000000", "个"},
		{"tangxia", "labour_placed", "2023", "1200.000000", "人"},
		{"tangxia", "labour_trained", "2022", "1800.000000", "人次"},
		{"tangxia", "labour_trained", "2023", "3500.000000", "人次"},
		{"tangxia", "cadres_exchanged", "2023", "36.000000", "人"},
		{"tangxia", "consumption_sales", "2023", "2580.500000", "万元"},
		{"tangxia", "demo_villages", "2023", "5.000000", "个"},
		{"tangxia", "promotion_events", "2022", "5.000000", "场"},
		{"tangxia", "promotion_events", "2023", "12.000000", "场"},
		{"shixing", "fiscal_aid", "2022", "8000.000000", "万元"},
		{"shixing", "fiscal_aid", "2023", "11000.000000", "万元"},
		{"shixing", "donated_funds", "2022", "100.000000", "万元"},
		{"shixing", "donated_funds", "2023", "200.000000", "万元"},
		{"shixing", "enterprises_guided", "2022", "8.000000", "个"},
		{"shixing", "enterprises_guided", "2023", "10.000000", "个"},
		{"shixing", "enterprise_investment", "2022", "3000.000000", "万元"},
		{"shixing", "enterprise_investment", "2023", "4500.500000", "万元"},
		{"shixing", "parks_built", "2022", "1.000000", "个"},
		{"shixing", "parks_built", "2023", "2.000000", "个"},
		{"shixing", "labour_placed", "2022", "900.000000", "人"},
		{"shixing", "labour_placed", "2023", "1100.000000", "人"},
		{"shixing", "labour_trained", "2022", "2000.000000", "人次"},
		{"shixing", "labour_trained", "2023", "3000.000000", "人次"},
		{"shixing", "cadres_exchanged", "2022", "20.000000", "人"},
		{"shixing", "cadres_exchanged", "2023", "24.000000", "人"},
		{"shixing", "consumption_sales", "2022", "2000.000000", "万元"},
		{"shixing", "consumption_sales", "2023", "2500.000000", "万元"},
		{"shixing", "demo_villages", "2022", "3.000000", "个"},
		{"shixing", "demo_villages", "2023", "4.000000", "个"},
		{"shixing", "promotion_events", "2022", "6.000000", "场"},
		{"shixing", "promotion_events", "2023", "8.000000", "场"},
	}
	got := figuresOf(res)
	if len(got) != len(want) {
		t.Fatalf("got %d figures %v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("figure %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// Every framework indicator came from both tables.
	seen := map[string]map[string]bool{}
	for _, f := range got {
		if seen[f.indicator] == nil {
			seen[f.indicator] = map[string]bool{}
		}
		seen[f.indicator][f.region] = true
	}
	for _, code := range []string{"fiscal_aid", "donated_funds", "enterprises_guided", "enterprise_investment",
		"parks_built", "labour_placed", "labour_trained", "cadres_exchanged", "consumption_sales",
		"demo_villages", "promotion_events"} {
		if !seen[code]["tangxia"] || !seen[code]["shixing"] {
			t.Errorf("%s: loaded from %v, want the long and the wide table", code, seen[code])
		}
	}
}

// TestEventUnits: 场, 次 and 场次 are units of events in a header (a value
// column's, a year column's) and in a unit row; the wrong dimension (人
// or 人次 for events, 次 for people) is an error naming the cell.
func TestEventUnits(t *testing.T) {
	path := writeWorkbook(t, "塘厦.xlsx",
		sheet{name: "推介", rows: [][]any{
			{"年度", "指标", "完成值（次）"},
			{2023, "推介活动", 7},
			{2023, "转移就业", 3},
			{2024, "招商推介活动", "3人"},
			{2024, "联合招商推介会", "4人次"},
			{2024, "labour_placed", "5场"},
		}},
		sheet{name: "按年", rows: [][]any{
			{"指标", "2022年", "2023年"},
			{nil, "场次", "场"},
			{"联合招商推介", 2, 3},
		}},
	)
	res := convertFile(t, defaultCat(t), path, Hints{})
	for _, cell := range []string{"C3", "C4", "C5", "C6"} {
		problemAt(t, res, cell, ErrWrongUnit)
	}
	// The fix names the units of the indicator's own kind, from the catalog.
	if p := problemAt(t, res, "C4", ErrWrongUnit); !strings.Contains(p.Fix, "(场, 场次, 次)") || !strings.Contains(p.FixZh, "（场、场次、次）") {
		t.Errorf("fix for 3人 as events: %q / %q", p.Fix, p.FixZh)
	}
	if p := problemAt(t, res, "C6", ErrWrongUnit); !strings.Contains(p.Fix, "(人, 名)") {
		t.Errorf("fix for 5场 as people: %q", p.Fix)
	}
	if len(res.Problems) != 4 {
		t.Errorf("problems: %v", res.Err())
	}
	got := figuresOf(res) // the rows in error are left out
	want := []frameworkFigure{
		{"tangxia", "promotion_events", "2023", "7.000000", "场"},
		{"tangxia", "promotion_events", "2022", "2.000000", "场"},
		{"tangxia", "promotion_events", "2023", "3.000000", "场"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d figures %v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("figure %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestEventUnitNames: the longest unit wins (人次 is not 次, 场次 not 场),
// and a unit is taken out of an indicator name only in brackets, after
// 单位： or a slash, so that 培训人次 and 招商推介会场次 stay names.
func TestEventUnitNames(t *testing.T) {
	cat := defaultCat(t)
	for _, c := range []struct{ in, number, unit string }{
		{"12场", "12", "场"}, {"3次", "3", "次"}, {"5场次", "5", "场次"}, {"4人次", "4", "人次"}, {"8 次", "8", "次"},
	} {
		if number, unit := parse.SplitUnit(c.in, cat.unitNames); number != c.number || unit != c.unit {
			t.Errorf("SplitUnit(%q) = %q, %q; want %q, %q", c.in, number, unit, c.number, c.unit)
		}
	}
	for _, c := range []struct{ in, name, unit, code string }{
		{"培训人次", "培训人次", "", "labour_trained"},
		{"劳动力技能培训（人次）", "劳动力技能培训", "人次", "labour_trained"},
		{"招商推介会场次", "招商推介会场次", "", "promotion_events"},
		{"推介活动（场）", "推介活动", "场", "promotion_events"},
		{"推介活动(次)", "推介活动", "次", "promotion_events"},
		{"推介活动/场次", "推介活动", "场次", "promotion_events"},
		{"招商推介會（單位：場）", "招商推介会", "场", "promotion_events"},
	} {
		name, unit := parse.HeaderUnit(c.in, cat.unitNames)
		if name != c.name || unit != c.unit {
			t.Errorf("HeaderUnit(%q) = %q, %q; want %q, %q", c.in, name, unit, c.name, c.unit)
		}
		if ind, ok := cat.Indicator(name); !ok || ind.Code != c.code {
			t.Errorf("%q names %v, want %s", c.in, ind, c.code)
		}
	}
	for name, dimension := range map[string]string{"场": "events", "次": "events", "场次": "events", "人次": "person_times", "家": "count"} {
		if u, ok := cat.Unit(name); !ok || u.Dimension != dimension || u.Base != cat.base(dimension) || !u.Factor.Equal(one) {
			t.Errorf("unit %s = %+v, want %s at factor 1", name, u, dimension)
		}
	}
}
