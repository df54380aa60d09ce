package ixsim

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/peer"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"golang.org/x/crypto/ssh"
)

// Sim is one simulated router. It is safe for concurrent sessions.
type Sim struct {
	sc    *scenario.Scenario
	o     options
	g     *grammar
	peer  *peer.Model
	users []scenario.User

	mu          sync.Mutex
	hostKey     ssh.Signer
	cfg         *config
	startup     string    // saved configuration body
	savedAt     time.Time // when startup was last written (boot: New)
	commands    []string
	counted     int
	holder      any // session (or HoldConfig token) in config mode
	sessions    map[*cli]struct{}
	booting     bool // a shadow Sim loading startup-config: no peer updates
	serverConfs map[string]*ssh.ServerConfig
	stall       *string // StallNext: the line to stall on ("" any), once
}

// jst is the zone the IX prints times in.
var jst = time.FixedZone("JST", 9*60*60)

// New boots a router from the scenario's startup configuration. A startup
// line the CLI refuses is an error naming the line.
func New(sc *scenario.Scenario, opts ...Option) (*Sim, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	if o.scenario != nil {
		sc = o.scenario
	}
	if sc == nil {
		return nil, invalidf("ixsim: no scenario")
	}
	// The scenario's faults are defaults; explicit options win.
	o = defaultOptions()
	scenarioFaults(&o, sc.Faults)
	for _, opt := range opts {
		opt(&o)
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	sc = o.scenarioTimeline(sc)
	s := &Sim{
		sc:       sc,
		o:        o,
		g:        grammarFor(o.guessedKeywords),
		users:    append(append([]scenario.User(nil), sc.Router.Users...), o.extraUsers...),
		sessions: map[*cli]struct{}{},
		hostKey:  o.hostKey,
	}
	if s.hostKey == nil {
		k, err := GenerateHostKey()
		if err != nil {
			return nil, err
		}
		s.hostKey = k
	}
	s.peer = peer.New(sc, append([]peer.Option{peer.WithBootTime(o.clock())}, o.peerOptions...)...)
	if err := s.boot(sc.Router.StartupConfig); err != nil {
		return nil, err
	}
	s.startup, s.savedAt = s.renderBody(), s.now()
	for _, t := range o.awsDown {
		s.peer.SetAWSDown(t, true)
	}
	if o.configHeld {
		s.mu.Lock()
		s.holder = new(int)
		s.mu.Unlock()
	}
	return s, nil
}

// GenerateHostKey makes a fresh 2048-bit RSA host key.
func GenerateHostKey() (ssh.Signer, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("ixsim: generate host key: %w", err)
	}
	return ssh.NewSignerFromKey(k)
}

// physicalPorts are the GigaEthernet ports every model here has.
var physicalPorts = []string{"GigaEthernet0.0", "GigaEthernet1.0", "GigaEthernet2.0"}

// boot replaces the configuration with text run through the CLI, as the IX
// loads startup-config. The text is run against a private copy that is
// swapped in whole, so sessions never see a half-loaded configuration.
func (s *Sim) boot(text string) error {
	shadow := &Sim{sc: s.sc, o: s.o, g: s.g, peer: s.peer, users: s.users, booting: true,
		cfg: newConfig(physicalPorts), sessions: map[*cli]struct{}{}}
	c := &cli{sim: shadow, admin: true, mode: modeConfig}
	for n, line := range strings.Split(text, "\n") {
		c.execute(line)
		for _, out := range c.out {
			if strings.HasPrefix(out, "%") || strings.HasPrefix(out, "?") {
				return invalidf("ixsim: startup-config line %d %q: %s", n+1, strings.TrimSpace(line), out)
			}
		}
	}
	s.mu.Lock()
	s.cfg = shadow.cfg
	s.mu.Unlock()
	s.updatePeer()
	return nil
}

func (s *Sim) now() time.Time { return s.o.clock() }

// renderBody is the configuration in the shape the options choose (shape.go).
func (s *Sim) renderBody() string { return s.cfg.body(s.o.minimalConfig) }

func (s *Sim) header() header {
	return header{
		model:    s.sc.Router.Model,
		firmware: s.sc.Router.Firmware,
		compiled: "Oct 25-Tue-2022 12:37:13 JST #2",
		now:      s.now().In(jst).Format("Jan 02-Mon-2006 15:04:05 MST"),
	}
}

func (s *Sim) hostname() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg.hostname
}

// banner is the login banner (ix-cli.md §1); the copyright's last year
// follows the firmware's major version: 2013 for 8.x (CONBU-M's 8.9.17B),
// the compile years of CONBU-M's 9.6 and QIITA's 10.7 otherwise [G].
func (s *Sim) banner() []string {
	year := "2022"
	switch {
	case strings.HasPrefix(s.sc.Router.Firmware, "8."):
		year = "2013"
	case strings.HasPrefix(s.sc.Router.Firmware, "9."):
		year = "2017"
	}
	return []string{
		"NEC Portable Internetwork Core Operating System Software",
		"Copyright Notices:",
		"Copyright (c) NEC Corporation 2001-" + year + ". All rights reserved.",
		"Copyright (c) 1985-1998 OpenROUTE Networks, Inc.",
		"Copyright (c) 1984-1987, 1989 J. Noel Chiappa.",
	}
}

