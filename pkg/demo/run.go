package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/backup"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"github.com/ixpush/ixpush/pkg/journal"
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
// apply fails (the output then ends with the next command apply names), and
// an error naming the verdict when verify finds the router not ok.
// BreakKill kills the first apply mid-push and applies again with the same
// state directory: Run then succeeds when that second run recovers,
// applies, saves and verifies.
func Run(ctx context.Context, w io.Writer, opts ...Option) error {
	o := newOptions(opts)
	sc, err := scenario.Builtin("seed")
	if err != nil {
		return err
	}
	brk, err := breakOptions(o.brk, sc)
	if err != nil {
		return err
	}
	st, err := setStage(ctx, o, sc, brk.sim...)
	if err != nil {
		return err
	}
	defer st.close()
	router, connect, store, conn := st.router, st.connect, st.store, st.conn

	fmt.Fprintf(w, "Simulated %s %s (seed scenario) on %s, host key %s\n", sc.Router.Model, sc.Router.Hostname, router.Addr, router.Sim.HostKeyFingerprint())
	fmt.Fprintf(w, "AWS input: the seed's Cisco IOS sample (%s, 2 tunnels; keys never printed)\n", conn.VPNConnectionID)
	if o.brk != BreakNone {
		fmt.Fprintf(w, "Broken on purpose: %s\n", o.brk)
	}
	fmt.Fprintln(w)

	in := agent.ApplyInput{Router: sc.Router.Hostname, Connection: conn, PlanOptions: []plan.Option{
		plan.WithLAN(seedLAN), plan.WithVPC(seedVPC), plan.WithWANIP(seedWANIP),
	}}
	applyOpts := []agent.Option{agent.WithBackupStore(store), agent.WithWait(o.wait), agent.WithPollInterval(pollInterval), agent.WithProgress(w), agent.WithSoak(soak)}
	if brk.killed {
		if err := killedApply(ctx, w, connect, in, brk.fault, store, applyOpts); err != nil {
			return err
		}
	}
	res, err := apply(ctx, w, connect, in, applyOpts)
	if err != nil {
		if res.Next != nil {
			fmt.Fprintf(w, "next: %s (%s)\n", report.NextCommand(*res.Next, siteArg), res.Next.Why)
		}
		return err
	}
	return verify(ctx, w, connect, res.Plan)
}

// siteArg stands for the site file in the commands the demo shows: the
// seed has none, a real router would.
const siteArg = "SITE"

// killedApply runs an apply that the kill break kills mid-push: the
// hook cancels its context and cuts the session, and WithAbandonOnCancel
// makes it return as the dead process would, leaving its journal at the
// step it had reached. It then shows that journal, as ixpush status does.
func killedApply(ctx context.Context, w io.Writer, connect agent.Connector, in agent.ApplyInput, f *fault, store *backup.Store, opts []agent.Option) error {
	kctx, cancel := context.WithCancel(ctx)
	defer cancel()
	f.arm(cancel)
	res, err := agent.Apply(kctx, connect, in, append(slices.Clip(opts), agent.WithAbandonOnCancel(true))...)
	if !f.hit() {
		// The router never reached the line: apply ended on its own (or
		// the caller cancelled), and there is nothing to recover.
		return fmt.Errorf("the kill break did not strike: apply ended %s: %w", res.Outcome, err)
	}
	fmt.Fprintf(w, "\n!!! ixpush killed mid-push, after the router executed %q: no rollback, no journal update, no logout\n", midPushLine)
	js, err := journal.Open(store.Dir())
	if err != nil {
		return err
	}
	e, err := js.Load(in.Router)
	if err != nil {
		return fmt.Errorf("the killed apply left no journal: %w", err)
	}
	fmt.Fprintln(w, "\n==> ixpush status (the change journal the dead run left)")
	if err := report.WriteStatus(w, e, siteArg); err != nil {
		return err
	}
	fmt.Fprintln(w, "\n==> ixpush apply again, with the same state directory (what the next run does)")
	return nil
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
func apply(ctx context.Context, w io.Writer, connect agent.Connector, in agent.ApplyInput, opts []agent.Option) (*agent.ApplyResult, error) {
	start := time.Now()
	res, applyErr := agent.Apply(ctx, connect, in, opts...)
	total := time.Since(start)
	fmt.Fprintln(w)
	if res.Plan != nil {
		if l := drawingLabel(res); l != "" {
			fmt.Fprintln(w, l)
		}
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
