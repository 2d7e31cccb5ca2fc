package transform

import (
	"fmt"
	"math"
	"slices"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/pairstat/pairstat/ingest"
	"github.com/pairstat/pairstat/transform/parse"
)

// The cross-checks (审核) of statistical reporting systems, run on each
// table as it is read: a 合计/总计 row against the sum of the data rows it
// covers, a 小计 row against its group (the data rows since the previous
// total), 其中 rows against their parent (never more than it), and each
// project's dates in order (signed ≤ started ≤ in production). A failed
// check is a Warning: the rows still count as read, and nothing of what
// counts changes. Figures are compared exactly, as the stored decimals
// (after the 15-digit rounding and the conversion into the base unit).

// Kinds of warning.
const (
	WarnTotal     = "total"     // a 合计/总计 row differs from the rows it covers
	WarnSubtotal  = "subtotal"  // a 小计 row differs from its group
	WarnBreakdown = "breakdown" // 其中 rows add up to more than their parent
	WarnDates     = "dates"     // a project's dates are out of order
	WarnUnit      = "unit"      // an amount with no unit stated (the catalog's assumed), or two units of one rank that disagree
	WarnRegion    = "region"    // the table names another region than its inbox folder
)

// Warning is a cross-check that failed, or a unit assumed. The message
// names the figures; File, Sheet and Cell say where.
type Warning struct {
	File, Sheet, Cell string
	Kind              string
	// Expected and Found are the two figures (with their unit), or dates.
	Expected, Found string
	En, Zh          string
}

// checked is one value of a row that the cross-checks compare: the
// column's figure as stored (× 10^decimalScale) and its unit.
type checked struct {
	col  int
	n    int64
	unit string
}

// sums adds up the values of data rows, column by column.
type sums struct {
	by          map[int]int64 // column → sum
	counted     map[int]bool  // columns with a value in some row
	overflow    map[int]bool
	first, last int // data rows summed (0: none)
	year        int // their common year (0: none yet, -1: several)
	region      string
	regions     bool // several regions
}

func newSums() sums {
	return sums{by: map[int]int64{}, counted: map[int]bool{}, overflow: map[int]bool{}}
}

func (t *sums) add(row int, values []checked, year int, region string) {
	if t.first == 0 {
		t.first, t.year, t.region = row, year, region
	}
	t.last = row
	if t.year != year {
		t.year = -1
	}
	if t.region != region {
		t.regions = true
	}
	for _, v := range values {
		sum, ok := addChecked(t.by[v.col], v.n)
		t.by[v.col], t.counted[v.col] = sum, true
		if !ok {
			t.overflow[v.col] = true
		}
	}
}

func addChecked(a, b int64) (int64, bool) {
	if (b > 0 && a > math.MaxInt64-b) || (b < 0 && a < math.MinInt64-b) {
		return 0, false
	}
	return a + b, true
}

// commonYear is the year of every row summed, 0 when they differ or none.
func (t *sums) commonYear() int { return max(t.year, 0) }

// commonRegion is the region of every row summed, "" when they differ.
func (t *sums) commonRegion() string {
	if t.regions {
		return ""
	}
	return t.region
}

// audit runs the cross-checks of one table.
type audit struct {
	s *sheetReader
	// group: data rows since the last total; grand: since the last grand
	// total; all: since the table's start.
	group, grand, all sums
	// leading: grand totals above every data row, checked at the end.
	leading []totalRow
	// parent is the last data or total row's checked values; under, in the same
	// order, the sum of its breakdowns so far.
	parent struct {
		row    int
		values []checked
		under  []int64
		warned []bool
		// depth is the indent of the first breakdown row under it (-1:
		// none yet); a breakdown indented deeper breaks down the one
		// above it (其中：设备, then 　　其中：CT机), not the parent.
		depth int
	}
}

// totalRow is a grand total row kept for a check at the end of its table.
type totalRow struct {
	row    int
	label  string
	values []checked
}

func newAudit(s *sheetReader) *audit {
	return &audit{s: s, group: newSums(), grand: newSums(), all: newSums()}
}

// covering returns the sums a total row covers: a subtotal its group.
func (a *audit) covering(subtotal bool) *sums {
	switch {
	case subtotal:
		return &a.group
	case a.grand.first == 0 && a.all.first != 0:
		return &a.all // a grand total under other grand totals covers them all
	}
	return &a.grand
}

// row checks one converted row.
func (a *audit) row(rec *record) {
	values := rec.checks
	switch rec.role {
	case roleData:
		a.group.add(rec.row.Num, values, rec.yearSeen, rec.regionSeen)
		a.grand.add(rec.row.Num, values, rec.yearSeen, rec.regionSeen)
		a.all.add(rec.row.Num, values, rec.yearSeen, rec.regionSeen)
		a.setParent(rec.row.Num, values)
	case roleBreakdown:
		a.breakdown(rec.row.Num, values, indent(rec.label))
	case roleTotal:
		a.setParent(rec.row.Num, values) // 合计 … 其中：… breaks the total down
		covered := a.covering(rec.subtotal)
		if covered.first == 0 {
			if !rec.subtotal {
				a.leading = append(a.leading, totalRow{rec.row.Num, rec.label, slices.Clone(values)})
			}
			return
		}
		kind := WarnTotal
		if rec.subtotal {
			kind = WarnSubtotal
		}
		a.compare(rec.row.Num, rec.label, kind, values, covered)
		a.group = newSums()
		if covered != &a.group {
			a.grand = newSums()
		}
	}
}

// setParent makes a row the parent of the breakdown rows below it.
func (a *audit) setParent(row int, values []checked) {
	p := &a.parent
	p.row, p.values, p.depth = row, append(p.values[:0], values...), -1
	p.under, p.warned = append(p.under[:0], make([]int64, len(values))...), append(p.warned[:0], make([]bool, len(values))...)
}

