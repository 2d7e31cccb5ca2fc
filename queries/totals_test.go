package queries_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// figureSheet is a long indicator table of region (named in its title)
// with the header 年度 | 指标 | 数值 | 单位.
func figureSheet(name, region string, rows ...[]any) sheet {
	return sheet{name: name, rows: append([][]any{
		{region + "主要指标完成情况"},
		{"年度", "指标", "数值", "单位"},
	}, rows...)}
}

// totalsBy indexes totals by year, region and indicator.
func totalsBy(totals []queries.Total) map[string]queries.Total {
	m := map[string]queries.Total{}
	for _, t := range totals {
		m[fmt.Sprint(t.Year, "/", t.Region, "/", t.Indicator)] = t
	}
	return m
}

func allTotals(t *testing.T, db *queries.DB) []queries.Total {
	t.Helper()
	got, err := db.Totals(context.Background(), queries.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestTotalsLedgerWinsOverFigure(t *testing.T) {
	db := openDB(t)
	ledger := []string{"1200.5", "3567.5"}
	direct := map[string]string{"shixing": "100", "tangxia": "250"}
	loadSheets(t, db, "report.xlsx",
		figureSheet("始兴指标", "始兴县", []any{2023, "帮扶资金", direct["shixing"], "万元"}),
		fundLedger("始兴资金", "始兴县", 2023, ledger[0], ledger[1]),
		figureSheet("塘厦指标", "塘厦镇", []any{2023, "帮扶资金", direct["tangxia"], "万元"}),
	)
	// The shixing figure is loaded: it loses to the ledger, it is not missing.
	if n := count(t, db, `SELECT count(*) FROM figures WHERE region = 'shixing' AND indicator = 'assistance_funds' AND year = 2023`); n != 1 {
		t.Fatalf("%d shixing assistance_funds figures loaded, want 1", n)
	}

	ledgerSum := sumOf(t, ledger...)
	want := map[string]queries.Total{
		"shixing": {Year: 2023, Region: "shixing", Indicator: "assistance_funds", Value: ledgerSum.String(), Unit: "万元", Basis: "ledger"},
		"tangxia": {Year: 2023, Region: "tangxia", Indicator: "assistance_funds", Value: direct["tangxia"], Unit: "万元", Basis: "figure"},
		"all": {Year: 2023, Region: "all", Indicator: "assistance_funds",
			Value: ledgerSum.Add(decimal.RequireFromString(direct["tangxia"])).String(), Unit: "万元", Basis: "mixed"},
	}
	for region, w := range want {
		got, ok := total(t, db, 2023, region, "assistance_funds")
		if !ok || got != w {
			t.Errorf("%s total = %+v, want %+v", region, got, w)
		}
	}
	if got := allTotals(t, db); len(got) != len(want) {
		t.Errorf("totals = %+v, want only the %d assistance_funds totals", got, len(want))
	}
}

func TestTotalsLatestCumulativeReport(t *testing.T) {
	type report struct {
		period string
		upto   int // last month of the period
		value  int
	}
	tests := []struct {
		name    string
		reports []report
	}{
		{name: "half year then full year", reports: []report{{"2023年1-6月", 6, 40}, {"2023年1-12月", 12, 85}}},
		{name: "full year listed first", reports: []report{{"2023年1-12月", 12, 85}, {"2023年1-6月", 6, 40}}},
		{name: "only half year", reports: []report{{"2023年1-6月", 6, 40}}},
		{name: "quarters to date", reports: []report{{"2023年1-3月", 3, 21}, {"2023年1-9月", 9, 63}, {"2023年1-6月", 6, 40}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			rows := [][]any{{"始兴县2023年产业共建指标报告"}, {"报告期", "指标", "数值"}}
			latest := tt.reports[0]
			for _, r := range tt.reports {
				rows = append(rows, []any{r.period, "新签约项目", r.value})
				if r.upto > latest.upto {
					latest = r
				}
			}
			loadSheets(t, db, "cumulative.xlsx", sheet{name: "指标", rows: rows})
			if n := count(t, db, `SELECT count(*) FROM figures WHERE cumulative AND period_from = 1 AND period_to IS NOT NULL`); n != len(tt.reports) {
				t.Fatalf("%d cumulative figures with a period loaded, want %d (报告期 not read?)", n, len(tt.reports))
			}
			for _, region := range []string{"shixing", "all"} {
				got, ok := total(t, db, 2023, region, "projects_signed")
				want := queries.Total{Year: 2023, Region: region, Indicator: "projects_signed",
					Value: strconv.Itoa(latest.value), Unit: "个", Partial: latest.upto < 12, Basis: "figure"}
				if !ok || got != want {
					t.Errorf("%s total = %+v, want %+v (the latest report, %s)", region, got, want, latest.period)
				}
			}
		})
	}
}

// A report of a single period after the months of the latest cumulative
// report adds to it; one within them, or a period restated, does not; and
// the cells the trace counts add up to the total.
func TestTotalsPeriodReportsAfterCumulative(t *testing.T) {
	db := openDB(t)
	loadSheets(t, db, "periods.xlsx", sheet{name: "指标", rows: [][]any{
		{"始兴县2023年产业共建指标报告"},
		{"报告期", "指标", "数值"},
		{"2023年1-6月", "新签约项目", 40},
		{"2023年4-6月", "新签约项目", 10}, // within 1–6月: held by it
		{"2023年7-9月", "新签约项目", 15}, // restated below
		{"2023年7-9月", "新签约项目", 16},
	}})
	got, ok := total(t, db, 2023, "shixing", "projects_signed")
	want := queries.Total{Year: 2023, Region: "shixing", Indicator: "projects_signed", Value: "56", Unit: "个", Partial: true, Basis: "figure"}
	if !ok || got != want {
		t.Errorf("total = %+v, want %+v (1–6月 40 + 7–9月 16, to September)", got, want)
	}
	counted := query(t, db, `SELECT string_agg(value::INT::VARCHAR, '+' ORDER BY "row"), sum(value)::INT FROM fact_status
		WHERE status = 'counted' AND indicator = 'projects_signed' AND region = 'shixing'`)
	if counted[0][0] != "40+16" || counted[0][1] != "56" {
		t.Errorf("counted cells %s = %s, want 40+16 = 56", counted[0][0], counted[0][1])
	}
}

func TestTotalsRegionAllSumsRegions(t *testing.T) {
	db := openDB(t)
	funds := map[string][]string{
		"tangxia": {"1500", "268.25"},
		"shixing": {"2000", "999.75", "0.01"},
	}
	// Project ledgers: investment in 亿元, converted to 万元 (× 10000).
	type project struct {
		signed     time.Time
		investment string
	}
	projects := map[string][]project{
		"tangxia": {
			{time.Date(2023, 3, 18, 0, 0, 0, 0, time.UTC), "2.5"},
			{time.Date(2023, 11, 2, 0, 0, 0, 0, time.UTC), "0.8"},
			{time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), "7"},
		},
		"shixing": {
			{time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), "1.25"},
		},
	}
	names := map[string]string{"tangxia": "塘厦镇", "shixing": "始兴县"}
	for _, region := range []string{"tangxia", "shixing"} {
		rows := [][]any{{names[region] + "2023年产业共建项目台账"}, {"项目名称", "签约日期", "投资额（亿元）"}}
		for i, p := range projects[region] {
			rows = append(rows, []any{fmt.Sprintf("紧固件项目%d", i+1), p.signed, p.investment})
		}
		cells := make([]any, len(funds[region]))
		for i, f := range funds[region] {
			cells[i] = f
		}
		// A total row and a breakdown row are never added to the sums.
		ledger := fundLedger("资金", names[region], 2023, cells...)
		ledger.rows = append(ledger.rows,
			[]any{2023, "教育", "其中：学校建设", funds[region][0]},
			[]any{"合计", "", "", sumOf(t, funds[region]...).String()})
		loadSheets(t, db, region+".xlsx", ledger, sheet{name: "项目", rows: rows})
	}

	// Expected totals, computed from the inputs.
	type key struct {
		year              int
		region, indicator string
	}
	want := map[key]decimal.Decimal{}
	add := func(k key, v decimal.Decimal) {
		want[k] = want[k].Add(v)
		all := key{k.year, "all", k.indicator}
		want[all] = want[all].Add(v)
	}
	for region, amounts := range funds {
		add(key{2023, region, "assistance_funds"}, sumOf(t, amounts...))
	}
	for region, ps := range projects {
		for _, p := range ps {
			y := p.signed.Year()
			add(key{y, region, "projects_signed"}, decimal.NewFromInt(1))
			add(key{y, region, "investment_signed"}, decimal.RequireFromString(p.investment).Mul(decimal.NewFromInt(10000)))
		}
	}

	got := allTotals(t, db)
	if len(got) != len(want) {
		t.Errorf("%d totals, want %d: %+v", len(got), len(want), got)
	}
	for _, g := range got {
		w, ok := want[key{g.Year, g.Region, g.Indicator}]
		if !ok {
			t.Errorf("unexpected total %+v", g)
			continue
		}
		if g.Value != w.String() || g.Basis != "ledger" || g.Partial {
			t.Errorf("total %d %s %s = %s (%s, partial %v), want %s from ledgers",
				g.Year, g.Region, g.Indicator, g.Value, g.Basis, g.Partial, w)
		}
	}
}

