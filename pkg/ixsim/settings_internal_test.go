package ixsim

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sirupsen/logrus"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// applied is what a router ends up with from the options, in comparable
// fields (options holds funcs and loggers cmp cannot compare).
type applied struct {
	Latency, Jitter                    time.Duration
	SlowBPS, DropAfter                 int
	DropAt                             DropPoint
	Garbage                            string
	Occupied                           []string
	AWSDown                            []int
	ForcedPager, FlatShow, ConfigHeld  bool
	Guessed, Lenient, Modern, EdgeWrap bool
	BGPPrompt, AFPrompt                string
	// The kinder renderings, each an option away from the device-like
	// default; Quiet counts the peer options (only that one sets any).
	PlainStartup, NoHint, Minimal bool
	PeerOptions                   int
}

// applyAsNew merges faults and opts the way New does: the scenario's faults
// first, explicit options over them.
func applyAsNew(f scenario.Faults, opts []Option) options {
	o := defaultOptions()
	scenarioFaults(&o, f)
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

func view(o options) applied {
	return applied{
		Latency: o.latency, Jitter: o.jitter, SlowBPS: o.slowBPS, DropAfter: o.dropAfter, DropAt: o.dropAt,
		Garbage: o.garbage, Occupied: o.occupied, AWSDown: o.awsDown,
		ForcedPager: o.forcedPager, FlatShow: o.flatShow, ConfigHeld: o.configHeld,
		Guessed: o.guessedKeywords, Lenient: o.lenientRefs, Modern: o.modernAlgorithms, EdgeWrap: o.edgeWrap,
		BGPPrompt: o.bgpPrompt, AFPrompt: o.afPrompt,
		PlainStartup: o.plainStartup, NoHint: o.noOccupiedHint, Minimal: o.minimalConfig, PeerOptions: len(o.peerOptions),
	}
}

func TestSettingsOptions(t *testing.T) {
	defaults := applied{Occupied: []string{"% CONFIG process is occupied."}, EdgeWrap: true, BGPPrompt: "config-bgp", AFPrompt: "config-bgp-af"}
	faults := scenario.Faults{Latency: 100 * time.Millisecond, Jitter: 10 * time.Millisecond, SlowOutputBPS: 9600,
		DropAfter: 3, DropAt: "configure", GarbageBanner: "noise", ForcedPager: true, ConfigHeld: true,
		OccupiedText: []string{"% busy"}, FlatShow: true}
	fromFaults := applied{Latency: 100 * time.Millisecond, Jitter: 10 * time.Millisecond, SlowBPS: 9600,
		DropAfter: 3, DropAt: DropOnConfigure, Garbage: "noise", Occupied: []string{"% busy"},
		ForcedPager: true, FlatShow: true, ConfigHeld: true, EdgeWrap: true, BGPPrompt: "config-bgp", AFPrompt: "config-bgp-af"}
	every := Settings{Latency: time.Second, Jitter: time.Millisecond, SlowOutput: 300, DropAfter: 7, DropAt: DropMidShow,
		Garbage: "junk", OccupiedText: "% held", AWSDown: []int{1}, ForcedPager: true, FlatShow: true, ConfigHeld: true,
		GuessedKeywords: true, LenientReferences: true, ModernAlgorithms: true, EdgeWrap: true,
		BGPPrompt: "config-router", AFPrompt: "config-router-af",
		PlainStartup: true, NoOccupiedHint: true, MinimalConfig: true, QuietRetransmits: true}
	fromEvery := applied{Latency: time.Second, Jitter: time.Millisecond, SlowBPS: 300, DropAfter: 7, DropAt: DropMidShow,
		Garbage: "junk", Occupied: []string{"% held"}, AWSDown: []int{1}, ForcedPager: true, FlatShow: true, ConfigHeld: true,
		Guessed: true, Lenient: true, Modern: true, EdgeWrap: true, BGPPrompt: "config-router", AFPrompt: "config-router-af",
		PlainStartup: true, NoHint: true, Minimal: true, PeerOptions: 1}

	for _, tc := range []struct {
		name     string
		settings Settings
		faults   scenario.Faults
		want     applied
	}{
		{"zero settings, no faults: defaults", Settings{}, scenario.Faults{}, defaults},
		{"zero settings keep the scenario's faults", Settings{}, faults, fromFaults},
		{"every setting, no faults", every, scenario.Faults{}, fromEvery},
		{"settings win over the scenario's faults", every, faults, fromEvery},
		{"one setting replaces only its own fault", Settings{DropAfter: 9}, faults,
			func() applied { a := fromFaults; a.DropAfter = 9; return a }()},
		// Latency and jitter are one option: giving either sets both.
		{"jitter alone zeroes the scenario's latency", Settings{Jitter: time.Millisecond}, faults,
			func() applied { a := fromFaults; a.Latency, a.Jitter = 0, time.Millisecond; return a }()},
		{"one prompt name sets the pair", Settings{BGPPrompt: "config-router"}, scenario.Faults{},
			func() applied { a := defaults; a.BGPPrompt, a.AFPrompt = "config-router", ""; return a }()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := tc.settings.Options()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, view(applyAsNew(tc.faults, opts))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSettingsLog(t *testing.T) {
	for _, tc := range []struct {
		name    string
		verbose bool
		want    logrus.Level
	}{
		{"warnings only", false, logrus.WarnLevel},
		{"verbose logs connections", true, logrus.InfoLevel},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			opts, err := Settings{Log: &buf, Verbose: tc.verbose}.Options()
			if err != nil {
				t.Fatal(err)
			}
			l, ok := applyAsNew(scenario.Faults{}, opts).logger.(*logrus.Logger)
			if !ok || l.Out != &buf || l.GetLevel() != tc.want {
				t.Errorf("logger %#v, want level %v writing to the given writer", l, tc.want)
			}
		})
	}
	opts, err := Settings{}.Options()
	if err != nil || len(opts) != 0 {
		t.Errorf("zero settings: %d options, err %v; want none", len(opts), err)
	}
}

func TestSettingsHostKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "host_rsa")
	var fps []string
	for range 2 {
		opts, err := Settings{HostKeyFile: path}.Options()
		if err != nil {
			t.Fatal(err)
		}
		k := applyAsNew(scenario.Faults{}, opts).hostKey
		if k == nil {
			t.Fatal("no host key option")
		}
		fps = append(fps, string(k.PublicKey().Marshal()))
	}
	if fps[0] != fps[1] {
		t.Error("the second start did not reuse the key file")
	}
	bad := filepath.Join(t.TempDir(), "not_a_key")
	if err := os.WriteFile(bad, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := (Settings{HostKeyFile: bad}).Options(); err == nil {
		t.Error("a file that is not a key: no error")
	}
}

func TestDropPointNames(t *testing.T) {
	if got, want := DropPointNames(), "login|banner|configure|write|show"; got != want {
		t.Errorf("DropPointNames() = %q, want %q", got, want)
	}
}
