package ixsim

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"golang.org/x/crypto/ssh"
)

// The IX's SSH algorithm set (ix-cli.md §9): ssh-rsa host key,
// diffie-hellman-group-exchange-sha256, AES-CTR, HMAC-SHA2.
var (
	ixKeyExchanges = []string{ssh.KeyExchangeDHGEXSHA256}
	ixCiphers      = []string{ssh.CipherAES128CTR, ssh.CipherAES192CTR, ssh.CipherAES256CTR}
	ixMACs         = []string{ssh.HMACSHA256, ssh.HMACSHA512}
)

const handshakeTimeout = 30 * time.Second

// ServerVersion is the SSH identification string, as NEC-IX2106-ms-10.9.34.
func (s *Sim) ServerVersion() string {
	return "SSH-2.0-NEC-" + s.sc.Router.Model + "-ms-" + s.sc.Router.Firmware
}

func (s *Sim) serverConfig() (*ssh.ServerConfig, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if conf := s.serverConfs["ssh"]; conf != nil {
		return conf, nil
	}
	conf := &ssh.ServerConfig{
		ServerVersion:    s.ServerVersion(),
		PasswordCallback: s.checkPassword,
	}
	// The IX offers password authentication only (§9); publickey is listed
	// only when some account was given authorized_keys.
	if slices.ContainsFunc(s.users, func(u scenario.User) bool { return len(u.AuthorizedKeys) > 0 }) {
		conf.PublicKeyCallback = s.checkKey
	}
	key := s.hostKey
	if s.o.modernAlgorithms {
		conf.KeyExchanges = append(ssh.SupportedAlgorithms().KeyExchanges, ixKeyExchanges...)
	} else {
		conf.KeyExchanges, conf.Ciphers, conf.MACs = ixKeyExchanges, ixCiphers, ixMACs
		as, ok := key.(ssh.AlgorithmSigner)
		if !ok {
			return nil, fmt.Errorf("ixsim: host key cannot choose its signature algorithm")
		}
		restricted, err := ssh.NewSignerWithAlgorithms(as, []string{ssh.KeyAlgoRSA})
		if err != nil {
			return nil, fmt.Errorf("ixsim: host key: %w", err)
		}
		key = restricted
	}
	conf.AddHostKey(key)
	if s.serverConfs == nil {
		s.serverConfs = map[string]*ssh.ServerConfig{}
	}
	s.serverConfs["ssh"] = conf
	return conf, nil
}

var errAuth = errors.New("ixsim: authentication failed")

func (s *Sim) checkPassword(meta ssh.ConnMetadata, password []byte) (*ssh.Permissions, error) {
	u, ok := s.user(meta.User())
	if !ok || u.Password == "" || subtle.ConstantTimeCompare([]byte(u.Password), password) != 1 {
		return nil, errAuth
	}
	return nil, nil
}

func (s *Sim) checkKey(meta ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
	u, ok := s.user(meta.User())
	if !ok {
		return nil, errAuth
	}
	want := key.Marshal()
	for _, line := range u.AuthorizedKeys {
		k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
		if err == nil && bytes.Equal(k.Marshal(), want) {
			return nil, nil
		}
	}
	return nil, errAuth
}

// Serve accepts SSH connections on ln until ctx ends, then closes ln and
// every connection and returns nil.
func (s *Sim) Serve(ctx context.Context, ln net.Listener) error {
	if _, err := s.serverConfig(); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			// Out of file descriptors with a large fleet: wait, as
			// net/http does, rather than stop serving.
			if errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
				time.Sleep(50 * time.Millisecond)
				continue
			}
			return fmt.Errorf("ixsim: accept: %w", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.serveConn(ctx, conn)
		}()
	}
}

func (s *Sim) serveConn(ctx context.Context, conn net.Conn) {
	if s.o.latency > 0 {
		conn = newDelayConn(conn, &s.o)
	}
	log := s.o.logger.WithField("remote", conn.RemoteAddr().String())
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	defer conn.Close()
	conf, err := s.serverConfig()
	if err != nil {
		log.WithError(err).Error("ssh config")
		return
	}
	conn.SetDeadline(time.Now().Add(handshakeTimeout))
	sconn, chans, reqs, err := ssh.NewServerConn(conn, conf)
	if err != nil {
		log.WithError(err).Info("ssh handshake failed")
		return
	}
	conn.SetDeadline(time.Time{})
	log = log.WithField("user", sconn.User())
	log.Info("login")
	go ssh.DiscardRequests(reqs)
	u, _ := s.user(sconn.User())
	var wg sync.WaitGroup
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "only session channels")
			continue
		}
		ch, chReqs, err := nc.Accept()
		if err != nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.serveChannel(ctx, u, ch, chReqs, func() { sconn.Close() })
			// No exit-status: the IX closes the channel without one (§9).
			ch.Close()
			sconn.Close()
		}()
	}
	wg.Wait()
	log.Info("logout")
}

// serveChannel honours pty-req, env, window-change and shell; exec and
// subsystems are refused, as the IX offers only its CLI.
func (s *Sim) serveChannel(ctx context.Context, u scenario.User, ch ssh.Channel, reqs <-chan *ssh.Request, kill func()) {
	shell := make(chan struct{})
	reqsDone := make(chan struct{})
	go func() {
		defer close(reqsDone)
		started := false
		for req := range reqs {
			ok := false
			switch req.Type {
			case "pty-req", "env", "window-change":
				// The IX keeps its own 80-column width whatever the pty says.
				ok = true
			case "shell":
				ok = !started
				if !started {
					started = true
					close(shell)
				}
			}
			if req.WantReply {
				req.Reply(ok, nil)
			}
		}
	}()
	select {
	case <-shell:
	case <-reqsDone: // the client closed the channel without asking for a shell
		return
	case <-ctx.Done():
		return
	}
	if err := s.runSession(ctx, u, ch, ch, kill, s.o.latency > 0); err != nil && !errors.Is(err, errDropped) && !errors.Is(err, io.EOF) {
		s.o.logger.WithError(err).Debug("session ended")
	}
}

// runSession drives one CLI session over raw streams.
func (s *Sim) runSession(ctx context.Context, u scenario.User, r io.Reader, w io.Writer, kill func(), netDelayed bool) error {
	r, w, flush := s.o.wrapIO(r, w, netDelayed)
	defer flush()
	t := newTerminal(r, w)
	t.forcePage = s.o.forcedPager
	t.edgeWrap = s.o.edgeWrap
	c := &cli{sim: s, user: u.Name, admin: u.Admin, term: t, kill: kill}
	s.addSession(c)
	defer s.removeSession(c)
	stop := context.AfterFunc(ctx, kill)
	defer stop()
	if s.o.dropAt == DropOnLogin {
		kill()
		return errDropped
	}
	return c.serve()
}