func TestTotalsNullIsNotZero(t *testing.T) {
	tests := []struct {
		name    string
		amounts []any
		figure  string // a direct figure for the same year and region, if set
		want    string // "" for no total at all
		basis   string
	}{
		{name: "all amounts empty", amounts: []any{"", "-", "—", "/", "无"}},
		{name: "empty amounts beside values", amounts: []any{"-", 12.5, "", 30}, want: "42.5", basis: "ledger"},
		{name: "empty ledger does not hide a figure", amounts: []any{"-", "无"}, figure: "77", want: "77", basis: "figure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			sheets := []sheet{fundLedger("资金", "始兴县", 2023, tt.amounts...)}
			if tt.figure != "" {
				sheets = append(sheets, figureSheet("指标", "始兴县", []any{2023, "帮扶资金", tt.figure, "万元"}))
			}
			loadSheets(t, db, "funds.xlsx", sheets...)
			rows := query(t, db, `SELECT count(*), count(amount) FROM funds WHERE role = 'data'`)
			values := 0
			for _, a := range tt.amounts {
				if _, isText := a.(string); !isText {
					values++
				}
			}
			if fmt.Sprint(rows[0]) != fmt.Sprint([]string{strconv.Itoa(len(tt.amounts)), strconv.Itoa(values)}) {
				t.Fatalf("fund rows (all, with amount) = %v, want %d and %d", rows[0], len(tt.amounts), values)
			}

			got, err := db.Totals(context.Background(), queries.Filter{Indicator: "assistance_funds"})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("totals = %+v, want none: empty amounts are no value, not zero", got)
				}
				return
			}
			byKey := totalsBy(got)
			for _, region := range []string{"shixing", "all"} {
				g, ok := byKey["2023/"+region+"/assistance_funds"]
				if !ok || g.Value != tt.want || g.Basis != tt.basis {
					t.Errorf("%s total = %+v, want %s from the %s", region, g, tt.want, tt.basis)
				}
			}
			if len(got) != 2 {
				t.Errorf("totals = %+v, want shixing and all only", got)
			}
		})
	}
}

