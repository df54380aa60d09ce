package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

type simFlags struct {
	scenario, listen, user string
	routers                int
	stdio, jsonOut         bool
	sim                    ixsim.Settings
}

func newSimCmd(a *app) *cobra.Command {
	f := simFlags{sim: ixsim.Settings{Log: a.stderr}}
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Run simulated NEC IX routers over SSH (or one session over stdio)",
		Long: `sim serves simulated NEC UNIVERGE IX routers: the IX's SSH identity and
algorithms, login banner, prompts and modes, command grammar and error lines,
echo wrapping, --More-- paging, exclusive config mode, running-config with save
and reload, and tunnel/BGP state derived from the configuration against a
simulated AWS side. It prints each router's address, login and host-key
fingerprint, then serves until interrupted.

--scenario is a built-in name (` + strings.Join(scenario.Builtins(), ", ") + `) or a scenario YAML file.
--routers N serves N independent routers on consecutive ports from --listen's
port (or N random ports when it is 0). --stdio runs one CLI session on
stdin/stdout instead, for an OpenSSH ForceCommand; the login is --user or $USER.
The fault flags make the router misbehave for reliability tests. The timeline is
a real IX's (minutes to converge, ix-cli.md §11); --time-scale 100 runs it in
about a second.`,
		Example: "  ixpush sim --scenario seed --listen 127.0.0.1:2222\n" +
			"  ixpush sim --routers 100 --listen 127.0.0.1:3000 --host-key sim_host_rsa\n" +
			"  ixpush sim --stdio --user admin          # as an sshd ForceCommand\n" +
			"  ixpush sim --aws-down 1 --drop-after 12 --latency 200ms --jitter 50ms",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return simInput(runSim(cmd.Context(), a, &f)) },
	}
	fl, s := cmd.Flags(), &f.sim
	fl.StringVar(&f.scenario, "scenario", "seed", "built-in scenario name or scenario YAML file")
	fl.StringVar(&f.listen, "listen", "127.0.0.1:2222", "address of the first router's SSH server")
	fl.IntVar(&f.routers, "routers", 1, "number of independent routers (consecutive ports)")
	fl.BoolVar(&f.stdio, "stdio", false, "run one session on stdin/stdout instead of serving SSH")
	fl.StringVar(&f.user, "user", "", "login for --stdio (default $USER)")
	fl.StringVar(&s.HostKeyFile, "host-key", "", "RSA host key file, created when missing (default: a new key per run)")
	fl.BoolVar(&f.jsonOut, "json", false, "print each router as a JSON line: an envelope whose result is the endpoint (ixpush schema sim)")
	fl.DurationVar(&s.Latency, "latency", 0, "fault: delay per direction for every chunk")
	fl.DurationVar(&s.Jitter, "jitter", 0, "fault: random +/- jitter on --latency")
	fl.IntVar(&s.SlowOutput, "slow-output", 0, "fault: limit output to this many bytes/s")
	fl.IntVar(&s.DropAfter, "drop-after", 0, "fault: cut the connection after the N-th command (once)")
	fl.StringVar((*string)(&s.DropAt), "drop-at", "", "fault: cut the connection at "+ixsim.DropPointNames())
	fl.StringVar(&s.Garbage, "garbage", "", "fault: text written before the login banner")
	fl.BoolVar(&s.ForcedPager, "forced-pager", false, "fault: page output even after terminal length 0")
	fl.StringVar(&s.OccupiedText, "occupied-text", "", "text printed when config mode is held elsewhere")
	fl.BoolVar(&s.FlatShow, "flat-show", false, "render shows flush left as the seed write-up published them")
	fl.IntSliceVar(&s.AWSDown, "aws-down", nil, "fault: AWS side of these tunnels (0,1) is down")
	fl.BoolVar(&s.ConfigHeld, "config-held", false, "fault: config mode is held by another session")
	fl.StringSliceVar(&s.ConfigOnly, "config-only", nil, "refuse these operation-mode commands at # (e.g. \"show ip route\"), as config-only ones are")
	fl.BoolVar(&s.GuessedKeywords, "guessed-keywords", false, "also accept the algorithm keywords ix-cli.md lists as guesses")
	fl.BoolVar(&s.LenientReferences, "lenient-references", false, "also delete objects that others refer to")
	fl.BoolVar(&s.StrictReferences, "strict-references", false, "refuse references to objects not yet defined (the IX accepts them)")
	fl.BoolVar(&s.ModernAlgorithms, "modern-algorithms", false, "offer Go's default SSH algorithms besides the IX set")
	fl.BoolVar(&s.EdgeWrap, "edge-wrap", false, "wrap echoed input at the screen edge, prompt included (the default)")
	fl.BoolVar(&s.InputWidthWrap, "input-width-wrap", false, "wrap echoed input after width-10 characters whatever the prompt (the old rule)")
	fl.BoolVar(&s.WidthRefused, "refuse-width", false, "answer terminal width with an error (the tool must cope with 80 columns)")
	fl.StringVar(&s.BGPPrompt, "bgp-prompt", "config-bgp", "mode name in the router bgp prompt")
	fl.StringVar(&s.AFPrompt, "af-prompt", "config-bgp-af", "mode name in the address-family prompt")
	fl.Float64Var(&s.TimeScale, "time-scale", 0, "run the scenario's timeline (IKE, IPsec, BGP bring-up in ~93 s; DPD and hold-time teardown in 30 s) this many times faster (default: the scenario's time_scale, 1 for the built-ins)")
	fl.IntVar(&s.BGPFlaps, "bgp-flaps", 0, "fault: each tunnel's first BGP session drops this many times before it stays up")
	fl.BoolVar(&s.InstantTeardown, "instant-teardown", false, "drop the tunnels of a dead AWS side at once, not when DPD and the BGP hold time expire")
	fl.BoolVar(&s.PlainStartup, "plain-startup", false, "print show startup-config without the `Using N out of M bytes` line and `! Last updated` (no capture shows that)")
	fl.BoolVar(&s.NoOccupiedHint, "no-occupied-hint", false, "print only the occupied text, without the svintr-config hint line the IX adds")
	fl.BoolVar(&s.MinimalConfig, "minimal-config", false, "print running-config without the sections real dumps carry (device blocks, Loopback0.0, Null0.0, runs of !)")
	fl.BoolVar(&s.QuietRetransmits, "quiet-retransmits", false, "hide an IKE SA while its main mode is retransmitted unanswered (shown as msg1-sent by default)")
	fl.StringVar(&s.Notice, "notice", "", "fault: PREFIX=LINE prints LINE (e.g. an unknown % notice) after every command starting with PREFIX")
	fl.BoolVar(&s.Verbose, "verbose", false, "log connections on stderr")
	return cmd
}

