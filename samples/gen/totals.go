package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// The yearly indicator totals of the samples, recomputed from their rows.

type key struct {
	year         int
	region, code string
}

// totals holds indicator values: counts, or money in hundredths of 万元.
type totals map[key]int64

func (t totals) add(year int, region, code string, v int64) {
	t[key{year, region, code}] += v
	t[key{year, "all", code}] += v
}

func (d data) totals() totals {
	t := totals{}
	for _, rg := range []string{tangxia.code, shixing.code} {
		for _, p := range d.projects[rg] {
			t.add(p.signed.t.Year(), rg, "projects_signed", 1)
			t.add(p.signed.t.Year(), rg, "investment_signed", int64(p.invest))
			if !p.started.t.IsZero() {
				t.add(p.started.t.Year(), rg, "projects_started", 1)
			}
			if !p.produced.t.IsZero() {
				t.add(p.produced.t.Year(), rg, "projects_in_production", 1)
			}
		}
	}
	for _, f := range d.funds {
		t.add(f.year, shixing.code, "assistance_funds", int64(f.amount))
	}
	for _, a := range d.assistance {
		if slices.Contains(delivered, a.status) {
			t.add(a.done.t.Year(), shixing.code, "assistance_projects", 1)
		}
	}
	return t
}

// indicators in SPEC §2 order; money ones are in hundredths of 万元.
var indicators = []struct {
	code  string
	money bool
	ref   int64 // 2023, both regions
}{
	{"projects_signed", false, 85},
	{"investment_signed", true, int64(1250000 * wan)},
	{"projects_started", false, 77},
	{"projects_in_production", false, 4},
	{"assistance_projects", false, 13},
	{"assistance_funds", true, int64(4768 * wan)},
}

func format(v int64, isMoney bool) string {
	if isMoney {
		return money(v).String()
	}
	return fmt.Sprint(v)
}

func checkReference(t totals) error {
	var bad []string
	for _, in := range indicators {
		if got := t[key{2023, "all", in.code}]; got != in.ref {
			bad = append(bad, fmt.Sprintf("%s 2023 = %s, want %s", in.code, format(got, in.money), format(in.ref, in.money)))
		}
	}
	if bad != nil {
		return fmt.Errorf("generated rows miss the SPEC §2 reference figures: %s", strings.Join(bad, "; "))
	}
	return nil
}

// print writes the totals as the markdown table of samples/README.md.
func (t totals) print(w io.Writer) {
	fmt.Fprintln(w, "| indicator | unit | 2022 tangxia | 2022 shixing | 2022 all | 2023 tangxia | 2023 shixing | 2023 all |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|")
	for _, in := range indicators {
		unit := "个"
		if in.money {
			unit = "万元"
		}
		fmt.Fprintf(w, "| %s | %s |", in.code, unit)
		for _, y := range []int{2022, 2023} {
			for _, rg := range []string{"tangxia", "shixing", "all"} {
				v, ok := t[key{y, rg, in.code}]
				cell := "—"
				if ok {
					cell = format(v, in.money)
				}
				fmt.Fprintf(w, " %s |", cell)
			}
		}
		fmt.Fprintln(w)
	}
}
