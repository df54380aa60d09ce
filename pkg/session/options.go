package session

import (
	"context"
	"fmt"
	"io"
	"net"
	"regexp"
	"slices"
	"time"

	"golang.org/x/crypto/ssh"
)

// Option configures Dial and Conn.Shell.
type Option func(*options)

type options struct {
	user           string
	port           int
	password       string
	hasPassword    bool
	keyFiles       []string
	passphraseEnv  string
	passphrase     func(path string) ([]byte, error)
	agent          bool
	agentSocket    string
	sshConfig      string
	knownHosts     string
	acceptNew      bool
	legacy         ssh.Algorithms
	dialer         func(ctx context.Context, network, addr string) (net.Conn, error)
	transcript     io.Writer
	revealSecrets  bool
	redact         []func(string) string
	prompt         string
	pager          string
	pagerReply     string
	checkDuration  time.Duration
	typeaheadStall time.Duration
	newline        string
	termCols       int
	termRows       int
	now            func() time.Time
	hop            bool // dialling a ProxyJump bastion
}

func defaultOptions() options {
	return options{
		agent:          true,
		passphraseEnv:  "IXPUSH_KEY_PASSPHRASE",
		sshConfig:      defaultPath(".ssh", "config"),
		knownHosts:     defaultPath(".ssh", "known_hosts"),
		prompt:         `[A-Za-z0-9._-]+(?:\([^)]*\))?[#%>$] ?`,
		checkDuration:  2 * time.Millisecond,
		typeaheadStall: 2 * time.Second,
		newline:        "\n",
		termCols:       512,
		termRows:       24,
		now:            time.Now,
	}
}

// WithUser sets the login name (a user@ in the target wins over it, and it
// wins over the ssh_config User).
func WithUser(user string) Option { return func(o *options) { o.user = user } }

// WithPort sets the TCP port, overriding ssh_config and the target.
func WithPort(port int) Option { return func(o *options) { o.port = port } }

// WithPassword enables password and keyboard-interactive authentication
// (every keyboard-interactive question is answered with it).
func WithPassword(password string) Option {
	return func(o *options) { o.password, o.hasPassword = password, true }
}

// WithKeyFiles adds private key files to try, before any IdentityFile from
// ssh_config. A listed file that cannot be read is an error.
func WithKeyFiles(paths ...string) Option {
	return func(o *options) { o.keyFiles = append(o.keyFiles, paths...) }
}

// WithPassphraseEnv names the environment variable holding the passphrase
// of encrypted key files (default IXPUSH_KEY_PASSPHRASE).
func WithPassphraseEnv(name string) Option { return func(o *options) { o.passphraseEnv = name } }

// WithPassphrasePrompt asks for the passphrase of an encrypted key file when
// the environment variable is not set (e.g. read from the terminal).
func WithPassphrasePrompt(prompt func(path string) ([]byte, error)) Option {
	return func(o *options) { o.passphrase = prompt }
}

// WithAgent turns ssh-agent use on or off (default on when SSH_AUTH_SOCK is
// set).
func WithAgent(on bool) Option { return func(o *options) { o.agent = on } }

// WithAgentSocket uses the agent at path instead of $SSH_AUTH_SOCK.
func WithAgentSocket(path string) Option {
	return func(o *options) { o.agentSocket, o.agent = path, true }
}

// WithSSHConfig reads host aliases from path instead of ~/.ssh/config; ""
// disables ssh_config.
func WithSSHConfig(path string) Option { return func(o *options) { o.sshConfig = path } }

// WithKnownHosts checks host keys against path instead of
// ~/.ssh/known_hosts.
func WithKnownHosts(path string) Option { return func(o *options) { o.knownHosts = path } }

// WithAcceptNewHostKey trusts and records the key of a host that has no
// entry yet (trust on first use). A changed key is refused regardless.
func WithAcceptNewHostKey(on bool) Option { return func(o *options) { o.acceptNew = on } }

// WithLegacyAlgorithms adds algorithms to those offered by default, for
// devices that only speak old ones (e.g. Ciphers: aes128-cbc). Names must be
// known to golang.org/x/crypto/ssh.
func WithLegacyAlgorithms(a ssh.Algorithms) Option {
	return func(o *options) {
		o.legacy.KeyExchanges = append(o.legacy.KeyExchanges, a.KeyExchanges...)
		o.legacy.Ciphers = append(o.legacy.Ciphers, a.Ciphers...)
		o.legacy.MACs = append(o.legacy.MACs, a.MACs...)
		o.legacy.HostKeys = append(o.legacy.HostKeys, a.HostKeys...)
	}
}

