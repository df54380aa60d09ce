package peer

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// realisticModel is the seed scenario with its built-in (realistic)
// timeline at scale, running the seed's final configuration plus DPD.
func realisticModel(t *testing.T, scale float64, edit func(*scenario.Timing)) *Model {
	t.Helper()
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	sc.Timing.TimeScale = scale
	if edit != nil {
		edit(&sc.Timing)
	}
	m := New(sc, WithSeed(1), WithBootTime(t0))
	cfg := seedFinal(t) + "ike keepalive ike-policy1 10 3\nike keepalive ike-policy2 10 3\n"
	m.Update(cfg, t0)
	return m
}

// neighborStates lists tunnel 0's and 1's BGP neighbour states at now.
func neighborStates(m *Model, now time.Time) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.advance(now)
	var out []string
	for _, n := range m.snapshot(now).neighbors() {
		out = append(out, n.state)
	}
	return out
}

// TestRealisticBringUp: the seed's timeline (IKE 2 s, IPsec 1 s, BGP 90 s
// through CONNECT, ACTIVE, OPENSENT, OPENCONFIRM), at real time and at 100x.
func TestRealisticBringUp(t *testing.T) {
	for _, scale := range []float64{1, 100} {
		m := realisticModel(t, scale, nil)
		at := func(d time.Duration) time.Time { return t0.Add(time.Duration(float64(d) / scale)) }
		for _, tc := range []struct {
			after time.Duration
			want  string
			up    stagesUp
		}{
			{time.Second, "IDLE", stagesUp{}},
			{2500 * time.Millisecond, "IDLE", stagesUp{IKE: [2]bool{true, true}}},
			{4 * time.Second, "CONNECT", stagesUp{IKE: [2]bool{true, true}, IPsec: [2]bool{true, true}}},
			{30 * time.Second, "ACTIVE", stagesUp{IKE: [2]bool{true, true}, IPsec: [2]bool{true, true}}},
			{86 * time.Second, "OPENSENT", stagesUp{IKE: [2]bool{true, true}, IPsec: [2]bool{true, true}}},
			{90 * time.Second, "OPENCONFIRM", stagesUp{IKE: [2]bool{true, true}, IPsec: [2]bool{true, true}}},
			{94 * time.Second, "ESTABLISHED", stagesUp{IKE: [2]bool{true, true}, IPsec: [2]bool{true, true}, BGP: [2]bool{true, true}}},
		} {
			now := at(tc.after)
			if d := cmp.Diff([]string{tc.want, tc.want}, neighborStates(m, now)); d != "" {
				t.Errorf("scale %v, after %v: states (-want +got):\n%s", scale, tc.after, d)
			}
			if d := cmp.Diff(tc.up, stagesAt(m, now)); d != "" {
				t.Errorf("scale %v, after %v: stages (-want +got):\n%s", scale, tc.after, d)
			}
		}
	}
}

// TestDeadAWSStaysUpUntilTimers: after the AWS side dies the router shows
// the tunnel established, BGP ESTABLISHED and the learned route until DPD
// (10 s x 3) and the hold time (30 s) expire.
func TestDeadAWSStaysUpUntilTimers(t *testing.T) {
	m := realisticModel(t, 1, nil)
	up := t0.Add(2 * time.Minute)
	if s := stagesAt(m, up); s.BGP != [2]bool{true, true} {
		t.Fatalf("not up after two minutes: %+v", s)
	}
	m.SetAWSDownAt(0, true, up)
	for _, tc := range []struct {
		after time.Duration
		up    bool
	}{{0, true}, {10 * time.Second, true}, {29 * time.Second, true}, {30 * time.Second, false}, {time.Hour, false}} {
		now := up.Add(tc.after)
		s := stagesAt(m, now)
		if s.IKE[0] != tc.up || s.IPsec[0] != tc.up || s.BGP[0] != tc.up || !s.BGP[1] {
			t.Errorf("%v after AWS died: %+v, want tunnel 0 up=%v", tc.after, s, tc.up)
		}
		route, err := m.Render("show ip route", now, Indented)
		if err != nil {
			t.Fatal(err)
		}
		// The best path is tunnel 0's (older); it fails over to tunnel 1.
		if via := strings.Contains(route, "via 169.254.123.133"); via != tc.up {
			t.Errorf("%v after AWS died: route via tunnel 0 shown %v, want %v:\n%s", tc.after, via, tc.up, route)
		}
	}
}

