package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// pairTargetsTitle is the title statisticians give the pair's targets table.
const pairTargetsTitle = "塘厦镇—始兴县2023年对口帮扶协作年度目标任务"

// pairTargets is a wide targets table of both regions: its amounts in 亿元
// (the unit column), 劳动力技能培训 with no actual in the samples.
var pairTargets = [][]any{
	{pairTargetsTitle},
	{"指标", "单位", "2023年目标"},
	{"帮扶资金", "亿元", 0.4},
	{"新签约项目", "个", 90},
	{"签约项目投资额", "亿元", 120},
	{"劳动力技能培训", "人次", 3000},
}

// targetsOf runs `pairstat targets --format csv` and returns its records
// keyed by year/region/indicator, failing on a header other than SPEC §5's.
func targetsOf(t *testing.T, db string, args ...string) map[string][]string {
	t.Helper()
	records := readCSV(t, runCLI(t, 0, append([]string{"targets", "--db", db, "--format", "csv"}, args...)...))
	if got := strings.Join(records[0], ","); got != "year,region,indicator,target,actual,unit,completion" {
		t.Fatalf("targets CSV header %q", got)
	}
	out := map[string][]string{}
	for _, r := range records[1:] {
		out[strings.Join(r[:3], "/")] = r
	}
	return out
}

// completionOf is actual ÷ target rounded half-up to 4 places, "" without
// an actual.
func completionOf(actual, target string) string {
	if actual == "" {
		return ""
	}
	return decimal.RequireFromString(actual).DivRound(decimal.RequireFromString(target), 4).String()
}

// wantTarget checks one target row: its target, actual, unit and completion
// (decimals compared exactly).
func wantTarget(t *testing.T, got map[string][]string, key, target, actual, unit string) {
	t.Helper()
	r, ok := got[key]
	if !ok {
		t.Errorf("no target %s in %v", key, got)
		return
	}
	completion := completionOf(actual, target)
	sameOrEmpty := func(a, b string) bool { return a == b || a != "" && b != "" && sameDecimal(a, b) }
	if !sameDecimal(r[3], target) || !sameOrEmpty(r[4], actual) || r[5] != unit || !sameOrEmpty(r[6], completion) {
		t.Errorf("target %s = %v, want target %s actual %q %s completion %q", key, r, target, actual, unit, completion)
	}
}

// ingestFiles ingests paths into db, aged so that they need not settle.
func ingestFiles(t *testing.T, db string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		age(t, filepath.Dir(p))
	}
	runCLI(t, 0, append([]string{"ingest", "--db", db}, paths...)...)
}