func runSim(ctx context.Context, a *app, f *simFlags) error {
	user := cmp.Or(f.user, os.Getenv("USER"))
	switch {
	case f.routers < 1:
		return usagef("--routers %d: need at least one router", f.routers)
	case f.stdio && f.routers != 1:
		return usagef("--stdio serves one session of one router; drop --routers")
	case f.stdio && user == "":
		return usagef("--stdio needs --user or $USER")
	}
	sc, err := scenario.Open(f.scenario)
	if err != nil {
		return asUsage(err)
	}
	opts, err := f.sim.Options()
	if err != nil {
		return asUsage(err)
	}
	if f.stdio {
		return ixsim.ServeTerminal(ctx, sc, user, a.stdin, a.stdout, opts...)
	}
	started := time.Now()
	fleet, err := ixsim.ListenFleet(ctx, sc, f.routers, f.listen, opts...)
	if err != nil {
		return err
	}
	for _, r := range fleet.Routers {
		if err := printRouter(a, f.jsonOut, started, r); err != nil {
			return errors.Join(err, fleet.Close())
		}
	}
	return fleet.Wait()
}

// printRouter tells how to reach one simulated router: the text for a
// person, or with --json an envelope like every other command's (outcome
// "serving", the endpoint as its result). The password is the simulator's
// own test login, printed because reaching the router needs it.
func printRouter(a *app, jsonOut bool, started time.Time, r ixsim.Endpoint) error {
	if !jsonOut {
		return withLogin(r)(a.stdout)
	}
	host, _, err := net.SplitHostPort(r.Addr)
	if err != nil {
		return fmt.Errorf("router %d: address %q: %w", r.Router, r.Addr, err)
	}
	return printEnvelope(a, "sim", jsonSite{name: "router-" + strconv.Itoa(r.Router), host: host}, started, outcomeServing, r, nil)
}

// outcomeServing is the outcome of `sim --json`'s line for each router.
const outcomeServing = "serving"

// simInput turns the simulator's errors about what was asked for into usage
// errors (exit 2), naming --listen for an address it cannot use.
func simInput(err error) error {
	var addr *ixsim.AddrError
	switch {
	case errors.As(err, &addr):
		return usagef("--listen %q: %v", addr.Addr, addr.Err)
	case errors.Is(err, ixsim.ErrInvalid):
		return asUsage(err)
	}
	return err
}
