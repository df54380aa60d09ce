package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/session"
)

// The seed site's addresses that are not in the AWS sample: what a site file
// would give apply for a real router.
var (
	seedLAN   = netip.MustParsePrefix("192.168.2.0/24")
	seedVPC   = netip.MustParsePrefix("172.31.0.0/16")
	seedWANIP = netip.MustParseAddr("192.168.1.10")
)

// Run boots the seed scenario (broken as WithBreak says), applies the seed's
// AWS sample to it and, when apply succeeds, verifies it, writing what a
// user of apply and verify would see to w. It returns apply's error when
// apply fails, and an error naming the verdict when verify finds the router
// not ok.
func Run(ctx context.Context, w io.Writer, opts ...Option) error {
	o := newOptions(opts)
	sc, err := scenario.Builtin("seed")
	if err != nil {
		return err
	}
	brokenOpts, err := breakOptions(o.brk, sc)
	if err != nil {
		return err
	}
	router, err := ixsim.StartLoopback(ctx, sc, append([]ixsim.Option{ixsim.WithLatency(o.latency, 0)}, brokenOpts...)...)
	if err != nil {
		return err
	}
	defer router.Close()

	// known_hosts and the backups are the demo's alone: a temporary
	// directory, so that it leaves nothing behind.
	dir, err := os.MkdirTemp("", "ixpush-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	connect, err := connector(router, filepath.Join(dir, "known_hosts"), o.transcript)
	if err != nil {
		return err
	}
	store, err := backup.Open(filepath.Join(dir, "backups"))
	if err != nil {
		return err
	}
	conn, err := awsvpn.Parse(strings.NewReader(scenario.SeedAWSCisco), awsvpn.FormatAuto)
	if err != nil {
		return fmt.Errorf("embedded seed AWS sample: %w", err)
	}

	fmt.Fprintf(w, "Simulated %s %s (seed scenario) on %s, host key %s\n", sc.Router.Model, sc.Router.Hostname, router.Addr, router.Sim.HostKeyFingerprint())
	fmt.Fprintf(w, "AWS input: the seed's Cisco IOS sample (%s, 2 tunnels; keys never printed)\n", conn.VPNConnectionID)
	if o.brk != BreakNone {
		fmt.Fprintf(w, "Broken on purpose: %s\n", o.brk)
	}
	fmt.Fprintln(w)

	res, err := apply(ctx, w, connect, agent.ApplyInput{Router: sc.Router.Hostname, Connection: conn, PlanOptions: []plan.Option{
		plan.WithLAN(seedLAN), plan.WithVPC(seedVPC), plan.WithWANIP(seedWANIP),
	}}, store, o.wait)
	if err != nil {
		return err
	}
	return verify(ctx, w, connect, res.Plan)
}

// connector pins the router's host key in knownHosts and logs in with the
// scenario's admin account, ignoring the user's ssh_config: the demo must
// not depend on the machine it runs on.
func connector(router *ixsim.Loopback, knownHosts string, transcript io.Writer) (agent.Connector, error) {
	if err := router.AppendKnownHosts(knownHosts); err != nil {
		return nil, err
	}
	dial := []session.DialOption{session.WithUser(router.User), session.WithPassword(router.Password), session.WithKnownHosts(knownHosts), session.WithSSHConfig("")}
	var cli []ixcli.Option
	if transcript != nil {
		cli = append(cli, ixcli.WithShellOptions(session.WithTranscript(transcript)))
	}
	return agent.SSHConnector(router.Addr, dial, cli), nil
}

// apply runs agent.Apply with its progress on w, then prints the drawing,
// the verdict and how long each step took, whether or not apply succeeded.
func apply(ctx context.Context, w io.Writer, connect agent.Connector, in agent.ApplyInput, store *backup.Store, wait time.Duration) (*agent.ApplyResult, error) {
	start := time.Now()
	res, applyErr := agent.Apply(ctx, connect, in,
		agent.WithBackupStore(store), agent.WithWait(wait), agent.WithPollInterval(pollInterval), agent.WithProgress(w))
	total := time.Since(start)
	fmt.Fprintln(w)
	if res.Plan != nil {
		if err := report.WriteTopology(w, res.Plan, res.Health); err != nil {
			return res, err
		}
	}
	if err := report.WriteApply(w, res, false); err != nil {
		return res, err
	}
	fmt.Fprintln(w, "(the demo's backups live in a temporary directory removed when it ends)")
	fmt.Fprintf(w, "apply took %s:", total.Round(time.Millisecond))
	for _, s := range res.Steps {
		fmt.Fprintf(w, " %s %s", s.Name, s.Elapsed.Round(time.Millisecond))
	}
	fmt.Fprintln(w)
	return res, applyErr
}

// verify runs the check a scheduled `ixpush verify` would, against what the
// plan just applied.
func verify(ctx context.Context, w io.Writer, connect agent.Connector, p *plan.Plan) error {
	fmt.Fprintln(w, "\n==> ixpush verify (what a scheduled job runs)")
	rep := agent.Verify(ctx, connect, agent.Expectation(p))
	if err := health.WriteTable(w, rep); err != nil {
		return err
	}
	if rep.Status != health.OK {
		return errors.New("verify after apply: " + rep.Summary)
	}
	return nil
}