// WithDialer replaces the TCP dialer (tests, SOCKS).
func WithDialer(d func(ctx context.Context, network, addr string) (net.Conn, error)) Option {
	return func(o *options) { o.dialer = d }
}

// WithTranscript writes every line sent and received, timestamped, to w.
// Secrets are masked unless WithRevealSecrets(true).
func WithTranscript(w io.Writer) Option { return func(o *options) { o.transcript = w } }

// WithRevealSecrets leaves secrets unmasked in the transcript and in error
// messages. Only for a user who asked for it explicitly.
func WithRevealSecrets(on bool) Option { return func(o *options) { o.revealSecrets = on } }

// WithRedactor adds a function that masks secrets in a line before it is
// written to the transcript or put into an error message.
func WithRedactor(f func(string) string) Option {
	return func(o *options) { o.redact = append(o.redact, f) }
}

// WithPrompt sets the prompt pattern, unanchored: the shell anchors it at
// the start of a line, and at the end of the buffer when waiting for a
// reply.
func WithPrompt(pattern string) Option { return func(o *options) { o.prompt = pattern } }

// WithPager sets the pattern of a whole-line pager prompt and what to type
// to continue (e.g. `\s*--More--\s*`, " ").
func WithPager(pattern, reply string) Option {
	return func(o *options) { o.pager, o.pagerReply = pattern, reply }
}

// WithCheckDuration sets goexpect's fallback poll interval (default 2ms).
// goexpect can miss a wake-up and then waits for this tick, so it bounds the
// worst extra latency of a reply.
func WithCheckDuration(d time.Duration) Option { return func(o *options) { o.checkDuration = d } }

// WithTypeaheadStall sets how long Pipeline waits, after a prompt, for the
// echo of the next typed-ahead line before declaring it lost (default 2s).
func WithTypeaheadStall(d time.Duration) Option { return func(o *options) { o.typeaheadStall = d } }

// WithNewline sets the line terminator sent after each line (default "\n").
func WithNewline(nl string) Option { return func(o *options) { o.newline = nl } }

// WithTerminalSize sets the pty size requested (default 512x24).
func WithTerminalSize(cols, rows int) Option {
	return func(o *options) { o.termCols, o.termRows = cols, rows }
}

// withClock replaces time.Now in transcripts (tests).
func withClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

func (o *options) validate() error {
	if o.port < 0 || o.port > 65535 {
		return fmt.Errorf("%w: port %d out of range", ErrConfig, o.port)
	}
	if _, err := regexp.Compile(o.prompt); err != nil {
		return fmt.Errorf("%w: prompt pattern: %v", ErrConfig, err)
	}
	if o.pager != "" {
		if _, err := regexp.Compile(o.pager); err != nil {
			return fmt.Errorf("%w: pager pattern: %v", ErrConfig, err)
		}
	}
	if o.checkDuration <= 0 {
		return fmt.Errorf("%w: check duration must be positive, got %v", ErrConfig, o.checkDuration)
	}
	if o.typeaheadStall <= 0 {
		return fmt.Errorf("%w: typeahead stall must be positive, got %v", ErrConfig, o.typeaheadStall)
	}
	if o.termCols <= 0 || o.termRows <= 0 {
		return fmt.Errorf("%w: terminal size %dx%d", ErrConfig, o.termCols, o.termRows)
	}
	known := ssh.SupportedAlgorithms()
	insecure := ssh.InsecureAlgorithms()
	for _, c := range []struct {
		what       string
		got, s, in []string
	}{
		{"key exchange", o.legacy.KeyExchanges, known.KeyExchanges, insecure.KeyExchanges},
		{"cipher", o.legacy.Ciphers, known.Ciphers, insecure.Ciphers},
		{"MAC", o.legacy.MACs, known.MACs, insecure.MACs},
		{"host key algorithm", o.legacy.HostKeys, known.HostKeys, insecure.HostKeys},
	} {
		for _, name := range c.got {
			if !slices.Contains(c.s, name) && !slices.Contains(c.in, name) {
				return fmt.Errorf("%w: unknown %s %q (supported: %v)", ErrConfig, c.what, name, append(slices.Clone(c.s), c.in...))
			}
		}
	}
	return nil
}
