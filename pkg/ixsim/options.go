package ixsim

import (
	"io"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/peer"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/ssh"
)

// Option configures a Sim.
type Option func(*options)

// DropPoint names a moment at which the router cuts the connection.
type DropPoint string

const (
	// DropOnLogin closes the connection right after authentication, before
	// the banner.
	DropOnLogin DropPoint = "login"
	// DropAfterBanner closes it after the banner, before the first prompt.
	DropAfterBanner DropPoint = "banner"
	// DropOnConfigure closes it when a session enters config mode.
	DropOnConfigure DropPoint = "configure"
	// DropOnWrite closes it during `write memory`, before anything is saved.
	DropOnWrite DropPoint = "write"
	// DropMidShow closes it halfway through the output of a show command.
	DropMidShow DropPoint = "show"
)

// DropPoints lists the valid drop points (for flag validation).
var DropPoints = []DropPoint{DropOnLogin, DropAfterBanner, DropOnConfigure, DropOnWrite, DropMidShow}

type options struct {
	hostKey          ssh.Signer
	latency, jitter  time.Duration
	slowBPS          int
	dropAfter        int
	stallAfter       int
	dropAt           DropPoint
	garbage          string
	forcedPager      bool
	bgpPrompt        string
	afPrompt         string
	occupied         []string
	flatShow         bool
	logger           logrus.FieldLogger
	clock            func() time.Time
	guessedKeywords  bool
	lenientRefs      bool
	strictRefs       bool
	plainStartup     bool
	minimalConfig    bool // WithMinimalConfig (shape.go)
	widthRefused     bool
	noOccupiedHint   bool
	notices          []noticeFault
	badNotice        string // Settings.Notice without PREFIX=LINE
	modernAlgorithms bool
	edgeWrap         bool
	awsDown          []int
	extraUsers       []scenario.User
	configHeld       bool
	scenario         *scenario.Scenario
	peerOptions      []peer.Option
	commandHook      CommandHook
	configOnly       []string // WithConfigOnly (modeonly.go)
	timeline         timelineOptions
}

func defaultOptions() options {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return options{
		bgpPrompt: "config-bgp",
		afPrompt:  "config-bgp-af",
		occupied:  []string{"% CONFIG process is occupied."},
		logger:    l,
		clock:     time.Now,
		edgeWrap:  true,
	}
}

// WithHostKey sets the SSH host key (an RSA key, as the IX has).
func WithHostKey(s ssh.Signer) Option { return func(o *options) { o.hostKey = s } }

// WithLatency delays every chunk written to and read from the client by
// perDirection, plus or minus a random jitter.
func WithLatency(perDirection, jitter time.Duration) Option {
	return func(o *options) { o.latency, o.jitter = perDirection, jitter }
}

// WithSlowOutput limits output to bytesPerSec.
func WithSlowOutput(bytesPerSec int) Option { return func(o *options) { o.slowBPS = bytesPerSec } }

// WithDropAfter cuts the connection right after the router has executed its
// n-th non-empty command line (counted across sessions, once per Sim).
func WithDropAfter(n int) Option { return func(o *options) { o.dropAfter = n } }

// WithStallAfter makes the router stop answering right after it has
// executed its n-th non-empty command line (counted across sessions, once
// per Sim), keeping the connection open: that session prints nothing more,
// not even the command's output or a prompt, and executes nothing typed
// after it, until the client goes away — a wedged CLI behind a live TCP
// connection. Its config lock, if it holds one, is freed on disconnect.
func WithStallAfter(n int) Option { return func(o *options) { o.stallAfter = n } }

// WithDropAt cuts the connection at a named point (see DropPoint).
func WithDropAt(p DropPoint) Option { return func(o *options) { o.dropAt = p } }

// WithGarbageBanner writes s before the login banner (line noise, a MOTD).
func WithGarbageBanner(s string) Option { return func(o *options) { o.garbage = s } }

// WithForcedPager keeps `--More--` paging even after `terminal length 0`.
func WithForcedPager() Option { return func(o *options) { o.forcedPager = true } }

// WithPromptStyle sets the BGP and address-family mode names shown in the
// prompt, e.g. "config-router" and "config-router-af"; the defaults are the
// best guesses config-bgp / config-bgp-af (ix-cli.md §10.1).
func WithPromptStyle(bgp, addressFamily string) Option {
	return func(o *options) { o.bgpPrompt, o.afPrompt = bgp, addressFamily }
}

// WithOccupiedText replaces the lines printed when config mode is held by
// another session (default `% CONFIG process is occupied.`).
func WithOccupiedText(lines ...string) Option { return func(o *options) { o.occupied = lines } }

// occupiedHint follows the occupied text in the IX2015 automation scripts'
// captures, which answer it with svintr-config (ix-cli.md §3, §11 [R CT]).
const occupiedHint = "% You may use 'svintr-config' command with administrator privilege."

// WithoutOccupiedHint prints only the occupied text when config mode is
// held elsewhere, without the svintr-config hint line that follows it by
// default.
func WithoutOccupiedHint() Option { return func(o *options) { o.noOccupiedHint = true } }

// WithFlatShow renders shows flush left with single spaces, as the seed
// write-up published them.
func WithFlatShow() Option { return func(o *options) { o.flatShow = true } }

// WithLogger logs connections and faults (never commands: they carry keys).
func WithLogger(l logrus.FieldLogger) Option { return func(o *options) { o.logger = l } }

// WithClock replaces time.Now (golden transcripts, state that depends on
// elapsed time).
func WithClock(now func() time.Time) Option { return func(o *options) { o.clock = now } }

