package export

import (
	"slices"
	"testing"

	"github.com/pairstat/pairstat/queries"
	"github.com/pairstat/pairstat/transform"
)

// TestSummaryAreas: 年度汇总 gathers each area's indicators under one
// heading row, areas in the order they first appear in the catalog, even
// when a catalog interleaves them; an indicator without an area, or
// one the catalog does not know, comes after them with no heading.
func TestSummaryAreas(t *testing.T) {
	cat, err := transform.LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	// A 全面帮扶 indicator among the 产业共建 ones, and one with no area.
	for i := range cat.Indicators {
		switch ind := &cat.Indicators[i]; ind.Code {
		case "projects_started":
			ind.Area = "全面帮扶"
		case "parks_built":
			ind.Area = ""
		}
	}
	var totals []queries.ExportTotal
	for _, code := range []string{"assistance_funds", "unknown_code", "projects_signed", "parks_built",
		"promotion_events", "demo_villages", "projects_started", "labour_trained"} {
		for _, region := range []string{"tangxia", "all"} {
			totals = append(totals, queries.ExportTotal{Total: queries.Total{Year: 2023, Region: region, Indicator: code, Value: "1"}})
		}
	}
	l := layoutSummary(totals, cat)
	var order []string
	for _, ind := range l.indicators {
		order = append(order, ind.Indicator)
	}
	if want := []string{"projects_signed", "promotion_events", "projects_started", "assistance_funds", "labour_trained",
		"demo_villages", "parks_built", "unknown_code"}; !slices.Equal(order, want) {
		t.Errorf("indicators %v, want %v", order, want)
	}
	if want := []areaHeading{{3, "产业共建"}, {8, "全面帮扶"}, {15, "乡村振兴"}}; !slices.Equal(l.areas, want) {
		t.Errorf("area headings %v, want %v", l.areas, want)
	}
	// Two regions a row each, below their heading.
	if want := []int{4, 6, 9, 11, 13, 16, 18, 20}; !slices.Equal(l.first, want) {
		t.Errorf("first rows %v, want %v", l.first, want)
	}
}

// TestSummaryNoAreasWithoutTotals: no totals, no heading rows.
func TestSummaryNoAreasWithoutTotals(t *testing.T) {
	cat, err := transform.LoadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	if l := layoutSummary(nil, cat); len(l.areas) != 0 || len(l.first) != 0 {
		t.Errorf("empty layout has areas %v, rows %v", l.areas, l.first)
	}
}
