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
			list := strings.Join(codes, ", ") + " or " + transform.RegionAll
			return f, &FilterError{fmt.Sprintf("region %q is not a region of the catalog (use %s)", r, list),
				fmt.Sprintf("%q 不是目录中的地区（请用 %s）", r, strings.ReplaceAll(list, " or ", " 或 "))}
		}
		f.Region = code
	}
	if name := f.Indicator; name != "" {
		ind, ok := cat.Indicator(name)
		if !ok {
			return f, &FilterError{fmt.Sprintf("indicator %q is not an indicator of the catalog (use a code such as assistance_funds)", name),
				fmt.Sprintf("%q 不是目录中的指标（请用指标代码，如 assistance_funds，或其中文名称）", name)}
		}
		f.Indicator = ind.Code
	}
	return f, nil
}

// FilterError is a filter naming what the catalog does not have, worded
// in English (Error) and Chinese (Zh).
type FilterError struct{ en, zh string }

func (e *FilterError) Error() string { return e.en }

// Zh is the error in Chinese.
func (e *FilterError) Zh() string { return e.zh }

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
