package metrics

import (
	"bytes"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/ixpush/ixpush/internal/golden"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/showparse"
)

var (
	t0      = health.Tunnel{Interface: "Tunnel0.0", AWSOutsideIP: netip.MustParseAddr("34.217.232.61"), Neighbor: netip.MustParseAddr("169.254.123.133")}
	t1      = health.Tunnel{Interface: "Tunnel1.0", AWSOutsideIP: netip.MustParseAddr("54.69.109.228"), Neighbor: netip.MustParseAddr("169.254.30.57")}
	vpc     = netip.MustParsePrefix("172.31.0.0/16")
	started = time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
)

func ptr[T any](v T) *T { return &v }

func upTunnel(t health.Tunnel) health.TunnelReport {
	return health.TunnelReport{Tunnel: t, IKE: ptr(showparse.IKEEstablished), IPsecIn: ptr(1), IPsecOut: ptr(1), BGP: ptr(showparse.BGPEstablished), BestPaths: ptr(1), Up: ptr(true),
		IKECounters: health.IKECounters{Known: true}}
}

// reports are the four verdicts as metrics must show them.
func reports() map[string]health.Report {
	psk := health.TunnelReport{Tunnel: t1, IKE: ptr[showparse.IKEState]("negotiating"), IPsecIn: ptr(0), IPsecOut: ptr(0), BGP: ptr[showparse.BGPState]("IDLE"), Up: ptr(false),
		IKECounters: health.IKECounters{Known: true, Ph1HashErr: 4, Ph1Resend: 2}}
	noBGP := health.TunnelReport{Tunnel: t1, IKE: ptr(health.IKENone), IPsecIn: ptr(0), IPsecOut: ptr(0), Up: ptr(false)}
	return map[string]health.Report{
		"ok": {Status: health.OK, Evidence: health.EvidenceConfigMode, Tunnels: []health.TunnelReport{upTunnel(t0), upTunnel(t1)},
			Prefixes: []health.PrefixReport{{Prefix: vpc, Learned: ptr(true)}}},
		"degraded": {Status: health.Degraded, Evidence: health.EvidenceConfigMode, Tunnels: []health.TunnelReport{upTunnel(t0), psk},
			Prefixes: []health.PrefixReport{{Prefix: vpc, Learned: ptr(true)}}},
		// A neighbour whose state was not read has no bgp series.
		"down": {Status: health.Down, Evidence: health.EvidenceConfigMode, Tunnels: []health.TunnelReport{noBGP},
			Prefixes: []health.PrefixReport{{Prefix: vpc, Learned: ptr(false)}}},
		// Unknown: only the site-level series; every tunnel fact is absent.
		"unknown": health.UnknownReport(health.Expectation{Tunnels: []health.Tunnel{t0, t1}, VPC: []netip.Prefix{vpc}},
			errors.New("config mode is occupied by another session")),
	}
}

func TestFleetGolden(t *testing.T) {
	for name, r := range reports() {
		t.Run(name, func(t *testing.T) {
			f := New(WithBuildInfo(BuildInfo{Version: "v1.2.3", Revision: "abc", GoVersion: "go1.26"}))
			f.Observe(`r10 "tokyo"`, r, started, 1500*time.Millisecond)
			var b bytes.Buffer
			if err := f.Write(&b); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", name+".prom"), b.Bytes())
			// What the textfile collector and Prometheus parse.
			p := expfmt.NewTextParser(model.UTF8Validation)
			if _, err := p.TextToMetricFamilies(&b); err != nil {
				t.Fatalf("exposition does not parse: %v", err)
			}
		})
	}
}

