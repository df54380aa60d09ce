package session

import (
	"context"
	"fmt"
	"net"
	"slices"
	"time"

	"golang.org/x/crypto/ssh"
)

// DialOption configures Dial: where to connect, how to authenticate and
// which host keys to trust. Options of the interactive shell are
// ShellOptions, given to Conn.Shell.
type DialOption func(*dialOptions)

type dialOptions struct {
	user          string
	port          int
	password      string
	hasPassword   bool
	keyFiles      []string
	passphraseEnv string
	passphrase    func(path string) ([]byte, error)
	agent         bool
	agentSocket   string
	sshConfig     string
	knownHosts    string
	acceptNew     bool
	legacy        ssh.Algorithms
	dialer        func(ctx context.Context, network, addr string) (net.Conn, error)
	hop           bool // dialling a ProxyJump bastion
	connect       time.Duration
	authSource    string // WithAuthSource
}

// DefaultConnectTimeout bounds a connection when WithConnectTimeout is not
// given: a router across the Internet answers TCP, SSH and a login in a few
// seconds; one that has said nothing for 20 s is not going to.
const DefaultConnectTimeout = 20 * time.Second

func defaultDialOptions() dialOptions {
	return dialOptions{
		connect:    DefaultConnectTimeout,
		agent:      true,
		sshConfig:  defaultPath(".ssh", "config"),
		knownHosts: defaultPath(".ssh", "known_hosts"),
	}
}

// WithUser sets the login name (a user@ in the target wins over it, and it
// wins over the ssh_config User).
func WithUser(user string) DialOption { return func(o *dialOptions) { o.user = user } }

// WithPort sets the TCP port, overriding ssh_config and the target.
func WithPort(port int) DialOption { return func(o *dialOptions) { o.port = port } }

// WithPassword enables password and keyboard-interactive authentication
// (every keyboard-interactive question is answered with it). The shells of
// the connection mask it in transcripts and messages.
func WithPassword(password string) DialOption {
	return func(o *dialOptions) { o.password, o.hasPassword = password, true }
}

// WithKeyFiles adds private key files to try, before any IdentityFile from
// ssh_config. A listed file that cannot be read is an error.
func WithKeyFiles(paths ...string) DialOption {
	return func(o *dialOptions) { o.keyFiles = append(o.keyFiles, paths...) }
}

// WithPassphraseEnv names the environment variable holding the passphrase
// of encrypted key files. There is no default: without it (or
// WithPassphrasePrompt) an encrypted key is an ErrConfig.
func WithPassphraseEnv(name string) DialOption {
	return func(o *dialOptions) { o.passphraseEnv = name }
}

// WithPassphrasePrompt asks for the passphrase of an encrypted key file when
// the environment variable is not set (e.g. read from the terminal).
func WithPassphrasePrompt(prompt func(path string) ([]byte, error)) DialOption {
	return func(o *dialOptions) { o.passphrase = prompt }
}

// WithAgent turns ssh-agent use on or off (default on when SSH_AUTH_SOCK is
// set).
func WithAgent(on bool) DialOption { return func(o *dialOptions) { o.agent = on } }

// WithAgentSocket uses the agent at path instead of $SSH_AUTH_SOCK.
func WithAgentSocket(path string) DialOption {
	return func(o *dialOptions) { o.agentSocket, o.agent = path, true }
}

// WithSSHConfig reads host aliases from path instead of ~/.ssh/config; ""
// disables ssh_config.
func WithSSHConfig(path string) DialOption { return func(o *dialOptions) { o.sshConfig = path } }

// WithKnownHosts checks host keys against path instead of
// ~/.ssh/known_hosts.
func WithKnownHosts(path string) DialOption { return func(o *dialOptions) { o.knownHosts = path } }

// WithAcceptNewHostKey trusts and records the key of a host that has no
// entry yet (trust on first use). A changed key is refused regardless.
func WithAcceptNewHostKey(on bool) DialOption { return func(o *dialOptions) { o.acceptNew = on } }

// WithLegacyAlgorithms adds algorithms to those offered by default, for
// devices that only speak old ones (e.g. Ciphers: aes128-cbc). Names must be
// known to golang.org/x/crypto/ssh.
func WithLegacyAlgorithms(a ssh.Algorithms) DialOption {
	return func(o *dialOptions) {
		o.legacy.KeyExchanges = append(o.legacy.KeyExchanges, a.KeyExchanges...)
		o.legacy.Ciphers = append(o.legacy.Ciphers, a.Ciphers...)
		o.legacy.MACs = append(o.legacy.MACs, a.MACs...)
		o.legacy.HostKeys = append(o.legacy.HostKeys, a.HostKeys...)
	}
}

// WithDialer replaces the TCP dialer (tests, SOCKS).
func WithDialer(d func(ctx context.Context, network, addr string) (net.Conn, error)) DialOption {
	return func(o *dialOptions) { o.dialer = d }
}

// WithConnectTimeout bounds everything up to the device's first prompt: the
// TCP connection and the SSH handshake and login of every hop (Dial), then
// opening the shell and its first prompt (Conn.Shell and the first
// Shell.WaitPrompt), counted from the start of Dial for the first shell and
// from Conn.Shell for later ones. Running out is a *TimeoutError that says
// which stage never answered (default DefaultConnectTimeout).
func WithConnectTimeout(d time.Duration) DialOption { return func(o *dialOptions) { o.connect = d } }

func (o *dialOptions) validate() error {
	if o.connect <= 0 {
		return fmt.Errorf("%w: connect timeout must be positive, got %v", ErrConfig, o.connect)
	}
	if o.port < 0 || o.port > 65535 {
		return fmt.Errorf("%w: port %d out of range", ErrConfig, o.port)
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
