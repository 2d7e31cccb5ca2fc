package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pairstat/pairstat/export"
	"github.com/pairstat/pairstat/queries"
)

// apiTotals writes the totals as `pairstat totals --format json` does,
// narrowed by ?year=, ?region= and ?indicator= when given (see filter).
func (s *Server) apiTotals(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	totals, err := s.opts.DB.Totals(r.Context(), f)
	if err != nil {
		return err
	}
	setJSON(w)
	return export.WriteTotalsJSON(w, totals)
}

// apiTargets writes the targets with their actuals as `pairstat targets
// --format json` does, narrowed by ?year=, ?region= and ?indicator= when
// given (see filter).
func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) error {
	f, err := s.filter(r)
	if err != nil {
		return err
	}
	targets, err := s.opts.DB.Targets(r.Context(), f.List())
	if err != nil {
		return err
	}
	setJSON(w)
	return export.WriteTargetsJSON(w, targets)
}

// apiSources writes every file with its status, problems and warnings in
// the request's language.
func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	files, err := s.sources(r.Context(), s.lang(r))
	if err != nil {
		return err
	}
	setJSON(w)
	return writeJSON(w, files)
}

// apiTrace writes the cells behind a total as `pairstat trace --format
// json` does.
func (s *Server) apiTrace(w http.ResponseWriter, r *http.Request) error {
	_, rows, err := s.trace(r)
	if err != nil {
		return err
	}
	setJSON(w)
	return export.WriteTraceJSON(w, rows)
}

// trace reads the cells behind the total ?year=, ?indicator= (both
// required) and ?region= name.
func (s *Server) trace(r *http.Request) (queries.Filter, []queries.TraceRow, error) {
	f, err := s.filter(r)
	if err != nil {
		return f, nil, err
	}
	if f.Year == 0 || f.Indicator == "" {
		return f, nil, errorZh(http.StatusBadRequest, "year and indicator are required", "必须给出年度（year）和指标（indicator）")
	}
	rows, err := s.opts.DB.Trace(r.Context(), f.Year, f.Indicator, f.Region)
	return f, rows, err
}

// filterKeys are the query keys of the routes that filter: the filters,
// the page's language and the token.
var filterKeys = []string{"year", "region", "indicator", "lang", "token"}

// filter reads ?year=, ?region= and ?indicator=: a year, and a region and
// an indicator named as the commands' flags name them (a code, a name or
// an alias; region all), resolved to codes by queries.Filter.Resolve. A
// query that cannot be read whole (a ';', a bad %-escape: net/url drops
// such a pair), that gives a filter twice or empty, or that names a key
// that is no filter (Year, years) is refused, never read as narrower or
// wider than it was written.
func (s *Server) filter(r *http.Request) (queries.Filter, error) {
	var f queries.Filter
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return f, errorZh(http.StatusBadRequest, "the query %q is malformed: separate the filters with & (write ; as %%3B and %% as %%25)",
			"查询 %q 格式有误：各筛选条件之间用 & 分隔（分号写作 %%3B，百分号写作 %%25）", r.URL.RawQuery)
	}
	for name, values := range q {
		switch {
		case !slices.Contains(filterKeys, name):
			return f, errorZh(http.StatusBadRequest, "%q is no filter: the filters are year, region and indicator",
				"%q 不是筛选条件：筛选条件为 year、region 和 indicator", name)
		case name == "lang" || name == "token":
		case len(values) > 1:
			return f, errorZh(http.StatusBadRequest, "%s is given %d times: give it once", "%s 出现了 %d 次：只能给出一次", name, len(values))
		case strings.TrimSpace(values[0]) == "":
			return f, errorZh(http.StatusBadRequest, "%s is empty: give a value, or leave it out for all", "%s 为空：请给出值，或省略以查看全部", name)
		}
	}
	if y := q.Get("year"); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < 1 {
			return f, errorZh(http.StatusBadRequest, "year %q is not a year", "%q 不是年份", y)
		}
		f.Year = year
	}
	f.Region, f.Indicator = q.Get("region"), q.Get("indicator")
	f, err = f.Resolve(s.opts.Catalog)
	var unknown *queries.FilterError
	if errors.As(err, &unknown) {
		return f, &httpError{status: http.StatusBadRequest, msg: unknown.Error(), zh: unknown.Zh()}
	}
	if err != nil {
		return f, err
	}
	return f, nil
}

// writeJSON writes v indented, as the CLI writes its JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonType is the Content-Type of JSON: the API's answers and the .json
// downloads.
const jsonType = "application/json; charset=utf-8"

func setJSON(w http.ResponseWriter) {
	w.Header().Set("Content-Type", jsonType)
}
