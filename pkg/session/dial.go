package session

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"
)

// Conn is an authenticated SSH connection, possibly through bastions.
type Conn struct {
	client   *ssh.Client
	hops     []*ssh.Client // bastions, innermost last
	t        target
	password string // for the shells to mask; "" when none was given

	connect time.Duration // the connect bound (WithConnectTimeout)
	mu      sync.Mutex
	// connectBy ends the first shell's connect bound (Dial's start plus
	// connect); zero once that shell has been opened.
	connectBy time.Time
}

// errConnectBound is the cause of the ctx that carries the connect bound,
// so a failure can tell the bound running out from the caller giving up.
var errConnectBound = errors.New("connect bound")

// Dial connects to spec ("[user@]host[:port]" or an ssh_config alias),
// checks the host key and authenticates. ctx bounds the whole dial,
// including every ProxyJump hop.
func Dial(ctx context.Context, spec string, opts ...DialOption) (*Conn, error) {
	o := defaultDialOptions()
	for _, opt := range opts {
		opt(&o)
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	t, err := resolve(spec, &o)
	if err != nil {
		return nil, err
	}
	by := time.Now().Add(o.connect)
	ctx, cancel := context.WithDeadlineCause(ctx, by, errConnectBound)
	defer cancel()
	c := &Conn{t: t, password: o.password, connect: o.connect, connectBy: by}
	var via *ssh.Client
	for _, hop := range t.proxyJump {
		// A bastion is resolved like any host, but never inherits the
		// target's explicit port or user.
		ho := o
		ho.port, ho.user = 0, ""
		// The target's password is for the target: a bastion gets keys and
		// the agent only.
		ho.password, ho.hasPassword, ho.hop, ho.authSource = "", false, true, ""
		ht, err := resolve(hop, &ho)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("ProxyJump %s: %w", hop, err)
		}
		if len(ht.proxyJump) > 0 {
			// ssh(1) would recurse; a pattern like "Host *" would loop.
			c.Close()
			return nil, fmt.Errorf("%w: ProxyJump host %s has its own ProxyJump; list every hop on the target instead", ErrConfig, hop)
		}
		cl, err := dialOne(ctx, via, ht, &ho)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("ProxyJump %s: %w", hop, err)
		}
		c.hops = append(c.hops, cl)
		via = cl
	}
	cl, err := dialOne(ctx, via, t, &o)
	if err != nil {
		c.Close()
		return nil, err
	}
	c.client = cl
	return c, nil
}

// dialOne opens one SSH connection to t, directly or through via.
func dialOne(ctx context.Context, via *ssh.Client, t target, o *dialOptions) (*ssh.Client, error) {
	addr := t.addr()
	hk := &hostKeys{path: o.knownHosts, acceptNew: o.acceptNew}
	hostAlgos, err := hk.algorithms(addr)
	if err != nil {
		return nil, err
	}
	methods, closeAgent, err := authMethods(o, t)
	if err != nil {
		return nil, err
	}
	defer closeAgent()
	cfg := &ssh.ClientConfig{
		User:              t.user,
		Auth:              methods,
		HostKeyCallback:   hk.callback(),
		HostKeyAlgorithms: hostKeyAlgorithms(hostAlgos, o.legacy.HostKeys),
		ClientVersion:     "SSH-2.0-ixpush",
	}
	cfg.KeyExchanges = appendNew(ssh.SupportedAlgorithms().KeyExchanges, o.legacy.KeyExchanges)
	cfg.Ciphers = appendNew(ssh.SupportedAlgorithms().Ciphers, o.legacy.Ciphers)
	cfg.MACs = appendNew(ssh.SupportedAlgorithms().MACs, o.legacy.MACs)

	var nc net.Conn
	switch {
	case via != nil:
		nc, err = via.DialContext(ctx, "tcp", addr)
	case o.dialer != nil:
		nc, err = o.dialer(ctx, "tcp", addr)
	default:
		var d net.Dialer
		nc, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		if te := connectTimeout(ctx, t, o, "no TCP connection"); te != nil {
			return nil, te
		}
		return nil, fmt.Errorf("%w: %s (%s): %v", ErrUnreachable, t.alias, addr, err)
	}
	// The handshake has no ctx of its own: the conn's deadline is the
	// connect bound's (cleared once logged in), and a cancelled ctx closes
	// the conn.
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		nc.SetDeadline(dl)
	}
	rc := &readCounter{Conn: nc}
	sc, chans, reqs, err := ssh.NewClientConn(rc, addr, cfg)
	if err != nil {
		nc.Close()
		return nil, classify(ctx, err, t, o, rc.n.Load() > 0)
	}
	if !stop() {
		sc.Close()
		if te := connectTimeout(ctx, t, o, "no end of the SSH handshake and login"); te != nil {
			return nil, te
		}
		return nil, fmt.Errorf("%w: %s: %w", CtxSentinel(ctx), t.alias, context.Cause(ctx))
	}
	nc.SetDeadline(time.Time{})
	return ssh.NewClient(sc, chans, reqs), nil
}

