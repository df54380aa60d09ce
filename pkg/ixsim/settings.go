package ixsim

import (
	"io"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/ixpush/ixpush/pkg/ixsim/peer"
)

// Settings is the simulator's configuration as plain values, for a command
// line (`ixpush sim` registers its flags straight into the fields) or a
// config file. A zero field changes nothing: a fault left at zero keeps what
// the scenario's faults section says, empty prompt names keep the defaults.
type Settings struct {
	// HostKeyFile is an RSA host key file, created when missing
	// (LoadOrCreateHostKey). Empty: a new key each time the routers start.
	HostKeyFile string

	Latency, Jitter   time.Duration // WithLatency
	SlowOutput        int           // bytes/s, WithSlowOutput
	DropAfter         int           // WithDropAfter
	DropAt            DropPoint     // WithDropAt
	Garbage           string        // WithGarbageBanner
	OccupiedText      string        // one line, WithOccupiedText
	AWSDown           []int         // WithAWSDown
	ForcedPager       bool          // WithForcedPager
	FlatShow          bool          // WithFlatShow
	ConfigHeld        bool          // WithConfigHeld
	GuessedKeywords   bool          // WithGuessedKeywords
	LenientReferences bool          // WithLenientReferences
	StrictReferences  bool          // WithStrictReferences
	ModernAlgorithms  bool          // WithModernAlgorithms
	EdgeWrap          bool          // WithEdgeWrap (the default; kept for old flags)
	InputWidthWrap    bool          // WithInputWidthWrap
	WidthRefused      bool          // WithWidthRefused
	BGPPrompt         string        // WithPromptStyle
	AFPrompt          string        // WithPromptStyle
	ConfigOnly        []string      // WithConfigOnly
	TimeScale         float64       // WithTimeScale (0: the scenario's)
	BGPFlaps          int           // WithBGPFlaps
	InstantTeardown   bool          // WithInstantTeardown
	Notice            string        // "PREFIX=LINE", WithNotice
	PlainStartup      bool          // WithPlainStartup
	NoOccupiedHint    bool          // WithoutOccupiedHint
	MinimalConfig     bool          // WithMinimalConfig
	QuietRetransmits  bool          // WithPeerOptions(peer.WithQuietRetransmits(true))

	// Log receives warnings, and connections too when Verbose. Nil: the
	// router logs nothing.
	Log     io.Writer
	Verbose bool
}

// Options turns the settings into options for New, NewFleet, ListenFleet or
// ServeTerminal; only the host key file can fail here (the values are
// checked by New, with errors that wrap ErrInvalid).
func (s Settings) Options() ([]Option, error) {
	var opts []Option
	if s.Log != nil {
		l := logrus.New()
		l.SetOutput(s.Log)
		l.SetLevel(logrus.WarnLevel)
		if s.Verbose {
			l.SetLevel(logrus.InfoLevel)
		}
		opts = append(opts, WithLogger(l))
	}
	// An option given sets its whole field, so applying a zero value would
	// switch off what the scenario's faults section asked for.
	for _, o := range []struct {
		set bool
		opt Option
	}{
		{s.BGPPrompt != "" || s.AFPrompt != "", WithPromptStyle(s.BGPPrompt, s.AFPrompt)},
		{s.Latency != 0 || s.Jitter != 0, WithLatency(s.Latency, s.Jitter)},
		{s.SlowOutput != 0, WithSlowOutput(s.SlowOutput)},
		{s.DropAfter != 0, WithDropAfter(s.DropAfter)},
		{s.DropAt != "", WithDropAt(s.DropAt)},
		{s.Garbage != "", WithGarbageBanner(s.Garbage)},
		{s.OccupiedText != "", WithOccupiedText(s.OccupiedText)},
		{len(s.AWSDown) > 0, WithAWSDown(s.AWSDown...)},
		{s.ForcedPager, WithForcedPager()},
		{s.FlatShow, WithFlatShow()},
		{s.ConfigHeld, WithConfigHeld()},
		{s.GuessedKeywords, WithGuessedKeywords()},
		{s.LenientReferences, WithLenientReferences()},
		{s.StrictReferences, WithStrictReferences()},
		{s.ModernAlgorithms, WithModernAlgorithms()},
		{s.EdgeWrap, WithEdgeWrap()},
		{len(s.ConfigOnly) > 0, WithConfigOnly(s.ConfigOnly...)},
		{s.InputWidthWrap, WithInputWidthWrap()},
		{s.WidthRefused, WithWidthRefused()},
		{s.TimeScale != 0, WithTimeScale(s.TimeScale)},
		{s.BGPFlaps != 0, WithBGPFlaps(s.BGPFlaps, 0)},
		{s.InstantTeardown, WithInstantTeardown()},
		{s.Notice != "", noticeSetting(s.Notice)},
		{s.PlainStartup, WithPlainStartup()},
		{s.NoOccupiedHint, WithoutOccupiedHint()},
		{s.MinimalConfig, WithMinimalConfig()},
		{s.QuietRetransmits, WithPeerOptions(peer.WithQuietRetransmits(true))},
	} {
		if o.set {
			opts = append(opts, o.opt)
		}
	}
	if s.HostKeyFile != "" {
		k, err := LoadOrCreateHostKey(s.HostKeyFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, WithHostKey(k))
	}
	return opts, nil
}

// DropPointNames lists DropPoints as a help text offers a choice:
// "login|banner|...".
func DropPointNames() string {
	names := make([]string, len(DropPoints))
	for i, p := range DropPoints {
		names[i] = string(p)
	}
	return strings.Join(names, "|")
}
