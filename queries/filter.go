package queries

import (
	"fmt"
	"strings"

	"github.com/pairstat/pairstat/transform"
)

// Resolve returns the filter with its region and indicator named by their
// catalog codes: each may be given as a code, a Chinese or English name or
// an alias (塘厦, 帮扶资金), in either script; region "all" stays. An
// unknown name is an error, not an empty result. The commands and the web
// page's API resolve their filters with it.
func (f Filter) Resolve(cat *transform.Catalog) (Filter, error) {
	if r := f.Region; r != "" && r != transform.RegionAll {
		code, ok := cat.RegionCode(r)
		if !ok {
			codes := make([]string, 0, len(cat.Regions))
			for _, reg := range cat.Regions {
				codes = append(codes, reg.Code)
			}
			return f, fmt.Errorf("region %q is not a region of the catalog (use %s or %s)", r, strings.Join(codes, ", "), transform.RegionAll)
		}
		f.Region = code
	}
	if name := f.Indicator; name != "" {
		ind, ok := cat.Indicator(name)
		if !ok {
			return f, fmt.Errorf("indicator %q is not an indicator of the catalog (use a code such as assistance_funds)", name)
		}
		f.Indicator = ind.Code
	}
	return f, nil
}

// List is the filter as lists narrow the targets and the exports: its
// year and indicator (when given) as one-element lists.
func (f Filter) List() ExportFilter {
	ef := ExportFilter{Region: f.Region}
	if f.Year != 0 {
		ef.Years = []int{f.Year}
	}
	if f.Indicator != "" {
		ef.Indicators = []string{f.Indicator}
	}
	return ef
}
