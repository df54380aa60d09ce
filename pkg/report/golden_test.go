package report

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/ixpush/ixpush/internal/golden"
	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// fixturesDir is the repository's fixture tree: the inputs are the seed's
// own AWS sample and show outputs, so the goldens show real text.
const fixturesDir = "../../fixtures"

// backupPath stands in for the file name backup.Store would choose.
const backupPath = "/var/lib/ixpush/backups/R10-20261127T130000.000Z.cfg"

// snapshotPath is where a run that types nothing keeps its copy.
const snapshotPath = "/var/lib/ixpush/backups/snapshots/R10-20261127T130000.000Z.cfg"

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden"), got)
}

func seedConnection(t *testing.T) awsvpn.Connection {
	t.Helper()
	f, err := os.Open(filepath.Join(fixturesDir, "aws", "seed-cisco.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	conn, err := awsvpn.Parse(f, awsvpn.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// seedPlan is the seed's site planned against an empty router; wanIP makes
// it sit behind the seed's NAT (an invalid address: no NAT).
func seedPlan(t *testing.T, wanIP netip.Addr) *plan.Plan {
	t.Helper()
	opts := []plan.Option{
		plan.WithLAN(netip.MustParsePrefix("192.168.2.0/24")),
		plan.WithVPC(netip.MustParsePrefix("172.31.0.0/16")),
	}
	if wanIP.IsValid() {
		opts = append(opts, plan.WithWANIP(wanIP))
	}
	p, err := plan.New(seedConnection(t), showparse.RunningConfig{}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var seedWANIP = netip.MustParseAddr("192.168.1.10")

func parseShow[T any](t *testing.T, parse func(*os.File) (T, error), rel string) T {
	t.Helper()
	f, err := os.Open(filepath.Join(fixturesDir, "ix", rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := parse(f)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return v
}

// seedHealth judges the plan against recorded show output: "up" has both
// tunnels and BGP sessions up and the VPC learned; "one-down" has no SA on
// tunnel 1, its BGP session stuck in OpenSent and nothing learned.
func seedHealth(t *testing.T, p *plan.Plan, variant string) *health.Report {
	t.Helper()
	files := map[string][4]string{ // IKE, IPsec, BGP, BGP summary
		"up":       {"show-ike-sa/seed.txt", "show-ipsec-sa/seed.txt", "show-ip-bgp/seed.txt", "show-ip-bgp-summary/two-established-crlf.txt"},
		"one-down": {"show-ike-sa/one-down.txt", "show-ipsec-sa/one-down.txt", "show-ip-bgp/empty.txt", "show-ip-bgp-summary/flat.txt"},
	}[variant]
	sum := parseShow(t, func(f *os.File) (showparse.BGPSummary, error) { return showparse.ParseBGPSummary(f) }, files[3])
	obs := health.Observation{
		IKE:     parseShow(t, func(f *os.File) (showparse.IKESAs, error) { return showparse.ParseIKESAs(f) }, files[0]),
		IPsec:   parseShow(t, func(f *os.File) (showparse.IPsecSAs, error) { return showparse.ParseIPsecSAs(f) }, files[1]),
		BGP:     parseShow(t, func(f *os.File) (showparse.BGPTable, error) { return showparse.ParseBGPTable(f) }, files[2]),
		Summary: &sum,
	}
	rep := health.Judge(agent.Expectation(p), obs)
	return &rep
}

func TestWriteTopology(t *testing.T) {
	nat := seedPlan(t, seedWANIP)
	cases := []struct {
		name string
		plan *plan.Plan
		rep  *health.Report
	}{
		{"topology-nat", nat, nil},
		{"topology-no-nat", seedPlan(t, netip.Addr{}), nil},
		{"topology-health-up", nat, seedHealth(t, nat, "up")},
		{"topology-health-down", nat, seedHealth(t, nat, "one-down")},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteTopology(&b, tt.plan, tt.rep); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.name, b.Bytes())
		})
	}
}

// applyResults are the outcomes agent.Apply reports, built around the seed's
// plan and health as apply would fill them in.
func applyResults(t *testing.T) map[string]*agent.ApplyResult {
	p := seedPlan(t, seedWANIP)
	up, down := seedHealth(t, p, "up"), seedHealth(t, p, "one-down")
	n := len(p.Commands)
	return map[string]*agent.ApplyResult{
		"apply-dry-run":          {Outcome: agent.OutcomeDryRun, Router: "R10", Snapshot: snapshotPath, Plan: p},
		"apply-applied-saved":    {Outcome: agent.OutcomeApplied, Router: "R10", Backup: backupPath, Plan: p, Pushed: n, Health: up, Saved: true},
		"apply-applied-unsaved":  {Outcome: agent.OutcomeApplied, Router: "R10", Backup: backupPath, Plan: p, Pushed: n, Health: up},
		"apply-already-applied":  {Outcome: agent.OutcomeAlreadyApplied, Router: "R10", Snapshot: snapshotPath, Plan: p, Health: up},
		"apply-rolled-back":      {Outcome: agent.OutcomeRolledBack, Router: "R10", Backup: backupPath, Plan: p, Pushed: n, Health: down, Rollback: p.Rollback},
		"apply-rollback-failed":  {Outcome: agent.OutcomeRollbackFailed, Router: "R10", Backup: backupPath, Plan: p, Pushed: n, Health: down, Rollback: p.Rollback},
		"apply-not-changed":      {Outcome: agent.OutcomeNotChanged, Router: "R10"},
		"apply-not-changed-plan": {Outcome: agent.OutcomeNotChanged, Router: "R10", Backup: backupPath, Plan: p},
	}
}

func TestWriteApply(t *testing.T) {
	for name, res := range applyResults(t) {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteApply(&b, res, false); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, b.Bytes())
		})
	}
}

func TestWriteRestore(t *testing.T) {
	p := seedPlan(t, seedWANIP)
	cases := map[string]*agent.RestoreResult{
		"restore-restored": {Router: "R10", Backup: backupPath, Rollback: p.Rollback},
		"restore-already":  {Router: "R10", Backup: backupPath, Already: true},
		// someone's edits outside the managed sections, kept: two lines,
		// one context line that is not counted
		"restore-kept-unmanaged": {Router: "R10", Backup: backupPath, Rollback: p.Rollback,
			Unmanaged: []string{"  interface GigaEthernet1.0", "+   description lan-floor2", "- timezone +09 00"}},
	}
	for name, res := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteRestore(&b, res); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, b.Bytes())
		})
	}
}

func TestWriteVerify(t *testing.T) {
	p := seedPlan(t, seedWANIP)
	up, down := seedHealth(t, p, "up"), seedHealth(t, p, "one-down")
	cases := map[string]struct {
		reports  []health.SiteReport
		drawings []*plan.Plan
	}{
		"verify-one":       {reports: []health.SiteReport{{Site: "R10", Report: *up}}},
		"verify-one-drawn": {reports: []health.SiteReport{{Site: "R10", Report: *down}}, drawings: []*plan.Plan{p}},
		"verify-fleet": {
			reports:  []health.SiteReport{{Site: "tokyo", Report: *up}, {Site: "osaka", Report: *down}},
			drawings: []*plan.Plan{nil, p},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteVerify(&b, c.reports, c.drawings, nil); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, b.Bytes())
		})
	}
}