func TestTotalsFilters(t *testing.T) {
	db := openDB(t)
	loadSheets(t, db, "tangxia.xlsx",
		fundLedger("2022", "塘厦镇", 2022, 300, 45.5),
		fundLedger("2023", "塘厦镇", 2023, 1200),
		figureSheet("指标", "塘厦镇", []any{2022, "新签约项目", 7, "个"}, []any{2023, "新签约项目", 9, "个"}),
	)
	loadSheets(t, db, "shixing.xlsx",
		fundLedger("资金", "始兴县", 2023, 88.8),
		figureSheet("指标", "始兴县", []any{2023, "新开工项目", 4, "个"}),
	)
	all := allTotals(t, db)

	// Order: year, catalog order of indicators, region with "all" last.
	position := map[string]int{}
	for i, ind := range testCatalog(t).Indicators {
		position[ind.Code] = i
	}
	sorted := slices.IsSortedFunc(all, func(a, b queries.Total) int {
		if a.Year != b.Year {
			return a.Year - b.Year
		}
		if a.Indicator != b.Indicator {
			return position[a.Indicator] - position[b.Indicator]
		}
		if (a.Region == "all") != (b.Region == "all") {
			if a.Region == "all" {
				return 1
			}
			return -1
		}
		if a.Region < b.Region {
			return -1
		}
		if a.Region > b.Region {
			return 1
		}
		return 0
	})
	if !sorted {
		t.Errorf("totals are not ordered by year, indicator, region (all last): %+v", all)
	}

	tests := []queries.Filter{
		{Year: 2022},
		{Year: 2023},
		{Region: "tangxia"},
		{Region: "all"},
		{Indicator: "projects_signed"},
		{Year: 2023, Region: "shixing"},
		{Year: 2023, Region: "all", Indicator: "assistance_funds"},
		{Year: 2021},
		{Region: "nowhere"},
	}
	for _, f := range tests {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			var want []queries.Total
			for _, tot := range all {
				if (f.Year == 0 || tot.Year == f.Year) && (f.Region == "" || tot.Region == f.Region) &&
					(f.Indicator == "" || tot.Indicator == f.Indicator) {
					want = append(want, tot)
				}
			}
			got, err := db.Totals(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("Totals(%+v) = %+v, want %+v", f, got, want)
			}
			if len(want) == len(all) {
				t.Errorf("filter %+v keeps every total: the data does not test it", f)
			}
		})
	}
}