// WithGuessedKeywords also accepts the algorithm keywords ix-cli.md §7 lists
// only as likely [G] (aes-192, sha2-384, 768/3072/4096-bit, esp-3des, ...).
func WithGuessedKeywords() Option { return func(o *options) { o.guessedKeywords = true } }

// WithLenientReferences also deletes objects others refer to (refused by
// default with a `%` line naming the user, a guess: ix-cli.md §10.7), and
// overrides WithStrictReferences.
func WithLenientReferences() Option { return func(o *options) { o.lenientRefs = true } }

// WithStrictReferences refuses a reference to an object not yet defined
// with `% KIND NAME is not defined.`, the simulator's old behaviour. By
// default references resolve late, as on the IX (ix-cli.md §11: CONBU's
// console enters a map before its proposal; IX2025's running-config names
// a proposal nothing defines), and no capture shows such a line.
func WithStrictReferences() Option { return func(o *options) { o.strictRefs = true } }

// WithModernAlgorithms offers the Go library's default SSH algorithms next
// to the IX set (rsa-sha2 host-key signatures, curve25519, GCM).
func WithModernAlgorithms() Option { return func(o *options) { o.modernAlgorithms = true } }

// WithEdgeWrap wraps echoed input before the screen's last column (width
// minus prompt minus one): the default, as 7 of the 10 wrapped rows of the
// CONBU captures break at column 79 whatever the prompt (ix-cli.md §2).
func WithEdgeWrap() Option { return func(o *options) { o.edgeWrap = true } }

// WithInputWidthWrap wraps echoed input after width-10 input characters per
// row whatever the prompt: the simulator's old rule, which fits only the
// two CONBU rows beside a hand-edited one.
func WithInputWidthWrap() Option { return func(o *options) { o.edgeWrap = false } }

// WithWidthRefused makes `terminal width N` answer `% N -- Invalid command.`
// for every N: its 60–512 range is documented only for IX-R, and no
// IX2000/IX3000 capture shows it accepted, so the tool must cope with 80
// columns.
func WithWidthRefused() Option { return func(o *options) { o.widthRefused = true } }

// WithAWSDown takes the AWS side of the given tunnels (0 and/or 1) down.
func WithAWSDown(tunnels ...int) Option {
	return func(o *options) { o.awsDown = append(o.awsDown, tunnels...) }
}

// WithUser adds a login account to the scenario's.
func WithUser(name, password string, admin bool, authorizedKeys ...string) Option {
	return func(o *options) {
		o.extraUsers = append(o.extraUsers, scenario.User{Name: name, Password: password, Admin: admin, AuthorizedKeys: authorizedKeys})
	}
}

// WithScenario replaces the scenario given to New, so helpers that start a
// default scenario (ixsimtest.Start) can be told to start another.
func WithScenario(sc *scenario.Scenario) Option { return func(o *options) { o.scenario = sc } }

// WithPeerOptions configures the AWS peer model (reproducible cookies and
// SPIs, boot time, negotiating SAs).
func WithPeerOptions(opts ...peer.Option) Option {
	return func(o *options) { o.peerOptions = append(o.peerOptions, opts...) }
}

// WithConfigHeld starts the router with config mode held by an invisible
// other session, as HoldConfig does.
func WithConfigHeld() Option { return func(o *options) { o.configHeld = true } }

func (o *options) validate() error {
	switch {
	case o.latency < 0 || o.jitter < 0:
		return invalidf("ixsim: latency %v and jitter %v must not be negative", o.latency, o.jitter)
	case o.jitter > o.latency:
		return invalidf("ixsim: jitter %v exceeds latency %v", o.jitter, o.latency)
	case o.slowBPS < 0:
		return invalidf("ixsim: slow output %d bytes/s must not be negative", o.slowBPS)
	case o.dropAfter < 0:
		return invalidf("ixsim: drop after %d commands must not be negative", o.dropAfter)
	case o.stallAfter < 0:
		return invalidf("ixsim: stall after %d commands must not be negative", o.stallAfter)
	case o.bgpPrompt == "" || o.afPrompt == "":
		return invalidf("ixsim: prompt style needs both mode names")
	case len(o.occupied) == 0:
		return invalidf("ixsim: occupied text must have a line")
	}
	if o.dropAt != "" {
		known := false
		for _, p := range DropPoints {
			known = known || p == o.dropAt
		}
		if !known {
			return invalidf("ixsim: unknown drop point %q (want one of %v)", o.dropAt, DropPoints)
		}
	}
	if o.badNotice != "" {
		return invalidf("ixsim: notice %q: want PREFIX=LINE, e.g. \"ipsec autokey-proposal=%% Proposal cache flushed.\"", o.badNotice)
	}
	if err := o.timeline.validate(); err != nil {
		return err
	}
	for _, t := range o.awsDown {
		if t != 0 && t != 1 {
			return invalidf("ixsim: AWS tunnel %d does not exist (want 0 or 1)", t)
		}
	}
	if o.hostKey != nil && o.hostKey.PublicKey().Type() != ssh.KeyAlgoRSA {
		return invalidf("ixsim: host key is %s; the IX offers ssh-rsa only", o.hostKey.PublicKey().Type())
	}
	return nil
}

// scenarioFaults applies a scenario's faults section to o.
func scenarioFaults(o *options, f scenario.Faults) {
	o.latency, o.jitter = f.Latency, f.Jitter
	o.slowBPS = f.SlowOutputBPS
	o.dropAfter = f.DropAfter
	o.dropAt = DropPoint(f.DropAt)
	o.garbage = f.GarbageBanner
	o.forcedPager = f.ForcedPager
	o.configHeld = f.ConfigHeld
	if len(f.OccupiedText) > 0 {
		o.occupied = f.OccupiedText
	}
	o.flatShow = f.FlatShow
}
