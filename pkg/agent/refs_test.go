package agent

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// seedPlan is the plan for the seed's AWS sample against the simulator's
// booted configuration.
func seedPlan(t *testing.T, r *ixsimtest.Router) *plan.Plan {
	t.Helper()
	prior, err := showparse.ParseRunningConfig(strings.NewReader(r.Sim.RunningConfig()))
	if err != nil {
		t.Fatal(err)
	}
	in := seedInput(t)
	p, err := plan.New(in.Connection, prior, in.PlanOptions...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// misnameProposal renames the IPsec proposal the first map names, as a typo
// in a hand-edited plan or a generator bug would.
func misnameProposal(t *testing.T, lines []string) []string {
	t.Helper()
	out := append([]string(nil), lines...)
	for i, l := range out {
		if f := strings.Fields(l); len(f) >= 7 && f[0] == "ipsec" && f[1] == "autokey-map" {
			f[6] = "ipsec-prop-typo"
			out[i] = strings.Join(f, " ")
			return out
		}
	}
	t.Fatal("no ipsec autokey-map line")
	return nil
}

func TestCheckReferences(t *testing.T) {
	r := ixsimtest.Start(t)
	p := seedPlan(t, r)
	if err := checkReferences(p); err != nil {
		t.Fatalf("the seed plan: %v", err)
	}
	bad := *p
	bad.Desired = misnameProposal(t, p.Desired)
	var ue *UndefinedReferenceError
	if err := checkReferences(&bad); !errors.As(err, &ue) {
		t.Fatalf("misnamed proposal: %v", err)
	}
	mapName := strings.Fields(p.Desired[indexMap(p.Desired)])[2]
	if d := cmp.Diff(&UndefinedReferenceError{Kind: "ipsec autokey-proposal", Name: "ipsec-prop-typo", By: "ipsec autokey-map " + mapName}, ue); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// An object the router already holds satisfies the reference.
	withProp := bad
	prior, err := showparse.ParseRunningConfig(strings.NewReader(r.Sim.RunningConfig() + "ipsec autokey-proposal ipsec-prop-typo esp-aes esp-sha\n"))
	if err != nil {
		t.Fatal(err)
	}
	withProp.Prior = prior
	if err := checkReferences(&withProp); err != nil {
		t.Errorf("proposal on the router: %v", err)
	}
	noSecrets(t, "error", ue.Error())
}

func indexMap(lines []string) int {
	for i, l := range lines {
		if strings.HasPrefix(l, "ipsec autokey-map ") {
			return i
		}
	}
	return -1
}

// TestMisnamedProposalGoesInSilently: the IX (and the simulator, by
// default) accepts a map naming a proposal nothing defines, so a push of
// it reports no error; verify is what finds the tunnel down. Against a
// simulator that refuses undefined references (WithStrictReferences, its
// old default) the push itself would fail.
func TestMisnamedProposalGoesInSilently(t *testing.T) {
	r := ixsimtest.Start(t)
	p := seedPlan(t, r)
	ctx := context.Background()
	dev, err := connector(t, r, nil)(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close(ctx)
	if err := dev.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := dev.Configure(ctx, misnameProposal(t, p.Commands)); err != nil {
		t.Fatalf("push of the misnamed map: %v", err)
	}
	exp := Expectation(p)
	deadline := time.Now().Add(3 * time.Second)
	var rep health.Report
	for time.Now().Before(deadline) {
		obs, err := Observe(ctx, dev)
		if err != nil {
			t.Fatal(err)
		}
		if rep = health.Judge(exp, obs); rep.Status == health.Degraded && strings.Contains(rep.Summary, "BGP 1/2") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if rep.Status != health.Degraded || !strings.Contains(rep.Summary, "IPsec 1/2") {
		t.Errorf("verify of the misnamed map: %s", rep.Summary)
	}
}
