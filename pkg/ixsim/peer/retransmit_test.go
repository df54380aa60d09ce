package peer

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// retransmitModel is the seed's final configuration on the realistic IKE
// retransmit timeline (3 resends 10 s apart, given up 10 s after the last,
// retried 10 s later) at scale, tunnel 1 broken by edit.
func retransmitModel(t *testing.T, scale float64, edit func(string) string, opts ...Option) *Model {
	t.Helper()
	sc := seedScenario(t, func(sc *scenario.Scenario) {
		sc.Timing = scenario.Timing{RetryInterval: 10 * time.Second, IKERetransmits: 3, IKERetransmitInterval: 10 * time.Second,
			Teardown: scenario.TeardownInstant, TimeScale: scale}
	})
	m := New(sc, append([]Option{WithSeed(1)}, opts...)...)
	m.Update(edit(seedFinal(t)), t0)
	return m
}

// saSeen is what the tool reads of one ISAKMP SA block (zero: no block).
type saSeen struct {
	State                    string
	Timeout, Resend, HashErr int
}

// tunnel1SA is the block `show ike sa` prints at at for tunnel 1's peer.
func tunnel1SA(t *testing.T, m *Model, at time.Time) saSeen {
	t.Helper()
	out, err := m.Render("show ike sa", at, Indented)
	if err != nil {
		t.Fatal(err)
	}
	sas, err := showparse.ParseIKESAs(strings.NewReader(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, sa := range sas.SAs {
		if sa.RemoteAddress == "54.69.109.228" {
			return saSeen{string(sa.State), sa.Ph1Timeout, sa.Ph1Resend, sa.Ph1HashErr}
		}
	}
	return saSeen{}
}

// TestIKERetransmits: while the router resends to a silent AWS the SA shows
// as msg1-sent with #ph1 resend growing one per interval; when the attempt
// is given up #ph1 timeout grows and the block goes until the next attempt.
// A wrong pre-shared key resends message 5 alike. time_scale runs the same
// steps faster.
func TestIKERetransmits(t *testing.T) {
	awsDown := func(cfg string) string { return cfg }
	wrongKey := func(cfg string) string {
		return strings.Replace(cfg, "key QAElJrXGVeBgHi.U292jVF3eLTATQXMQ", "key wrong-key-0123456789", 1)
	}
	steps := []struct {
		after time.Duration
		down  saSeen // AWS tunnel 1 not answering
		psk   saSeen // wrong key on tunnel 1
	}{
		{0, saSeen{"msg1-sent", 0, 0, 0}, saSeen{"msg5-sent", 0, 0, 1}},
		{9 * time.Second, saSeen{"msg1-sent", 0, 0, 0}, saSeen{"msg5-sent", 0, 0, 1}},
		{10 * time.Second, saSeen{"msg1-sent", 0, 1, 0}, saSeen{"msg5-sent", 0, 1, 1}},
		{39 * time.Second, saSeen{"msg1-sent", 0, 3, 0}, saSeen{"msg5-sent", 0, 3, 1}},
		{40 * time.Second, saSeen{}, saSeen{}}, // given up: no block
		{49 * time.Second, saSeen{}, saSeen{}},
		{50 * time.Second, saSeen{"msg1-sent", 1, 3, 0}, saSeen{"msg5-sent", 0, 3, 2}}, // the next attempt
		{60 * time.Second, saSeen{"msg1-sent", 1, 4, 0}, saSeen{"msg5-sent", 0, 4, 2}},
	}
	for _, scale := range []float64{1, 100} {
		down := retransmitModel(t, scale, awsDown)
		down.SetAWSDownAt(1, true, t0)
		psk := retransmitModel(t, scale, wrongKey)
		for _, st := range steps {
			at := t0.Add(time.Duration(float64(st.after) / scale))
			name := fmt.Sprintf("scale %v, %v", scale, st.after)
			if d := cmp.Diff(st.down, tunnel1SA(t, down, at)); d != "" {
				t.Errorf("%s, AWS down (-want +got):\n%s", name, d)
			}
			if d := cmp.Diff(st.psk, tunnel1SA(t, psk, at)); d != "" {
				t.Errorf("%s, wrong key (-want +got):\n%s", name, d)
			}
		}
	}
}

// TestQuietRetransmits: WithQuietRetransmits shows no block while the
// router resends (ix-cli.md §10.3), WithNegotiatingSAs one between attempts
// too; the counters are the same either way.
func TestQuietRetransmits(t *testing.T) {
	keep := func(cfg string) string { return cfg }
	quiet := retransmitModel(t, 1, keep, WithQuietRetransmits(true))
	quiet.SetAWSDownAt(1, true, t0)
	if got := tunnel1SA(t, quiet, t0.Add(15*time.Second)); got != (saSeen{}) {
		t.Errorf("quiet, while resending: %+v", got)
	}
	loud := retransmitModel(t, 1, keep, WithNegotiatingSAs(true))
	loud.SetAWSDownAt(1, true, t0)
	if got, want := tunnel1SA(t, loud, t0.Add(45*time.Second)), (saSeen{"msg1-sent", 1, 3, 0}); got != want {
		t.Errorf("negotiating SAs, between attempts: %+v, want %+v", got, want)
	}
}