// TestFleetReplacesSeries: a site observed again shows only its latest
// report's series, and keeps its last success when it is no longer ok.
func TestFleetReplacesSeries(t *testing.T) {
	f := New()
	rs := reports()
	f.Observe("tokyo", rs["ok"], started, time.Second)
	f.Observe("tokyo", rs["down"], started.Add(time.Minute), time.Second)
	got := samples(t, f)
	want := map[string]float64{
		`ixpush_build_info{goversion="", revision="", version=""}`:                   1,
		`ixpush_site_status{evidence="config-mode", site="tokyo"}`:                   2,
		`ixpush_tunnel_up{peer="54.69.109.228", site="tokyo", tunnel="Tunnel1.0"}`:   0,
		`ixpush_verify_duration_seconds{site="tokyo"}`:                               1,
		`ixpush_last_run_timestamp_seconds{site="tokyo"}`:                            unix(started.Add(time.Minute)),
		`ixpush_last_success_timestamp_seconds{site="tokyo"}`:                        unix(started),
		`ixpush_ike_sa_up{peer="54.69.109.228", site="tokyo", tunnel="Tunnel1.0"}`:   0,
		`ixpush_ipsec_sa_up{peer="54.69.109.228", site="tokyo", tunnel="Tunnel1.0"}`: 0,
		`ixpush_prefix_learned{prefix="172.31.0.0/16", site="tokyo"}`:                0,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("samples (-want +got):\n%s", diff)
	}
}

// TestRestoreLastSuccess: a textfile rewritten every run keeps the last ok
// time of a site that is not ok now, and says nothing of a site this run
// did not verify.
func TestRestoreLastSuccess(t *testing.T) {
	earlier := New()
	earlier.Observe("tokyo", reports()["ok"], started, time.Second)
	earlier.Observe("osaka", reports()["ok"], started, time.Second)
	path := filepath.Join(t.TempDir(), "ixpush.prom")
	if err := earlier.WriteTextfile(path); err != nil {
		t.Fatal(err)
	}
	prev, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer prev.Close()
	f := New()
	if err := f.RestoreLastSuccess(prev); err != nil {
		t.Fatal(err)
	}
	f.Observe("tokyo", reports()["unknown"], started.Add(time.Hour), time.Second)
	got := samples(t, f)
	if v, ok := got[`ixpush_last_success_timestamp_seconds{site="tokyo"}`]; !ok || v != unix(started) {
		t.Errorf("tokyo's last success = %v, %v; want %v", v, ok, unix(started))
	}
	for k := range got {
		if strings.Contains(k, `"osaka"`) {
			t.Errorf("osaka was not verified this run but is exported: %s", k)
		}
	}
	if err := New().RestoreLastSuccess(strings.NewReader("not { metrics")); err == nil {
		t.Error("a garbled previous textfile: no error")
	}
}

func TestSiteCollectorIsolates(t *testing.T) {
	f := New()
	f.Observe("tokyo", reports()["ok"], started, time.Second)
	f.Observe("osaka", reports()["down"], started, time.Second)
	reg := prometheusRegistry(t, f.Site("osaka"))
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "site" && l.GetValue() != "osaka" {
					t.Errorf("%s: site %q in osaka's probe", mf.GetName(), l.GetValue())
				}
			}
		}
	}
	if len(mfs) == 0 {
		t.Error("osaka's probe is empty")
	}
}

// samples flattens a Fleet's exposition to name{labels} -> value.
func samples(t *testing.T, f *Fleet) map[string]float64 {
	t.Helper()
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(&b)
	if err != nil {
		t.Fatal(err)
	}
	vec, err := expfmt.ExtractSamples(&expfmt.DecodeOptions{Timestamp: model.Now()}, values(mfs)...)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, s := range vec {
		out[s.Metric.String()] = float64(s.Value)
	}
	return out
}

// FuzzRestoreLastSuccess: whatever a previous textfile holds, restoring
// from it never panics and never invents a site this run did not see.
func FuzzRestoreLastSuccess(f *testing.F) {
	f.Add("# TYPE ixpush_last_success_timestamp_seconds gauge\nixpush_last_success_timestamp_seconds{site=\"tokyo\"} 1.7e+09\n")
	f.Add("ixpush_last_success_timestamp_seconds 12\n")
	f.Add("ixpush_last_success_timestamp_seconds{site=\"\"} NaN\n")
	f.Fuzz(func(t *testing.T, text string) {
		m := New()
		_ = m.RestoreLastSuccess(strings.NewReader(text))
		var b bytes.Buffer
		if err := m.Write(&b); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "site=") {
			t.Errorf("restored sites are exported before any is observed:\n%s", b.String())
		}
	})
}