// TestTargetsBesideSamples loads the pair's targets beside the samples: the
// totals do not change, the targets are converted from 亿元, their actuals
// are the samples' totals and completion is exact; every output form and
// the trace show them.
func TestTargetsBesideSamples(t *testing.T) {
	samples, err := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	if err != nil || len(samples) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	inbox := filepath.Join(t.TempDir(), "samples")
	must(t, copySamples(samples, inbox))
	db := dbPath(t)
	runCLI(t, 0, "run", "--db", db, inbox)
	before := totalsCSV(t, db)
	path := filepath.Join(t.TempDir(), "目标任务.xlsx")
	writeRows(t, path, "目标任务", pairTargets)
	ingestFiles(t, db, path)
	if after := totalsCSV(t, db); !slices.EqualFunc(before, after, slices.Equal) {
		t.Errorf("totals changed when the targets were loaded:\nbefore %v\nafter  %v", before, after)
	}
	totals := map[string]string{}
	for _, r := range before[1:] {
		totals[strings.Join(r[:3], "/")] = r[3]
	}
	yi := decimal.NewFromInt(10000) // 万元 in a 亿元
	funds := decimal.NewFromFloat(pairTargets[2][2].(float64)).Mul(yi).String()
	investment := decimal.NewFromInt(int64(pairTargets[4][2].(int))).Mul(yi).String()
	got := targetsOf(t, db)
	if len(got) != 4 {
		t.Errorf("targets = %v, want the table's 4", got)
	}
	wantTarget(t, got, "2023/all/assistance_funds", funds, totals["2023/all/assistance_funds"], "万元")
	wantTarget(t, got, "2023/all/projects_signed", fmt.Sprint(pairTargets[3][2]), totals["2023/all/projects_signed"], "个")
	wantTarget(t, got, "2023/all/investment_signed", investment, totals["2023/all/investment_signed"], "万元")
	wantTarget(t, got, "2023/all/labour_trained", fmt.Sprint(pairTargets[5][2]), "", "人次")

	// JSON: the seven keys, numbers exact, null where there is no total.
	var objs []map[string]any
	dec := json.NewDecoder(strings.NewReader(runCLI(t, 0, "targets", "--db", db, "--format", "json")))
	dec.UseNumber()
	must(t, dec.Decode(&objs))
	if len(objs) != len(got) {
		t.Fatalf("json has %d targets, csv %d", len(objs), len(got))
	}
	for _, o := range objs {
		for _, k := range []string{"year", "region", "indicator", "target", "actual", "unit", "completion", "name_zh", "name_en", "area"} {
			if _, ok := o[k]; !ok {
				t.Errorf("json object %v has no key %q", o, k)
			}
		}
		r := got[fmt.Sprintf("%v/%v/%v", o["year"], o["region"], o["indicator"])]
		for k, col := range map[string]int{"target": 3, "actual": 4, "completion": 6} {
			v, isNumber := o[k].(json.Number)
			if want := r[col]; want == "" && o[k] != nil || want != "" && (!isNumber || v.String() != want) {
				t.Errorf("json %s of %v = %#v, csv %q", k, r[:3], o[k], want)
			}
		}
	}

	// The table: names in the language chosen, completion as a percentage.
	pct := func(key string) string {
		return decimal.RequireFromString(got[key][6]).Shift(2).StringFixed(2) + "%"
	}
	en := runCLI(t, 0, "--lang", "en", "targets", "--db", db, "--year", "2023")
	zh := runCLI(t, 0, "--lang", "zh", "targets", "--db", db, "--indicator", "帮扶资金")
	for _, want := range []string{"completion", "both", "Assistance funds", pct("2023/all/assistance_funds"), "Labour skills training", "3,000"} {
		if !strings.Contains(en, want) {
			t.Errorf("targets table (en) lacks %q:\n%s", want, en)
		}
	}
	for _, want := range []string{"完成率", "两地", "帮扶资金", pct("2023/all/assistance_funds")} {
		if !strings.Contains(zh, want) {
			t.Errorf("targets table (zh) lacks %q:\n%s", want, zh)
		}
	}
	if strings.Contains(zh, "劳动力技能培训") {
		t.Errorf("--indicator 帮扶资金 shows other targets:\n%s", zh)
	}

	// The trace lists the target cell; the counted cells still sum to the total.
	trace := readCSV(t, runCLI(t, 0, "trace", "--db", db, "--year", "2023", "--indicator", "assistance_funds", "--format", "csv"))
	sum := decimal.Zero
	var targets [][]string
	for _, r := range trace[1:] {
		switch r[5] {
		case "counted":
			sum = sum.Add(decimal.RequireFromString(r[4]))
		case "target":
			targets = append(targets, r)
		}
	}
	if !sum.Equal(decimal.RequireFromString(totals["2023/all/assistance_funds"])) {
		t.Errorf("counted cells sum to %s, total %s", sum, totals["2023/all/assistance_funds"])
	}
	if want := []string{path, "目标任务", "C3", "all"}; len(targets) != 1 || !slices.Equal(targets[0][:4], want) || !sameDecimal(targets[0][4], funds) {
		t.Errorf("trace target cells %v, want one: %v %s", targets, want, funds)
	}
	table := runCLI(t, 0, "--lang", "en", "trace", "--db", db, "--year", "2023", "--indicator", "assistance_funds")
	if !strings.Contains(table, "target in force (all): "+targets[0][4]+"\n") {
		t.Errorf("trace table does not name the target in force:\n%s", table)
	}
	if shixing := runCLI(t, 0, "trace", "--db", db, "--year", "2023", "--indicator", "assistance_funds", "--region", "shixing", "--format", "csv"); strings.Contains(shixing, "target") {
		t.Errorf("the pair's target is traced under one region:\n%s", shixing)
	}

	// check counts the target cells of each table.
	if out := runCLI(t, 0, "--lang", "en", "check", path); !strings.Contains(out, ", 4 rows, 4 targets,") {
		t.Errorf("check (en) does not count the targets:\n%s", out)
	}
	if out := runCLI(t, 0, "--lang", "zh", "check", path); !strings.Contains(out, "数据 4 行，目标任务 4 项，") {
		t.Errorf("check (zh) does not count the targets:\n%s", out)
	}
}

