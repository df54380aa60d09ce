package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

type simFlags struct {
	scenario     string
	listen       string
	routers      int
	stdio        bool
	user         string
	hostKey      string
	jsonOut      bool
	latency      time.Duration
	jitter       time.Duration
	slowOutput   int
	dropAfter    int
	dropAt       string
	garbage      string
	forcedPager  bool
	occupiedText string
	flatShow     bool
	awsDown      []int
	configHeld   bool
	guessed      bool
	lenient      bool
	modernAlgos  bool
	edgeWrap     bool
	bgpPrompt    string
	afPrompt     string
	verbose      bool
}

func newSimCmd(a *app) *cobra.Command {
	var f simFlags
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
The fault flags make the router misbehave for reliability tests.`,
		Example: "  ixpush sim --scenario seed --listen 127.0.0.1:2222\n" +
			"  ixpush sim --routers 100 --listen 127.0.0.1:3000 --host-key sim_host_rsa\n" +
			"  ixpush sim --stdio --user admin          # as an sshd ForceCommand\n" +
			"  ixpush sim --aws-down 1 --drop-after 12 --latency 200ms --jitter 50ms",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSim(cmd.Context(), a, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.scenario, "scenario", "seed", "built-in scenario name or scenario YAML file")
	fl.StringVar(&f.listen, "listen", "127.0.0.1:2222", "address of the first router's SSH server")
	fl.IntVar(&f.routers, "routers", 1, "number of independent routers (consecutive ports)")
	fl.BoolVar(&f.stdio, "stdio", false, "run one session on stdin/stdout instead of serving SSH")
	fl.StringVar(&f.user, "user", "", "login for --stdio (default $USER)")
	fl.StringVar(&f.hostKey, "host-key", "", "RSA host key file, created when missing (default: a new key per run)")
	fl.BoolVar(&f.jsonOut, "json", false, "print the routers as JSON lines")
	fl.DurationVar(&f.latency, "latency", 0, "fault: delay per direction for every chunk")
	fl.DurationVar(&f.jitter, "jitter", 0, "fault: random +/- jitter on --latency")
	fl.IntVar(&f.slowOutput, "slow-output", 0, "fault: limit output to this many bytes/s")
	fl.IntVar(&f.dropAfter, "drop-after", 0, "fault: cut the connection after the N-th command (once)")
	fl.StringVar(&f.dropAt, "drop-at", "", "fault: cut the connection at "+dropPointNames())
	fl.StringVar(&f.garbage, "garbage", "", "fault: text written before the login banner")
	fl.BoolVar(&f.forcedPager, "forced-pager", false, "fault: page output even after terminal length 0")
	fl.StringVar(&f.occupiedText, "occupied-text", "", "text printed when config mode is held elsewhere")
	fl.BoolVar(&f.flatShow, "flat-show", false, "render shows flush left as the seed write-up published them")
	fl.IntSliceVar(&f.awsDown, "aws-down", nil, "fault: AWS side of these tunnels (0,1) is down")
	fl.BoolVar(&f.configHeld, "config-held", false, "fault: config mode is held by another session")
	fl.BoolVar(&f.guessed, "guessed-keywords", false, "also accept the algorithm keywords ix-cli.md lists as guesses")
	fl.BoolVar(&f.lenient, "lenient-references", false, "accept references to undefined objects")
	fl.BoolVar(&f.modernAlgos, "modern-algorithms", false, "offer Go's default SSH algorithms besides the IX set")
	fl.BoolVar(&f.edgeWrap, "edge-wrap", false, "wrap echoed input at the screen edge")
	fl.StringVar(&f.bgpPrompt, "bgp-prompt", "config-bgp", "mode name in the router bgp prompt")
	fl.StringVar(&f.afPrompt, "af-prompt", "config-bgp-af", "mode name in the address-family prompt")
	fl.BoolVar(&f.verbose, "verbose", false, "log connections on stderr")
	return cmd
}

func dropPointNames() string {
	names := make([]string, len(ixsim.DropPoints))
	for i, p := range ixsim.DropPoints {
		names[i] = string(p)
	}
	return strings.Join(names, "|")
}

func (f *simFlags) options(a *app) ([]ixsim.Option, error) {
	log := logrus.New()
	log.SetOutput(a.stderr)
	log.SetLevel(logrus.WarnLevel)
	if f.verbose {
		log.SetLevel(logrus.InfoLevel)
	}
	opts := []ixsim.Option{
		ixsim.WithLogger(log),
		ixsim.WithPromptStyle(f.bgpPrompt, f.afPrompt),
	}
	// Fault flags left at zero keep the scenario's faults section.
	for _, o := range []struct {
		set bool
		opt ixsim.Option
	}{
		{f.latency != 0 || f.jitter != 0, ixsim.WithLatency(f.latency, f.jitter)},
		{f.slowOutput != 0, ixsim.WithSlowOutput(f.slowOutput)},
		{f.dropAfter != 0, ixsim.WithDropAfter(f.dropAfter)},
		{f.dropAt != "", ixsim.WithDropAt(ixsim.DropPoint(f.dropAt))},
		{f.garbage != "", ixsim.WithGarbageBanner(f.garbage)},
		{f.occupiedText != "", ixsim.WithOccupiedText(f.occupiedText)},
		{len(f.awsDown) > 0, ixsim.WithAWSDown(f.awsDown...)},
		{f.forcedPager, ixsim.WithForcedPager()},
		{f.flatShow, ixsim.WithFlatShow()},
		{f.configHeld, ixsim.WithConfigHeld()},
		{f.guessed, ixsim.WithGuessedKeywords()},
		{f.lenient, ixsim.WithLenientReferences()},
		{f.modernAlgos, ixsim.WithModernAlgorithms()},
		{f.edgeWrap, ixsim.WithEdgeWrap()},
	} {
		if o.set {
			opts = append(opts, o.opt)
		}
	}
	if f.hostKey != "" {
		k, err := ixsim.LoadOrCreateHostKey(f.hostKey)
		if err != nil {
			return nil, err
		}
		opts = append(opts, ixsim.WithHostKey(k))
	}
	return opts, nil
}

func runSim(ctx context.Context, a *app, f *simFlags) error {
	if f.routers < 1 {
		return usagef("--routers %d: need at least one router", f.routers)
	}
	if f.stdio && f.routers != 1 {
		return usagef("--stdio serves one session of one router; drop --routers")
	}
	sc, err := scenario.Open(f.scenario)
	if err != nil {
		return asUsage(err)
	}
	opts, err := f.options(a)
	if err != nil {
		return asUsage(err)
	}
	if f.stdio {
		return runSimStdio(ctx, a, f, sc, opts)
	}
	host, portText, err := net.SplitHostPort(f.listen)
	if err != nil {
		return usagef("--listen %q: %v", f.listen, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 || (port > 0 && port+f.routers-1 > 65535) {
		return usagef("--listen %q: port must be 0 or leave room for %d routers below 65536", f.listen, f.routers)
	}
	sims, err := ixsim.NewFleet(sc, f.routers, opts...)
	if err != nil {
		return asUsage(err)
	}
	lns := make([]net.Listener, 0, len(sims))
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	for i := range sims {
		p := 0
		if port > 0 {
			p = port + i
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p)))
		if err != nil {
			return fmt.Errorf("router %d: %w", i+1, err)
		}
		lns = append(lns, ln)
	}
	user, password := sims[0].AdminLogin()
	for i, s := range sims {
		if err := printRouter(a.stdout, f.jsonOut, i+1, lns[i].Addr().String(), user, password, s.HostKeyFingerprint()); err != nil {
			return err
		}
	}
	errs := make(chan error, len(sims))
	for i, s := range sims {
		go func() { errs <- s.Serve(ctx, lns[i]) }()
	}
	var first error
	for range sims {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

type simRouterJSON struct {
	Router   int    `json:"router"`
	Addr     string `json:"addr"`
	User     string `json:"user"`
	Password string `json:"password"`
	HostKey  string `json:"host_key_sha256"`
}

func printRouter(w io.Writer, asJSON bool, n int, addr, user, password, fp string) error {
	if asJSON {
		b, err := json.Marshal(simRouterJSON{Router: n, Addr: addr, User: user, Password: password, HostKey: fp})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	_, err := fmt.Fprintf(w, "router %d: ssh %s@%s (port %s) password %s host key %s\n", n, user, hostOf(addr), portOf(addr), password, fp)
	return err
}

func hostOf(addr string) string { h, _, _ := net.SplitHostPort(addr); return h }
func portOf(addr string) string { _, p, _ := net.SplitHostPort(addr); return p }

func runSimStdio(ctx context.Context, a *app, f *simFlags, sc *scenario.Scenario, opts []ixsim.Option) error {
	user := f.user
	if user == "" {
		user = os.Getenv("USER")
	}
	if user == "" {
		return usagef("--stdio needs --user or $USER")
	}
	s, err := ixsim.New(sc, opts...)
	if err != nil {
		return asUsage(err)
	}
	known := false
	for _, u := range s.Users() {
		known = known || u.Name == user
	}
	if !known {
		return usagef("user %q is not in scenario %q", user, sc.Name)
	}
	// Under sshd with a pty, stdin is a terminal in cooked mode: it would echo
	// and translate line ends itself. The router does both, so go raw.
	if in, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(in.Fd())) {
		old, err := term.MakeRaw(int(in.Fd()))
		if err != nil {
			return fmt.Errorf("stdin raw mode: %w", err)
		}
		defer term.Restore(int(in.Fd()), old)
	}
	err = s.ServeStdio(ctx, user, a.stdin, a.stdout)
	if err != nil && errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
