// Package sessiontest runs in-process SSH servers with a scripted
// line-oriented CLI, for tests of pkg/session and the packages above it.
// It knows nothing of any router dialect: the caller scripts the replies.
package sessiontest

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Config describes the server.
type Config struct {
	User     string // accepted user (default "admin")
	Password string // accepted password, if any
	// KeyboardInteractive accepts Password through keyboard-interactive
	// only (password method disabled).
	KeyboardInteractive bool
	AuthorizedKeys      []ssh.PublicKey
	// HostKey defaults to a fresh ed25519 key; IXLike forces an ssh-rsa
	// key and the IX's algorithm set.
	HostKey ssh.Signer
	IXLike  bool
	// Handler serves one shell session; it returns to end it. The channel
	// is then closed without an exit status, as IX routers do.
	Handler func(rw io.ReadWriter)
	// Forward makes the server a bastion: it accepts direct-tcpip channels
	// (ssh -J) to any address.
	Forward bool
}

// Server is a running test server.
type Server struct {
	Addr       string
	HostKey    ssh.PublicKey
	KnownHosts string // a known_hosts file vouching for HostKey at Addr
	ln         net.Listener
	wg         sync.WaitGroup
	mu         sync.Mutex
	conns      []net.Conn
	forwarded  int
}

// Forwarded counts the direct-tcpip channels served (ProxyJump hops).
func (s *Server) Forwarded() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.forwarded
}

var (
	rsaOnce sync.Once
	rsaKey  ssh.Signer
)

// RSAHostKey returns a 2048-bit RSA host key shared by the test binary
// (generating one per test is slow).
func RSAHostKey(tb testing.TB) ssh.Signer {
	rsaOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		rsaKey, _ = ssh.NewSignerFromKey(k)
	})
	return rsaKey
}

// NewEd25519 returns a fresh ed25519 signer.
func NewEd25519(tb testing.TB) ssh.Signer {
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(k)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Start starts a server on 127.0.0.1 and stops it when the test ends.
func Start(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	if cfg.User == "" {
		cfg.User = "admin"
	}
	sc := &ssh.ServerConfig{ServerVersion: "SSH-2.0-sessiontest"}
	if cfg.Password != "" && !cfg.KeyboardInteractive {
		sc.PasswordCallback = func(c ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if c.User() == cfg.User && string(pw) == cfg.Password {
				return nil, nil
			}
			return nil, errors.New("denied")
		}
	}
	if cfg.Password != "" && cfg.KeyboardInteractive {
		sc.KeyboardInteractiveCallback = func(c ssh.ConnMetadata, ch ssh.KeyboardInteractiveChallenge) (*ssh.Permissions, error) {
			ans, err := ch("", "", []string{"Password: "}, []bool{false})
			if err == nil && c.User() == cfg.User && len(ans) == 1 && ans[0] == cfg.Password {
				return nil, nil
			}
			return nil, errors.New("denied")
		}
	}
	if len(cfg.AuthorizedKeys) > 0 {
		sc.PublicKeyCallback = func(c ssh.ConnMetadata, k ssh.PublicKey) (*ssh.Permissions, error) {
			for _, a := range cfg.AuthorizedKeys {
				if c.User() == cfg.User && string(a.Marshal()) == string(k.Marshal()) {
					return nil, nil
				}
			}
			return nil, errors.New("denied")
		}
	}
	hk := cfg.HostKey
	if cfg.IXLike {
		if hk == nil {
			hk = RSAHostKey(tb)
		}
		as, ok := hk.(ssh.AlgorithmSigner)
		if !ok {
			tb.Fatal("IXLike needs an RSA host key")
		}
		var err error
		hk, err = ssh.NewSignerWithAlgorithms(as, []string{ssh.KeyAlgoRSA})
		if err != nil {
			tb.Fatal(err)
		}
		sc.KeyExchanges = []string{ssh.KeyExchangeDHGEXSHA256}
		sc.Ciphers = []string{ssh.CipherAES128CTR, ssh.CipherAES256CTR}
		sc.MACs = []string{ssh.HMACSHA256}
		sc.ServerVersion = "SSH-2.0-NEC-IX2106-ms-10.9.34"
	}
	if hk == nil {
		hk = NewEd25519(tb)
	}
	sc.AddHostKey(hk)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), HostKey: hk.PublicKey(), ln: ln}
	s.KnownHosts = filepath.Join(tb.TempDir(), "known_hosts")
	line := knownhosts.Line([]string{knownhosts.Normalize(s.Addr)}, hk.PublicKey()) + "\n"
	if err := os.WriteFile(s.KnownHosts, []byte(line), 0o600); err != nil {
		tb.Fatal(err)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serveConn(c, sc, cfg)
			}()
		}
	}()
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server and drops every connection.
func (s *Server) Close() {
	s.ln.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// DropAll cuts every open connection (a dropped link).
func (s *Server) DropAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.Close()
	}
}

func (s *Server) serveConn(c net.Conn, sc *ssh.ServerConfig, cfg Config) {
	handler := cfg.Handler
	defer c.Close()
	conn, chans, reqs, err := ssh.NewServerConn(c, sc)
	if err != nil {
		return
	}
	defer conn.Close()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() == "direct-tcpip" && cfg.Forward {
			s.mu.Lock()
			s.forwarded++
			s.mu.Unlock()
			go forward(nc)
			continue
		}
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "only sessions")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			return
		}
		go func() {
			started := false
			for r := range creqs {
				switch r.Type {
				case "pty-req", "env", "window-change":
					r.Reply(true, nil)
				case "shell":
					r.Reply(!started, nil)
					if !started && handler != nil {
						started = true
						go func() {
							handler(ch)
							ch.Close()
						}()
					}
				default:
					r.Reply(false, nil)
				}
			}
		}()
	}
}

func forward(nc ssh.NewChannel) {
	var req struct {
		Host       string
		Port       uint32
		OriginHost string
		OriginPort uint32
	}
	if err := ssh.Unmarshal(nc.ExtraData(), &req); err != nil {
		nc.Reject(ssh.ConnectionFailed, "bad request")
		return
	}
	dst, err := net.Dial("tcp", net.JoinHostPort(req.Host, strconv.Itoa(int(req.Port))))
	if err != nil {
		nc.Reject(ssh.ConnectionFailed, err.Error())
		return
	}
	ch, reqs, err := nc.Accept()
	if err != nil {
		dst.Close()
		return
	}
	go ssh.DiscardRequests(reqs)
	go func() {
		io.Copy(ch, dst)
		ch.CloseWrite()
		ch.Close()
	}()
	io.Copy(dst, ch)
	dst.Close()
}