// Conflicts names each figure that does not count because a ledger or a
// later report of the same months gives another value, with both values
// and places; equal figures are no conflict. Their warnings, recorded,
// are listed with the figure's source, and replaced by the next record.
func TestConflicts(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	_, figures := loadSheets(t, db, "指标.xlsx",
		figureSheet("塘厦指标", "塘厦镇",
			[]any{2023, "帮扶资金", 3500, "万元"},    // C3: the ledger gives 3000
			[]any{2023, "联合招商推介活动", 3, "场"},    // C4: restated below
			[]any{2023, "联合招商推介活动", 4, "场"},    // C5: counts
			[]any{2023, "互派干部和专业技术人才", 5, "人"}, // C6: restated, equal
			[]any{2023, "互派干部和专业技术人才", 5, "人"}),
	)
	loadSheets(t, db, "资金台账.xlsx", fundLedger("塘厦资金", "塘厦镇", 2023, "1000", "2000"))
	got, err := db.Conflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []queries.Conflict{
		{Kind: queries.ConflictLedger, Year: 2023, Region: "tangxia", Indicator: "assistance_funds", SourceID: figures,
			File: "指标.xlsx", Sheet: "塘厦指标", Cell: "C3", Value: "3500", CountedValue: "3000", CountedFile: "资金台账.xlsx"},
		{Kind: queries.ConflictRestated, Year: 2023, Region: "tangxia", Indicator: "promotion_events", SourceID: figures,
			File: "指标.xlsx", Sheet: "塘厦指标", Cell: "C4", Value: "3", CountedValue: "4",
			CountedFile: "指标.xlsx", CountedSheet: "塘厦指标", CountedCell: "C5"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("conflicts =\n%+v\nwant\n%+v", got, want)
	}
	ws := []queries.ConflictWarning{{SourceID: figures, Warning: transform.Warning{File: "指标.xlsx", Sheet: "塘厦指标", Cell: "C4",
		Kind: queries.ConflictRestated, Expected: "4 场", Found: "3 场", En: "restated", Zh: "重复填报"}}}
	for _, record := range [][]queries.ConflictWarning{ws, ws, nil} {
		listed := recordConflicts(t, db, record)
		if len(listed) != len(record) || len(record) == 1 && (listed[0].SourceID != figures || listed[0].Cell != "C4") {
			t.Errorf("after recording %d conflict warning(s), the sources' warnings are %+v", len(record), listed)
		}
	}
}

// A project ledger's 合计 row is traced under the year of the projects it
// covers, as a total row that does not count, with its cross-check.
func TestTraceListsProjectTotalRow(t *testing.T) {
	db := openDB(t)
	loadSheets(t, db, "项目.xlsx", sheet{name: "项目台账", rows: [][]any{
		{"塘厦镇产业共建项目台账"},
		{"项目名称", "投资额（万元）", "签约日期"},
		{"甲", 100, "2023-03-01"},
		{"乙", 200, "2023-04-01"},
		{"合计", 300, nil},
	}})
	rows, err := db.Trace(context.Background(), 2023, "investment_signed", "tangxia")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprint(r.Cell, " ", r.Value, " ", r.Status, " ", r.Check))
	}
	if want := []string{"B3 100 counted ", "B4 200 counted ", "B5 300 total row ok"}; !slices.Equal(got, want) {
		t.Errorf("trace = %q, want %q", got, want)
	}
}

// recordConflicts records the conflict warnings (replacing the earlier
// ones) and returns the sources' warnings then listed.
func recordConflicts(t *testing.T, db *queries.DB, record []queries.ConflictWarning) []queries.SourceWarning {
	t.Helper()
	if err := db.ReplaceConflictWarnings(t.Context(), record); err != nil {
		t.Fatal(err)
	}
	listed, err := db.SourceWarnings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return listed
}
