package agent

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// unreachable is a fake Connector that records how many connections are
// open at once and then fails like a router that does not answer.
type unreachable struct{ open, peak atomic.Int32 }

func (u *unreachable) connect(name string) Connector {
	return func(ctx context.Context) (Device, error) {
		n := u.open.Add(1)
		defer u.open.Add(-1)
		for {
			p := u.peak.Load()
			if n <= p || u.peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(50 * time.Millisecond) // long enough for the others to pile up
		return nil, fmt.Errorf("%s: connection refused", name)
	}
}

func TestVerifyFleetBoundsAndOrders(t *testing.T) {
	for _, tt := range []struct{ parallel, sites, wantPeak int }{
		{parallel: 2, sites: 7, wantPeak: 2},
		{parallel: 0, sites: DefaultFleetParallel + 5, wantPeak: DefaultFleetParallel},
		{parallel: 5, sites: 3, wantPeak: 3},
	} {
		t.Run(fmt.Sprintf("%d of %d", tt.parallel, tt.sites), func(t *testing.T) {
			var u unreachable
			sites := make([]FleetSite, tt.sites)
			want := make([]health.SiteReport, tt.sites)
			for i := range sites {
				name := fmt.Sprintf("site%d", i)
				sites[i] = FleetSite{Name: name, Connect: u.connect(name)}
				want[i] = health.SiteReport{Site: name, Report: health.UnknownReport(health.Expectation{}, fmt.Errorf("%s: connection refused", name))}
			}
			got := VerifyFleet(context.Background(), sites, tt.parallel)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("reports (-want +got):\n%s", d)
			}
			if p := int(u.peak.Load()); p != tt.wantPeak {
				t.Errorf("%d connections at once, want %d", p, tt.wantPeak)
			}
		})
	}
}

// TestVerifyFleetMixed: a site that could not be prepared is Unknown without
// connecting; a real router beside it still gets its verdict.
func TestVerifyFleetMixed(t *testing.T) {
	r := ixsimtest.Start(t)
	exp, err := ExpectationFor(seedInput(t).Connection, nil, []netip.Prefix{mustPrefix("172.31.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	called := false
	never := func(context.Context) (Device, error) { called = true; return nil, errors.New("dialled") }
	got := VerifyFleet(context.Background(), []FleetSite{
		{Name: "broken.yaml", Connect: never, Err: errors.New("broken.yaml: bad port")},
		{Name: "r10", Connect: connector(t, r, nil), Expect: exp},
	}, 0)
	if called {
		t.Error("connected to a site that could not be prepared")
	}
	if got[0].Site != "broken.yaml" || got[0].Report.Status != health.Unknown || got[0].Report.Error != "broken.yaml: bad port" {
		t.Errorf("broken site: %+v", got[0])
	}
	// A fresh seed router has no VPN: down, with both tunnels judged.
	if got[1].Site != "r10" || got[1].Report.Status != health.Down || len(got[1].Report.Tunnels) != 2 {
		t.Errorf("r10: %s %s (%d tunnels)", got[1].Report.Status, got[1].Report.Summary, len(got[1].Report.Tunnels))
	}
}

// TestExpectationForMatchesPlan: without a plan, verify expects what apply's
// plan would make the router look like.
func TestExpectationForMatchesPlan(t *testing.T) {
	f, err := os.Open("../../fixtures/aws/seed-cisco.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	conn, err := awsvpn.Parse(f, awsvpn.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	vpc := []netip.Prefix{mustPrefix("172.31.0.0/16")}
	for _, tunnels := range [][]string{nil, {"Tunnel5.0", "Tunnel2.0"}} {
		opts := []plan.Option{plan.WithVPC(vpc...)}
		if tunnels != nil {
			opts = append(opts, plan.WithTunnelInterfaces(tunnels...))
		}
		p, err := plan.New(conn, showparse.RunningConfig{}, opts...)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ExpectationFor(conn, tunnels, vpc)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(Expectation(p), got, cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})); d != "" {
			t.Errorf("tunnels %v (-plan +ExpectationFor):\n%s", tunnels, d)
		}
	}
	if _, err := ExpectationFor(conn, []string{"Tunnel0.0", "Tunnel0.0"}, nil); !errors.Is(err, plan.ErrInvalid) {
		t.Errorf("same interface twice: %v, want plan.ErrInvalid", err)
	}
}

// TestStreamFleetAsFinished: a fast site is reported before a slow one
// started earlier, and every site exactly once.
func TestStreamFleetAsFinished(t *testing.T) {
	slow := func(ctx context.Context) (Device, error) {
		time.Sleep(200 * time.Millisecond)
		return nil, errors.New("slow: connection refused")
	}
	fast := func(ctx context.Context) (Device, error) { return nil, errors.New("fast: connection refused") }
	var order []string
	StreamFleet(context.Background(), []FleetSite{
		{Name: "slow", Connect: slow},
		{Name: "fast", Connect: fast},
		{Name: "broken", Err: errors.New("broken: bad port")},
	}, 2, func(r FleetResult) { order = append(order, fmt.Sprintf("%d:%s", r.Index, r.Site)) })
	if d := cmp.Diff([]string{"2:broken", "1:fast", "0:slow"}, order); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
}

// TestStreamFleetInterrupted: once ctx is done no site starts, but the one
// under way finishes with its own verdict rather than being cut off.
func TestStreamFleetInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var sawCancel atomic.Bool
	first := func(vctx context.Context) (Device, error) {
		cancel()
		time.Sleep(50 * time.Millisecond)
		sawCancel.Store(vctx.Err() != nil)
		return nil, errors.New("first: connection refused")
	}
	never := func(context.Context) (Device, error) { t.Error("a site started after the interrupt"); return nil, nil }
	got := map[string]string{}
	StreamFleet(ctx, []FleetSite{{Name: "first", Connect: first}, {Name: "second", Connect: never}}, 1,
		func(r FleetResult) { got[r.Site] = r.Report.Error })
	want := map[string]string{"first": "first: connection refused", "second": ErrFleetInterrupted.Error()}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if sawCancel.Load() {
		t.Error("the verify under way saw the interrupt")
	}
}