// readCounter counts the bytes the server sent, so a handshake that ran
// out of time can tell a server that never spoke SSH from a slow one.
type readCounter struct {
	net.Conn
	n atomic.Int64
}

func (r *readCounter) Read(p []byte) (int, error) {
	n, err := r.Conn.Read(p)
	r.n.Add(int64(n))
	return n, err
}

// connectTimeout is the *TimeoutError for a dial stage when the connect
// bound (not the caller) ended ctx; nil otherwise.
func connectTimeout(ctx context.Context, t target, o *dialOptions, what string) error {
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		// The conn's deadline can fire a moment before ctx's timer.
		<-ctx.Done()
	}
	if !errors.Is(context.Cause(ctx), errConnectBound) {
		return nil
	}
	return &TimeoutError{Host: t.alias, Addr: t.addr(), What: what, Bound: "connect timeout", Limit: o.connect, Hint: HintConnectTimeout}
}

func classify(ctx context.Context, err error, t target, o *dialOptions, spoke bool) error {
	var hke *HostKeyError
	var neg *ssh.AlgorithmNegotiationError
	what := "no SSH banner"
	if spoke {
		what = "no end of the SSH handshake and login"
	}
	switch {
	case errors.As(err, &hke):
		return hke
	case errors.Is(err, ErrConfig):
		return err
	case connectTimeout(ctx, t, o, what) != nil:
		return connectTimeout(ctx, t, o, what)
	case errors.As(err, &neg):
		return &NegotiationError{Host: t.alias, Addr: t.addr(), What: neg.What, Server: neg.RequestedAlgorithms, Client: neg.SupportedAlgorithms, Hint: HintLegacyAlgorithms}
	case strings.Contains(err.Error(), "unable to authenticate"):
		return &AuthError{User: t.user, Addr: t.addr(), Using: o.authSource, Detail: err.Error()}
	case ctx.Err() != nil:
		return fmt.Errorf("%w: connecting to %s (%s): %w", CtxSentinel(ctx), t.alias, t.addr(), context.Cause(ctx))
	default:
		return fmt.Errorf("%w: ssh handshake with %s (%s): %v", ErrUnreachable, t.alias, t.addr(), err)
	}
}

// hostKeyAlgorithms offers the algorithms of keys on record first, as
// ssh(1) does, so a server with several keys shows the one on record; the
// rest follow so that a server with only another key type still shows it and
// is refused as changed rather than as a negotiation failure. ssh-rsa (SHA-1
// signatures) is added because some devices offer no other host key
// algorithm.
func hostKeyAlgorithms(known, legacy []string) []string {
	return appendNew(appendNew(appendNew(known, ssh.SupportedAlgorithms().HostKeys), []string{ssh.KeyAlgoRSA}), legacy)
}

func appendNew(base, extra []string) []string {
	out := slices.Clone(base)
	for _, e := range extra {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// Close closes the connection and every bastion connection.
func (c *Conn) Close() error {
	var err error
	if c.client != nil {
		err = c.client.Close()
	}
	for i := len(c.hops) - 1; i >= 0; i-- {
		c.hops[i].Close()
	}
	return err
}

// Host is the name the user gave (alias), for messages.
func (c *Conn) Host() string { return c.t.alias }

// Addr is the host:port actually connected to.
func (c *Conn) Addr() string { return c.t.addr() }

// User is the login name used.
func (c *Conn) User() string { return c.t.user }

// ServerVersion is the server's SSH version string (e.g.
// "SSH-2.0-OpenSSH_9.6").
func (c *Conn) ServerVersion() string { return string(c.client.ServerVersion()) }

// Client exposes the underlying *ssh.Client.
func (c *Conn) Client() *ssh.Client { return c.client }
