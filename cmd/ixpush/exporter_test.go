package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/ixsim"
)

// TestExporter scrapes the exporter over HTTP against simulated routers:
// probes verify, a second probe within --min-interval is the cached
// result, an unknown site is 404, and SIGTERM (ctx) mid-verify lets that
// verify finish and leaves the router's configuration mode free.
func TestExporter(t *testing.T) {
	// The latency keeps a verify under way long enough to be interrupted
	// after it has entered configuration mode.
	dir := t.TempDir()
	fleet, err := listenFleet(2, dir, absPath(t, "../../fixtures"), ixsim.WithLatency(20*time.Millisecond, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer fleet.Close()
	t.Setenv("IXPUSH_PASSWORD", fleet.Routers[0].Password)
	inv := filepath.Join(dir, "inventory.yaml")

	ctx, sigterm := context.WithCancel(context.Background())
	defer sigterm()
	stderrR, stderrW := io.Pipe()
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"exporter", "--inventory", inv, "--listen", "127.0.0.1:0", "--min-interval", "1h"}, nil, io.Discard, stderrW)
		stderrW.Close()
	}()
	errLines := bufio.NewScanner(stderrR)
	if !errLines.Scan() {
		t.Fatal("the exporter printed nothing")
	}
	m := regexp.MustCompile(`^ixpush exporter: serving 2 sites on (http://\S+) `).FindStringSubmatch(errLines.Text())
	if m == nil {
		t.Fatalf("first line %q: no address", errLines.Text())
	}
	base := m[1]
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for errLines.Scan() {
			b.WriteString(errLines.Text() + "\n")
		}
		rest <- b.String()
	}()

	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	first := scrape(t, base+"/probe?site=r01")
	// A seed router has no VPN yet: down.
	if v := first[`ixpush_site_status{evidence="config-mode",site="r01"}`]; v != 2 {
		t.Errorf("r01 status %v, want 2 (down); samples: %v", v, first)
	}
	// The site reads aws.file: AWS's view is absent, and says so.
	if v, ok := first[`ixpush_aws_view_present{site="r01"}`]; !ok || v != 0 {
		t.Errorf("r01 ixpush_aws_view_present = %v, %v; want 0 (no AWS access configured)", v, ok)
	}
	for k := range first {
		if strings.Contains(k, `"r02"`) {
			t.Errorf("r01's probe carries r02: %s", k)
		}
	}
	again := scrape(t, base+"/probe?site=r01")
	if a, b := first[`ixpush_last_run_timestamp_seconds{site="r01"}`], again[`ixpush_last_run_timestamp_seconds{site="r01"}`]; a == 0 || a != b {
		t.Errorf("a probe within --min-interval verified again: last run %v then %v", a, b)
	}
	if code, body := get(t, base+"/probe?site=r99"); code != 404 || !strings.Contains(body, `no site "r99" in the inventory`) {
		t.Errorf("unknown site: %d %q", code, body)
	}
	own := scrape(t, base+"/metrics")
	for k, want := range map[string]float64{
		`ixpush_exporter_probes_total{result="verified"}`: 1,
		`ixpush_exporter_probes_total{result="cached"}`:   1,
		`ixpush_exporter_probes_total{result="failed"}`:   1,
	} {
		if own[k] != want {
			t.Errorf("/metrics %s = %v, want %v", k, own[k], want)
		}
	}
	if _, ok := own[`ixpush_site_status{evidence="config-mode",site="r01"}`]; ok {
		t.Error("/metrics carries the sites' metrics; they belong to /probe")
	}

	// SIGTERM while r02's verify is under way: it finishes and is answered.
	probed := make(chan map[string]float64, 1)
	go func() { probed <- scrape(t, base+"/probe?site=r02") }()
	// Once the router has been put in configuration mode the verify holds
	// its lock: that is when SIGTERM must not cut it off.
	r02sim := fleet.Sims[1]
	for waited := time.Duration(0); !slices.Contains(r02sim.Commands(), dialect.CmdConfigure); waited += 5 * time.Millisecond {
		if waited > 30*time.Second {
			t.Fatalf("r02 never entered configuration mode; commands %q", r02sim.Commands())
		}
		time.Sleep(5 * time.Millisecond)
	}
	termAt := time.Now()
	sigterm()
	select {
	case code := <-exited:
		if code != 0 {
			t.Errorf("exit %d after SIGTERM, want 0", code)
		}
	case <-time.After(time.Minute):
		t.Fatal("the exporter did not stop within a minute of SIGTERM")
	}
	r02 := <-probed
	if v := r02[`ixpush_site_status{evidence="config-mode",site="r02"}`]; v != 2 {
		t.Errorf("the probe under way at SIGTERM: r02 status %v, want its verdict 2", v)
	}
	if end := r02[`ixpush_last_run_timestamp_seconds{site="r02"}`] + r02[`ixpush_verify_duration_seconds{site="r02"}`]; end < float64(termAt.UnixNano())/1e9 {
		t.Errorf("r02's verify ended before SIGTERM: it was not under way")
	}
	if s := <-rest; !strings.Contains(s, "stopped; no verify under way") {
		t.Errorf("stderr after SIGTERM: %q", s)
	}
	// The router's configuration mode was left free: a verify gets in.
	var out bytes.Buffer
	if code := run(context.Background(), []string{"verify", "--inventory", inv, "--limit", "r02", "--json"}, nil, &out, io.Discard); code != 2 || !strings.Contains(out.String(), `"outcome":"down"`) {
		t.Errorf("verify after the exporter stopped: exit %d, %s", code, out.String())
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// scrape GETs url and parses the exposition as Prometheus would, into
// name{labels} -> value.
func scrape(t *testing.T, url string) map[string]float64 {
	code, body := get(t, url)
	if code != 200 {
		t.Errorf("%s: %d %s", url, code, body)
		return nil
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Errorf("%s: exposition does not parse: %v", url, err)
		return nil
	}
	out := map[string]float64{}
	for name, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			key := name
			if len(labels) > 0 {
				key += "{" + strings.Join(labels, ",") + "}"
			}
			switch {
			case m.GetGauge() != nil:
				out[key] = m.GetGauge().GetValue()
			case m.GetCounter() != nil:
				out[key] = m.GetCounter().GetValue()
			}
		}
	}
	return out
}