// end runs the checks left for the end of the table.
func (a *audit) end() {
	for _, t := range a.leading {
		if a.all.first != 0 {
			a.compare(t.row, t.label, WarnTotal, t.values, &a.all)
		}
	}
}

// breakdown adds 其中 rows to their parent's and warns, once per column,
// when they add up to more than it. depth is the row's label's indent.
func (a *audit) breakdown(row int, values []checked, depth int) {
	if a.parent.row == 0 {
		return
	}
	if a.parent.depth < 0 {
		a.parent.depth = depth
	}
	if depth > a.parent.depth {
		return
	}
	for _, v := range values {
		i := slices.IndexFunc(a.parent.values, func(p checked) bool { return p.col == v.col })
		if i < 0 || a.parent.warned[i] {
			continue
		}
		p := a.parent.values[i]
		sum, fits := addChecked(a.parent.under[i], v.n)
		a.parent.under[i] = sum
		if !fits || sum <= p.n {
			continue
		}
		a.parent.warned[i] = true
		parent := ingest.CellName(v.col, a.parent.row)
		a.warn(v.col, row, WarnBreakdown, amount(p.n, p.unit), amount(sum, v.unit),
			fmt.Sprintf("其中 rows add up to %s, more than their parent %s (%s): difference %s",
				amount(sum, v.unit), parent, amount(p.n, p.unit), amount(sum-p.n, v.unit)),
			fmt.Sprintf("其中各项之和为 %s，大于所属行 %s 的 %s，超出 %s",
				amount(sum, v.unit), parent, amount(p.n, p.unit), amount(sum-p.n, v.unit)))
	}
}

// indent measures the white space a label starts with, a full-width
// space as two.
func indent(label string) int {
	n := 0
	for _, r := range label {
		switch {
		case r == '\u3000':
			n += 2
		case unicode.IsSpace(r):
			n++
		default:
			return n
		}
	}
	return n
}

// compare checks a total row (kind WarnTotal or WarnSubtotal) against the
// sums it covers.
func (a *audit) compare(row int, label, kind string, values []checked, covered *sums) {
	rows := fmt.Sprintf("%d–%d", covered.first, covered.last)
	for _, v := range values {
		if !covered.counted[v.col] || covered.overflow[v.col] {
			continue
		}
		want := covered.by[v.col]
		if want == v.n {
			continue
		}
		a.warn(v.col, row, kind, amount(want, v.unit), amount(v.n, v.unit),
			fmt.Sprintf("%s row gives %s, the rows it covers (%s) add up to %s: difference %s",
				label, amount(v.n, v.unit), rows, amount(want, v.unit), amount(v.n-want, v.unit)),
			fmt.Sprintf("%s行为 %s，所含各行（第 %s 行）之和为 %s，相差 %s",
				label, amount(v.n, v.unit), rows, amount(want, v.unit), amount(v.n-want, v.unit)))
	}
}

// dates warns when a project's later date is before its earlier one, as
// far as the less precise of the two tells (2023年3月 is not before
// 2023-03-18).
func (a *audit) dates(rec *record, earlier, later parse.Day, laterCol int, earlierWhat, laterWhat [2]string) {
	p := min(precision(earlier), precision(later))
	if !truncated(later, p).Before(truncated(earlier, p)) {
		return
	}
	e, l := dayText(earlier), dayText(later)
	n, unit := gap(earlier, later, p)
	a.warn(laterCol, rec.row.Num, WarnDates, e, l,
		fmt.Sprintf("%s %s is before %s %s: difference %d %s(s)", laterWhat[0], l, earlierWhat[0], e, n, unit[0]),
		fmt.Sprintf("%s %s 早于%s %s，相差 %d %s", laterWhat[1], l, earlierWhat[1], e, n, unit[1]))
}

// gap is how far later is before earlier, in the finest unit both dates
// give (p: 1 years, 2 months, 3 days), with the unit's English and Chinese
// names.
func gap(earlier, later parse.Day, p int) (int, [2]string) {
	switch p {
	case 1:
		return earlier.Year - later.Year, [2]string{"year", "年"}
	case 2:
		return (earlier.Year-later.Year)*12 + earlier.Month - later.Month, [2]string{"month", "个月"}
	}
	return int(earlier.Time().Sub(later.Time()).Hours() / 24), [2]string{"day", "天"}
}

// precision tells how much of a date was given: 1 year, 2 month, 3 day.
func precision(d parse.Day) int {
	switch {
	case d.Month == 0:
		return 1
	case d.Day == 0:
		return 2
	}
	return 3
}

// truncated is the date with only its first p parts (year, month, day).
func truncated(d parse.Day, p int) time.Time {
	if p < 3 {
		d.Day = 0
	}
	if p < 2 {
		d.Month = 0
	}
	return d.Time()
}

func dayText(d parse.Day) string {
	switch precision(d) {
	case 1:
		return fmt.Sprintf("%d", d.Year)
	case 2:
		return fmt.Sprintf("%d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%d-%02d-%02d", d.Year, d.Month, d.Day)
}

func (a *audit) warn(col, row int, kind, expected, found, en, zh string) {
	a.s.report.Warnings = append(a.s.report.Warnings, Warning{File: a.s.wb.Name, Sheet: a.s.report.Sheet,
		Cell: ingest.CellName(col, row), Kind: kind, Expected: expected, Found: found, En: en, Zh: zh})
}

// amount writes a stored figure with its unit: 3856.25 万元.
func amount(n int64, unit string) string {
	return decimal.New(n, -decimalScale).String() + " " + unit
}