// RunningConfig is `show running-config` without a prompt, lines ending in \n.
func (s *Sim) RunningConfig() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.header().String() + s.renderBody()
}

// StartupConfig is `show startup-config`.
func (s *Sim) StartupConfig() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.startupText()
}

// Commands returns every line the router received, in order (tests only:
// the lines hold keys in clear).
func (s *Sim) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.commands...)
}

// record logs a received line and returns its number among the non-empty,
// non-comment lines (0 for the others).
func (s *Sim) record(line string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands = append(s.commands, line)
	t := strings.TrimSpace(line)
	if t == "" || strings.HasPrefix(t, "!") {
		return 0
	}
	s.counted++
	return s.counted
}

// mutate applies f to the configuration; f returns a refusal line (and then
// must not have changed anything) or "". The peer model sees every change.
func (s *Sim) mutate(f func(cfg *config) string) string {
	s.mu.Lock()
	msg := f(s.cfg)
	booting := s.booting
	s.mu.Unlock()
	if msg == "" && !booting {
		s.updatePeer()
	}
	return msg
}

func (s *Sim) updatePeer() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peer.Update(s.header().String()+s.renderBody(), s.now())
}

func (s *Sim) save() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.startup, s.savedAt = s.renderBody(), s.now()
}

func (s *Sim) unsaved() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.startup != s.renderBody()
}

// reload restores startup-config and disconnects every session, as a reboot.
func (s *Sim) reload() {
	s.mu.Lock()
	startup := s.startup
	sessions := make([]*cli, 0, len(s.sessions))
	for c := range s.sessions {
		sessions = append(sessions, c)
	}
	s.holder = nil
	s.mu.Unlock()
	// The saved body was produced by this CLI, so it boots.
	if err := s.boot(startup); err != nil {
		s.o.logger.WithError(err).Error("reload: startup-config refused")
	}
	s.peer.Reloaded(s.now())
	for _, c := range sessions {
		if c.kill != nil {
			c.kill()
		}
	}
}

func (s *Sim) acquireConfig(c *cli, force bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holder != nil && s.holder != c && !force {
		return false
	}
	s.holder = c
	return true
}

func (s *Sim) releaseConfig(c *cli) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holder == c {
		s.holder = nil
	}
}

func (s *Sim) holdsConfig(c *cli) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.holder == c
}

// HoldConfig takes config mode as an invisible other session would (a
// session holding it is pre-empted, as by svintr-config) until release is
// called or ctx ends.
func (s *Sim) HoldConfig(ctx context.Context) (release func()) {
	token := new(int)
	s.mu.Lock()
	s.holder = token
	s.mu.Unlock()
	var once sync.Once
	free := func() {
		once.Do(func() {
			s.mu.Lock()
			if s.holder == token {
				s.holder = nil
			}
			s.mu.Unlock()
		})
	}
	stop := context.AfterFunc(ctx, free)
	return func() { stop(); free() }
}

// SetAWSDown takes the AWS side of tunnel 0 or 1 down or brings it back.
// The router notices a dead AWS side only when DPD and the BGP hold time
// expire (scenario timing.teardown, WithInstantTeardown).
func (s *Sim) SetAWSDown(tunnel int, down bool) { s.peer.SetAWSDownAt(tunnel, down, s.now()) }

// RestartAWS takes the AWS side of a tunnel down now and brings it back
// after downFor (scaled by the time scale), as an AWS endpoint replacement
// does: the router keeps its stale SAs until DPD, then renegotiates.
func (s *Sim) RestartAWS(tunnel int, downFor time.Duration) {
	s.peer.RestartAWS(tunnel, s.now(), s.sc.Timing.Scale(downFor))
}

// HostKey is the public host key clients see.
func (s *Sim) HostKey() ssh.PublicKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hostKey.PublicKey()
}

// HostKeyFingerprint is the key's SHA256:... fingerprint.
func (s *Sim) HostKeyFingerprint() string { return ssh.FingerprintSHA256(s.HostKey()) }

// SetHostKey changes the host key for connections made from now on (the
// "host key changed" fault).
func (s *Sim) SetHostKey(k ssh.Signer) error {
	if k.PublicKey().Type() != ssh.KeyAlgoRSA {
		return fmt.Errorf("ixsim: host key is %s; the IX offers ssh-rsa only", k.PublicKey().Type())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hostKey = k
	s.serverConfs = nil
	return nil
}

func (s *Sim) addSession(c *cli) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[c] = struct{}{}
}

// removeSession forgets a finished session and frees config mode if it held
// it (the lock is freed on disconnect, §4).
func (s *Sim) removeSession(c *cli) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, c)
	if s.holder == c {
		s.holder = nil
	}
}

func (s *Sim) user(name string) (scenario.User, bool) {
	for _, u := range s.users {
		if u.Name == name {
			return u, true
		}
	}
	return scenario.User{}, false
}

// Users lists the login accounts (scenario users and WithUser ones).
func (s *Sim) Users() []scenario.User { return append([]scenario.User(nil), s.users...) }

// Scenario is the scenario the router was built from.
func (s *Sim) Scenario() *scenario.Scenario { return s.sc }