// TestTargetsLongAndOneRegion: a long table of Tangxia with 目标值 beside
// 完成值 sets Tangxia's targets, and the pair's own target is not added to
// them.
func TestTargetsLongAndOneRegion(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, "塘厦镇2023年指标.xlsx")
	writeRows(t, long, "指标", [][]any{
		{"塘厦镇2023年对口帮扶协作主要指标"},
		{"年度", "指标", "完成值", "目标值", "单位"},
		{2023, "技能培训人次", 2550, 2400, "人次"},
		{2023, "招商推介活动", "9场", "8场", nil},
	})
	pair := filepath.Join(dir, "两地目标.xlsx")
	writeRows(t, pair, "目标", [][]any{
		{pairTargetsTitle},
		{"指标", "单位", "2023年目标"},
		{"劳动力技能培训", "人次", 5000},
	})
	db := dbPath(t)
	ingestFiles(t, db, long, pair)
	got := targetsOf(t, db)
	wantTarget(t, got, "2023/tangxia/labour_trained", "2400", "2550", "人次")
	wantTarget(t, got, "2023/tangxia/promotion_events", "8", "9", "场")
	wantTarget(t, got, "2023/all/labour_trained", "5000", "2550", "人次")
	if len(got) != 3 {
		t.Errorf("targets = %v: Tangxia's are not the pair's", got)
	}
	if c := got["2023/tangxia/labour_trained"][6]; c != "1.0625" {
		t.Errorf("2550 ÷ 2400 = %q, want 1.0625", c)
	}
	if out := runCLI(t, 0, "--lang", "en", "targets", "--db", db, "--region", "塘厦镇"); !strings.Contains(out, "106.25%") || !strings.Contains(out, "112.50%") || strings.Contains(out, "both") {
		t.Errorf("targets --region 塘厦镇:\n%s", out)
	}
}

// TestTargetsCorrected: a corrected workbook under the same path puts its
// target in force; the old one is gone.
func TestTargetsCorrected(t *testing.T) {
	inbox := t.TempDir()
	path := filepath.Join(inbox, "目标.xlsx")
	rows := func(target any) [][]any {
		return [][]any{{pairTargetsTitle}, {"指标", "单位", "2023年目标"}, {"帮扶资金", "万元", target}}
	}
	db := dbPath(t)
	writeRows(t, path, "目标", rows(5000))
	ingestFiles(t, db, inbox)
	wantTarget(t, targetsOf(t, db), "2023/all/assistance_funds", "5000", "", "万元")
	writeRows(t, path, "目标", rows("0.6亿元"))
	ingestFiles(t, db, inbox)
	got := targetsOf(t, db)
	wantTarget(t, got, "2023/all/assistance_funds", "6000", "", "万元")
	if len(got) != 1 {
		t.Errorf("targets after the correction = %v", got)
	}
	trace := readCSV(t, runCLI(t, 0, "trace", "--db", db, "--year", "2023", "--indicator", "assistance_funds", "--format", "csv"))
	if len(trace) != 2 || trace[1][5] != "target" || !sameDecimal(trace[1][4], "6000") {
		t.Errorf("trace after the correction = %v, want the new target only", trace)
	}
}

// TestTargetsNone: without targets the table says so, the CSV is its
// header and the JSON [].
func TestTargetsNone(t *testing.T) {
	db := samplesDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "en", "targets"}, "no targets loaded: ingest a workbook with a 年度目标任务 table\n"},
		{[]string{"--lang", "zh", "targets"}, "尚未载入年度目标任务：请先载入含目标任务表的工作簿\n"},
		{[]string{"--lang", "en", "targets", "--year", "2023"}, "no targets for this year, region and indicator\n"},
		{[]string{"targets", "--format", "csv"}, "year,region,indicator,target,actual,unit,completion\n"},
		{[]string{"targets", "--format", "json"}, "[]\n"},
	} {
		if got := runCLI(t, 0, append(c.args, "--db", db)...); got != c.want {
			t.Errorf("pairstat %v = %q, want %q", c.args, got, c.want)
		}
	}
	var stderr bytes.Buffer
	if status := Do(t.Context(), []string{"targets", "--db", db, "--indicator", "nonsense"}, strings.NewReader(""), &bytes.Buffer{}, &stderr); status != exitFailure || !strings.Contains(stderr.String(), "not an indicator of the catalog") {
		t.Errorf("an unknown indicator: status %d, %s", status, stderr.String())
	}
}