// TestHoldTimeWithoutDPD: without `ike keepalive` the SAs outlive the dead
// AWS side, but BGP drops when its hold time (30 s) expires.
func TestHoldTimeWithoutDPD(t *testing.T) {
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	m := New(sc, WithSeed(1), WithBootTime(t0))
	m.Update(seedFinal(t), t0)
	up := t0.Add(2 * time.Minute)
	m.SetAWSDownAt(1, true, up)
	want := stagesUp{IKE: [2]bool{true, true}, IPsec: [2]bool{true, true}, BGP: [2]bool{true, false}}
	if d := cmp.Diff(want, stagesAt(m, up.Add(31*time.Second))); d != "" {
		t.Errorf("31 s after AWS died (-want +got):\n%s", d)
	}
}

// TestAWSRestart: AWS comes back before DPD noticed; the stale SAs go and
// the tunnel renegotiates from phase 1 (new cookies, BGP from CONNECT).
func TestAWSRestart(t *testing.T) {
	m := realisticModel(t, 1, nil)
	up := t0.Add(2 * time.Minute)
	m.RestartAWS(0, up, 5*time.Second)
	back := up.Add(5 * time.Second)
	if s := stagesAt(m, back.Add(-time.Millisecond)); !s.BGP[0] {
		t.Errorf("during the restart the router still shows tunnel 0 up: %+v", s)
	}
	if s := stagesAt(m, back); s.IKE[0] || s.BGP[0] {
		t.Errorf("right after AWS restarted: %+v", s)
	}
	if got := neighborStates(m, back.Add(10*time.Second)); got[1] != "ACTIVE" {
		t.Errorf("tunnel 0 BGP 10 s after the restart: %v", got)
	}
	if s := stagesAt(m, back.Add(94*time.Second)); !s.BGP[0] {
		t.Errorf("tunnel 0 not back 94 s after the restart: %+v", s)
	}
	s := summarize(m, back.Add(94*time.Second)).Tunnels[0]
	if s.Ph1Success != 2 || s.Ph2Success != 2 {
		t.Errorf("counters after renegotiation: %+v", s)
	}
}

// TestBGPFlapsDuringBringUp: the first session drops twice, 5 s after
// establishing, then stays.
func TestBGPFlapsDuringBringUp(t *testing.T) {
	m := realisticModel(t, 10, func(tm *scenario.Timing) { tm.BGPFlaps = 2 })
	at := func(d time.Duration) time.Time { return t0.Add(d / 10) }
	for _, tc := range []struct {
		after time.Duration
		up    bool
	}{
		{94 * time.Second, true}, {99 * time.Second, false}, {188 * time.Second, true},
		{194 * time.Second, false}, {283 * time.Second, true}, {time.Hour, true},
	} {
		if s := stagesAt(m, at(tc.after)); s.BGP[0] != tc.up {
			t.Errorf("after %v: BGP up %v, want %v", tc.after, s.BGP[0], tc.up)
		}
	}
}

func TestTimingScale(t *testing.T) {
	tm := scenario.Timing{TimeScale: 100}
	if got := tm.Scale(90 * time.Second); got != 900*time.Millisecond {
		t.Errorf("Scale(90s) at 100x = %v", got)
	}
	if got := (scenario.Timing{}).Scale(time.Second); got != time.Second {
		t.Errorf("Scale at 0 = %v", got)
	}
}
