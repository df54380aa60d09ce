package metrics

import (
	"bytes"
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
)

var fetched = time.Date(2026, 12, 3, 13, 59, 30, 0, time.UTC)

// awsViews are AWS's views as metrics must show them.
func awsViews() map[string]*health.AWSView {
	yes, no := true, false
	up := func(t health.Tunnel, routes int) health.AWSTunnelView {
		return health.AWSTunnelView{AWSTunnel: health.AWSTunnel{OutsideIP: t.AWSOutsideIP, Status: "up", AcceptedRoutes: routes}, Interface: t.Interface, RouterUp: &yes}
	}
	agree := func(b bool) *bool { return &b }
	down := up(t1, 0)
	down.Status, down.Disagreement = "down", health.RouterUpAWSDown
	replaced := up(t1, 0)
	replaced.Status, replaced.RouterUp, replaced.UnderReplacement = "down", &no, true
	// The router's side of t1 was not read: no disagreement series, AWS's
	// own facts stay.
	unread := up(t1, 1)
	unread.RouterUp = nil
	return map[string]*health.AWSView{
		"aws-agree": {Source: "api", VPNConnectionID: "vpn-0example0000000001", State: "available", FetchedAt: fetched,
			Tunnels: []health.AWSTunnelView{up(t0, 1), up(t1, 1)}, Agree: agree(true)},
		"aws-disagree": {Source: "api", VPNConnectionID: "vpn-0example0000000001", State: "available", FetchedAt: fetched,
			Tunnels: []health.AWSTunnelView{up(t0, 1), down}, Agree: agree(false)},
		"aws-maintenance": {Source: "file", VPNConnectionID: "vpn-0example0000000001", State: "available", FetchedAt: fetched,
			Tunnels: []health.AWSTunnelView{up(t0, 1), replaced}, Agree: agree(true)},
		"aws-unread": {Source: "api", VPNConnectionID: "vpn-0example0000000001", State: "available", FetchedAt: fetched,
			Tunnels: []health.AWSTunnelView{up(t0, 1), unread}, Agree: agree(true)},
		"aws-absent": health.AbsentAWSView("no AWS access configured"),
	}
}

func TestAWSGolden(t *testing.T) {
	for name, v := range awsViews() {
		t.Run(name, func(t *testing.T) {
			r := reports()["ok"]
			r.AWS = v
			f := New()
			f.Observe("tokyo", r, started, time.Second)
			var b bytes.Buffer
			if err := f.Write(&b); err != nil {
				t.Fatal(err)
			}
			// Only the AWS families: the router's are TestFleetGolden's.
			var aws []string
			for _, line := range strings.SplitAfter(b.String(), "\n") {
				if strings.Contains(line, "ixpush_aws_") {
					aws = append(aws, line)
				}
			}
			golden.Check(t, filepath.Join("testdata", name+".prom"), []byte(strings.Join(aws, "")))
			p := expfmt.NewTextParser(model.UTF8Validation)
			if _, err := p.TextToMetricFamilies(&b); err != nil {
				t.Fatalf("exposition does not parse: %v", err)
			}
		})
	}
}

// TestAWSAbsentHasNoTunnelSeries: an absent view is one series, and a
// report that never asked for a view has none.
func TestAWSAbsentHasNoTunnelSeries(t *testing.T) {
	for _, tc := range []struct {
		name string
		view *health.AWSView
		want map[string]float64
	}{
		{"absent", health.AbsentAWSView("the API could not be read"), map[string]float64{`ixpush_aws_view_present{site="tokyo"}`: 0}},
		{"never asked", nil, map[string]float64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := reports()["ok"]
			r.AWS = tc.view
			f := New()
			f.Observe("tokyo", r, started, time.Second)
			got := map[string]float64{}
			for k, v := range samples(t, f) {
				if strings.HasPrefix(k, "ixpush_aws_") {
					got[k] = v
				}
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("AWS samples (-want +got)\n%s", d)
			}
		})
	}
}

// TestAWSTextfile: the node_exporter textfile carries the AWS families.
func TestAWSTextfile(t *testing.T) {
	r := reports()["degraded"]
	r.AWS = awsViews()["aws-disagree"]
	f := New()
	f.Observe("tokyo", r, started, time.Second)
	path := filepath.Join(t.TempDir(), "ixpush.prom")
	if err := f.WriteTextfile(path); err != nil {
		t.Fatal(err)
	}
	got := samples(t, f)
	key := `ixpush_aws_disagreement{kind="router-up-aws-down", peer="54.69.109.228", site="tokyo", tunnel="Tunnel1.0"}`
	if got[key] != 1 {
		t.Errorf("%s = %v, want 1", key, got[key])
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`ixpush_aws_disagreement{kind="router-up-aws-down",peer="54.69.109.228",site="tokyo",tunnel="Tunnel1.0"} 1`,
		`ixpush_aws_tunnel_up{peer="54.69.109.228",site="tokyo",tunnel="Tunnel1.0"} 0`,
		`ixpush_aws_view_present{site="tokyo"} 1`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the textfile lacks %s:\n%s", want, b)
		}
	}
}
