package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pairstat/pairstat/samples/synth"
)

// The load of TestServeLoad: loadClients clients for loadTime, while the
// watcher ingests loadFiles workbooks dropped into the inbox, and
// loadStreams event streams stay open throughout.
const (
	loadClients = 50
	loadTime    = 20 * time.Second
	loadFiles   = 20
	loadStreams = 5
)

// loadRoutes are what the clients ask for, by class.
var loadRoutes = map[string][]string{
	"pages": {"/", "/totals", "/trace?year=2023&indicator=projects_signed&region=all", "/upload", "/downloads"},
	"api":   {"/api/totals", "/api/sources", "/api/trace?year=2023&indicator=projects_signed", "/api/targets"},
}

// latencies collects the time of each request by route class.
type latencies struct {
	mu     sync.Mutex
	byKind map[string][]time.Duration
	errs   []string
}

func (l *latencies) add(kind string, d time.Duration, err string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.byKind[kind] = append(l.byKind[kind], d)
	if err != "" && len(l.errs) < 20 {
		l.errs = append(l.errs, err)
	}
}

// quantile is the q-quantile (0 < q ≤ 1) of ds, sorted in place.
func quantile(ds []time.Duration, q float64) time.Duration {
	slices.Sort(ds)
	i := int(float64(len(ds))*q+0.5) - 1
	return ds[max(0, min(i, len(ds)-1))]
}

// TestServeLoad: loadClients concurrent clients on the pages and the API
// of `pairstat serve` for loadTime, on loopback, while its watcher loads
// loadFiles workbooks dropped into the inbox meanwhile: every response is
// 200, the server logs no error (no lock failure), every event stream
// hears of the loads, and the totals end as the workbooks add up. It logs
// p50/p99 per route class; it asserts no time.
func TestServeLoad(t *testing.T) {
	inbox, db := servedInbox(t)
	url, stderr := startServe(t, inbox, db)
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: loadClients}}
	lat := &latencies{byKind: map[string][]time.Duration{}}
	stop := time.Now().Add(loadTime)

	var streams sync.WaitGroup
	heard := make([]int, loadStreams)
	bodies := make([]io.Closer, loadStreams)
	for i := range loadStreams {
		res, err := client.Get(url + "/api/events")
		must(t, err)
		bodies[i] = res.Body
		t.Cleanup(func() { res.Body.Close() })
		streams.Go(func() {
			defer res.Body.Close()
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "data: ") {
					heard[i]++
				}
			}
		})
	}

	var clients sync.WaitGroup
	for c := range loadClients {
		clients.Go(func() {
			for n := c; time.Now().Before(stop); n++ {
				kind := [...]string{"pages", "api"}[n%2]
				path := loadRoutes[kind][(n/2)%len(loadRoutes[kind])]
				start := time.Now()
				res, err := client.Get(url + path)
				msg := ""
				if err != nil {
					msg = fmt.Sprintf("GET %s: %v", path, err)
				} else {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK || err != nil {
						msg = fmt.Sprintf("GET %s: %d %v", path, res.StatusCode, err)
					}
				}
				lat.add(kind, time.Since(start), msg)
			}
		})
	}
	time.Sleep(loadTime / 10)
	added, err := synth.Inbox(inbox, loadFiles, 40, 11)
	must(t, err)
	clients.Wait()

	for _, kind := range []string{"pages", "api"} {
		ds := lat.byKind[kind]
		t.Logf("%s: %d requests, p50 %v, p99 %v", kind, len(ds), quantile(ds, 0.5).Round(time.Millisecond), quantile(ds, 0.99).Round(time.Millisecond))
	}
	if len(lat.errs) > 0 {
		t.Errorf("failed requests (the first %d):\n%s", len(lat.errs), strings.Join(lat.errs, "\n"))
	}

	// every workbook is loaded in the end; the totals add up
	deadline := time.Now().Add(2 * time.Minute)
	for {
		_, got := get(t, url+"/api/sources")
		var files []struct{ Path, Status string }
		must(t, json.Unmarshal([]byte(got), &files))
		loaded := 0
		for _, f := range files {
			if strings.Contains(f.Path, "项目台账-") && f.Status == "loaded" {
				loaded++
			}
		}
		if loaded == loadFiles {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d workbooks loaded; stderr:\n%s", loaded, loadFiles, stderr)
		}
		time.Sleep(200 * time.Millisecond)
	}
	want := strconv.FormatInt(85+added[synth.Key{Year: 2023, Region: synth.All, Indicator: synth.ProjectsSigned}], 10)
	if _, got := get(t, url+"/api/totals?year=2023&region=all&indicator=projects_signed"); !strings.Contains(got, `"value": `+want+",") {
		t.Errorf("2023 projects signed after the load:\n%s\nwant %s", got, want)
	}
	for _, bad := range []string{"error", "lock", "internal"} {
		if strings.Contains(strings.ToLower(stderr.String()), bad) {
			t.Errorf("the server logged %q:\n%s", bad, stderr)
		}
	}
	for _, b := range bodies {
		b.Close()
	}
	streams.Wait()
	for i, n := range heard {
		if n < 2 { // the first event, then at least one load
			t.Errorf("event stream %d heard %d events", i, n)
		}
	}
}
