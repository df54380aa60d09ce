package session

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/ixpush/ixpush/pkg/session/sessiontest"
)

func dialT(t *testing.T, spec string, opts ...DialOption) (*Conn, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Dial(ctx, spec, append([]DialOption{WithSSHConfig(""), WithAgent(false)}, opts...)...)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

// writeKey writes an OpenSSH private key file, encrypted when pass != "".
func writeKey(t *testing.T, pass string) (string, ssh.PublicKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var blk *pem.Block
	if pass == "" {
		blk, err = ssh.MarshalPrivateKey(priv, "test")
	} else {
		blk, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "test", []byte(pass))
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(blk), 0o600); err != nil {
		t.Fatal(err)
	}
	sp, _ := ssh.NewPublicKey(pub)
	return path, sp
}

func TestDialAuth(t *testing.T) {
	keyPath, keyPub := writeKey(t, "")
	encPath, encPub := writeKey(t, "open sesame")
	tests := []struct {
		name    string
		cfg     sessiontest.Config
		opts    []DialOption
		env     map[string]string
		wantErr error
	}{
		{"password", sessiontest.Config{Password: "pw"}, []DialOption{WithPassword("pw")}, nil, nil},
		{"wrong password", sessiontest.Config{Password: "pw"}, []DialOption{WithPassword("nope")}, nil, ErrAuth},
		{"keyboard-interactive", sessiontest.Config{Password: "pw", KeyboardInteractive: true}, []DialOption{WithPassword("pw")}, nil, nil},
		{"key file", sessiontest.Config{AuthorizedKeys: []ssh.PublicKey{keyPub}}, []DialOption{WithKeyFiles(keyPath)}, nil, nil},
		{"encrypted key, passphrase from env", sessiontest.Config{AuthorizedKeys: []ssh.PublicKey{encPub}}, []DialOption{WithKeyFiles(encPath), WithPassphraseEnv("SESSION_TEST_PASSPHRASE")},
			map[string]string{"SESSION_TEST_PASSPHRASE": "open sesame"}, nil},
		{"encrypted key, passphrase prompt", sessiontest.Config{AuthorizedKeys: []ssh.PublicKey{encPub}},
			[]DialOption{WithKeyFiles(encPath), WithPassphraseEnv("SESSION_TEST_UNSET"), WithPassphrasePrompt(func(string) ([]byte, error) { return []byte("open sesame"), nil })}, nil, nil},
		{"encrypted key, no passphrase", sessiontest.Config{AuthorizedKeys: []ssh.PublicKey{encPub}},
			[]DialOption{WithKeyFiles(encPath), WithPassphraseEnv("SESSION_TEST_UNSET")}, nil, ErrConfig},
		{"missing key file", sessiontest.Config{Password: "pw"}, []DialOption{WithKeyFiles("/nonexistent/key")}, nil, ErrConfig},
		{"no method", sessiontest.Config{Password: "pw"}, nil, nil, ErrAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			srv := sessiontest.Start(t, tt.cfg)
			_, err := dialT(t, "admin@"+srv.Addr, append([]DialOption{WithKnownHosts(srv.KnownHosts)}, tt.opts...)...)
			if tt.wantErr == nil && err != nil {
				t.Fatalf("Dial: %v", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("Dial err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// session names no environment variable of its own: an encrypted key needs
// a passphrase source the caller gave, whatever the environment holds.
func TestDialEncryptedKeyNeedsPassphraseSource(t *testing.T) {
	encPath, encPub := writeKey(t, "open sesame")
	t.Setenv("IXPUSH_KEY_PASSPHRASE", "open sesame")
	srv := sessiontest.Start(t, sessiontest.Config{AuthorizedKeys: []ssh.PublicKey{encPub}})
	_, err := dialT(t, "admin@"+srv.Addr, WithKnownHosts(srv.KnownHosts), WithKeyFiles(encPath))
	if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "no passphrase source") {
		t.Fatalf("err = %v, want ErrConfig saying no passphrase source was given", err)
	}
}

func TestDialAgent(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	keyring := agent.NewKeyring()
	if err := keyring.Add(agent.AddedKey{PrivateKey: priv}); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "agent.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go agent.ServeAgent(keyring, c)
		}
	}()
	signers, _ := keyring.Signers()
	srv := sessiontest.Start(t, sessiontest.Config{AuthorizedKeys: []ssh.PublicKey{signers[0].PublicKey()}})
	t.Setenv("SSH_AUTH_SOCK", sock)
	if _, err := dialT(t, "admin@"+srv.Addr, WithKnownHosts(srv.KnownHosts), WithAgent(true)); err != nil {
		t.Fatalf("Dial via agent: %v", err)
	}
}

func TestDialHostKeys(t *testing.T) {
	srv := sessiontest.Start(t, sessiontest.Config{Password: "pw"})
	fp := ssh.FingerprintSHA256(srv.HostKey)

	t.Run("unknown refused with fingerprint and flag", func(t *testing.T) {
		kh := filepath.Join(t.TempDir(), "known_hosts")
		_, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh))
		var hke *HostKeyError
		if !errors.Is(err, ErrHostKeyUnknown) || !errors.As(err, &hke) {
			t.Fatalf("err = %v, want ErrHostKeyUnknown", err)
		}
		for _, want := range []string{fp, srv.Addr} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		}
		// The way out is data for the caller to word (a flag, a setting):
		// session's message names no flag of any tool.
		if hke.Hint != HintAcceptNewHostKey || HintOf(err) != HintAcceptNewHostKey || strings.Contains(err.Error(), "--") {
			t.Errorf("hint = %v, HintOf = %v, message %q: want HintAcceptNewHostKey and no flag", hke.Hint, HintOf(err), err)
		}
		if _, err := os.Stat(kh); err == nil {
			t.Error("known_hosts written without WithAcceptNewHostKey")
		}
	})

	t.Run("accept new records it (TOFU)", func(t *testing.T) {
		kh := filepath.Join(t.TempDir(), "sub", "known_hosts")
		if _, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh), WithAcceptNewHostKey(true)); err != nil {
			t.Fatal(err)
		}
		// Second dial succeeds strictly.
		if _, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh)); err != nil {
			t.Fatalf("after TOFU: %v", err)
		}
	})

	t.Run("changed refused even with accept-new", func(t *testing.T) {
		other := sessiontest.NewEd25519(t)
		kh := filepath.Join(t.TempDir(), "known_hosts")
		os.WriteFile(kh, []byte(knownhosts.Line([]string{knownhosts.Normalize(srv.Addr)}, other.PublicKey())+"\n"), 0o600)
		_, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh), WithAcceptNewHostKey(true))
		if !errors.Is(err, ErrHostKeyChanged) {
			t.Fatalf("err = %v, want ErrHostKeyChanged", err)
		}
		if h := HintOf(err); h != HintNone {
			t.Errorf("hint = %v, want none: only editing known_hosts gets past a changed key", h)
		}
		for _, want := range []string{fp, ssh.FingerprintSHA256(other.PublicKey()), "CHANGED"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		}
	})

	t.Run("server with another key type still matches the recorded one", func(t *testing.T) {
		// known_hosts records the RSA key; the server also has ed25519,
		// which Go would prefer: the client must ask for RSA.
		rsaSrv := sessiontest.Start(t, sessiontest.Config{Password: "pw", HostKey: sessiontest.RSAHostKey(t)})
		if _, err := dialT(t, "admin@"+rsaSrv.Addr, WithPassword("pw"), WithKnownHosts(rsaSrv.KnownHosts)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDialIXAlgorithms(t *testing.T) {
	srv := sessiontest.Start(t, sessiontest.Config{Password: "pw", IXLike: true, Handler: echoCLI(nil)})
	c, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(srv.KnownHosts))
	if err != nil {
		t.Fatalf("Dial IX-like server: %v", err)
	}
	if got := c.ServerVersion(); got != "SSH-2.0-NEC-IX2106-ms-10.9.34" {
		t.Errorf("server version %q", got)
	}
}

// cbcServer accepts connections that only speak aes128-cbc, a cipher
// ixpush does not offer by default.
func cbcServer(t *testing.T) (addr, knownHostsPath string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	sc := &ssh.ServerConfig{NoClientAuth: true}
	sc.Ciphers = []string{ssh.InsecureCipherAES128CBC}
	hk := sessiontest.NewEd25519(t)
	sc.AddHostKey(hk)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				conn, chans, reqs, err := ssh.NewServerConn(c, sc)
				if err != nil {
					return
				}
				go ssh.DiscardRequests(reqs)
				for range chans {
				}
				conn.Close()
			}()
		}
	}()
	kh := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(kh, []byte(knownhosts.Line([]string{knownhosts.Normalize(ln.Addr().String())}, hk.PublicKey())+"\n"), 0o600)
	return ln.Addr().String(), kh
}

func TestDialNegotiationNamesAlgorithm(t *testing.T) {
	addr, kh := cbcServer(t)
	_, err := dialT(t, "admin@"+addr, WithPassword("pw"), WithKnownHosts(kh))
	if !errors.Is(err, ErrNegotiation) || !strings.Contains(err.Error(), "cipher") || !strings.Contains(err.Error(), "aes128-cbc") {
		t.Fatalf("err = %v, want ErrNegotiation naming the cipher", err)
	}
	var ne *NegotiationError
	if !errors.As(err, &ne) || ne.What != "client to server cipher" && ne.What != "server to client cipher" || HintOf(err) != HintLegacyAlgorithms {
		t.Errorf("err = %#v (hint %v), want a NegotiationError on the cipher hinting at WithLegacyAlgorithms", err, HintOf(err))
	}
	// The per-device legacy option makes it work.
	if _, err := dialT(t, "admin@"+addr, WithPassword("pw"), WithKnownHosts(kh),
		WithLegacyAlgorithms(ssh.Algorithms{Ciphers: []string{ssh.InsecureCipherAES128CBC}})); err != nil {
		t.Fatalf("with legacy cipher: %v", err)
	}
}

func TestDialLegacyAlgorithmValidated(t *testing.T) {
	_, err := dialT(t, "admin@127.0.0.1:1", WithPassword("pw"), WithLegacyAlgorithms(ssh.Algorithms{Ciphers: []string{"rot13"}}))
	if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), `"rot13"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestDialUnreachable(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	_, err := dialT(t, "admin@"+addr, WithPassword("pw"), WithKnownHosts(filepath.Join(t.TempDir(), "kh")))
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
}

func TestDialSSHConfigAndProxyJump(t *testing.T) {
	target := sessiontest.Start(t, sessiontest.Config{Password: "pw", Handler: echoCLI(nil)})
	keyPath, keyPub := writeKey(t, "")
	fwd := sessiontest.Start(t, sessiontest.Config{AuthorizedKeys: []ssh.PublicKey{keyPub}, Forward: true})
	dir := t.TempDir()
	_, tport, _ := net.SplitHostPort(target.Addr)
	fhost, fport, _ := net.SplitHostPort(fwd.Addr)
	cfg := "Host r10\n  HostName 127.0.0.1\n  Port " + tport + "\n  User admin\n  ProxyJump jump\n\n" +
		"Host jump\n  HostName " + fhost + "\n  Port " + fport + "\n  User admin\n"
	cfgPath := filepath.Join(dir, "config")
	os.WriteFile(cfgPath, []byte(cfg), 0o600)
	kh := filepath.Join(dir, "known_hosts")
	khData, _ := os.ReadFile(target.KnownHosts)
	fwdKH, _ := os.ReadFile(fwd.KnownHosts)
	os.WriteFile(kh, append(khData, fwdKH...), 0o600)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// A bastion that wants the password must not get it.
	pwOnly := sessiontest.Start(t, sessiontest.Config{Password: "pw", Forward: true})
	_, phost := func() (string, string) { h, p, _ := net.SplitHostPort(pwOnly.Addr); return h, p }()
	os.WriteFile(filepath.Join(dir, "config2"), []byte("Host r10\n  HostName 127.0.0.1\n  Port "+tport+"\n  ProxyJump admin@127.0.0.1:"+phost+"\n"), 0o600)
	pwKH, _ := os.ReadFile(pwOnly.KnownHosts)
	os.WriteFile(kh, append(append(khData, fwdKH...), pwKH...), 0o600)
	if _, err := Dial(ctx, "r10", WithSSHConfig(filepath.Join(dir, "config2")), WithKnownHosts(kh), WithPassword("pw"), WithAgent(false)); !errors.Is(err, ErrAuth) {
		t.Fatalf("password bastion: err = %v, want ErrAuth (the router password is not offered to it)", err)
	}

	c, err := Dial(ctx, "r10", WithSSHConfig(cfgPath), WithKnownHosts(kh), WithPassword("pw"), WithKeyFiles(keyPath), WithAgent(false))
	if err != nil {
		t.Fatalf("Dial via ProxyJump: %v", err)
	}
	defer c.Close()
	if c.Addr() != target.Addr || c.User() != "admin" || c.Host() != "r10" || len(c.hops) != 1 {
		t.Errorf("resolved to %s as %s (%d hops)", c.Addr(), c.User(), len(c.hops))
	}
	sh, err := c.Shell(ctx, WithPrompt(testPrompt), WithRedactor(testMask, testRedact))
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	if _, err := sh.WaitPrompt(ctx); err != nil {
		t.Fatal(err)
	}
	if fwd.Forwarded() != 1 {
		t.Errorf("bastion forwarded %d connections, want 1", fwd.Forwarded())
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config")
	os.WriteFile(cfgPath, []byte("Host r10\n  HostName 192.0.2.10\n  Port 2222\n  User ops\n  IdentityFile ~/.ssh/ix_key\n  ProxyJump a@b:23,c\n"), 0o600)
	home, _ := os.UserHomeDir()
	tests := []struct {
		spec string
		opts []DialOption
		want target
		err  bool
	}{
		{"r10", nil, target{alias: "r10", host: "192.0.2.10", port: 2222, user: "ops", identityFiles: []string{filepath.Join(home, ".ssh/ix_key")}, proxyJump: []string{"a@b:23", "c"}}, false},
		{"me@r10:22", nil, target{alias: "r10", host: "192.0.2.10", port: 22, user: "me", identityFiles: []string{filepath.Join(home, ".ssh/ix_key")}, proxyJump: []string{"a@b:23", "c"}}, false},
		{"10.0.0.1", []DialOption{WithUser("u"), WithPort(830)}, target{alias: "10.0.0.1", host: "10.0.0.1", port: 830, user: "u"}, false},
		{"[::1]:2200", []DialOption{WithUser("u")}, target{alias: "::1", host: "::1", port: 2200, user: "u"}, false},
		{"host:99999", nil, target{}, true},
		{"", nil, target{}, true},
		{"bad host", nil, target{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			o := defaultDialOptions()
			o.sshConfig = cfgPath
			for _, opt := range tt.opts {
				opt(&o)
			}
			got, err := resolve(tt.spec, &o)
			if tt.err {
				if err == nil {
					t.Fatalf("resolve(%q) = %+v, want error", tt.spec, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.alias != tt.want.alias || got.host != tt.want.host || got.port != tt.want.port || got.user != tt.want.user ||
				strings.Join(got.identityFiles, ",") != strings.Join(tt.want.identityFiles, ",") ||
				strings.Join(got.proxyJump, ",") != strings.Join(tt.want.proxyJump, ",") {
				t.Errorf("resolve(%q) = %+v, want %+v", tt.spec, got, tt.want)
			}
		})
	}
}

// An IX offers only ssh-rsa host keys, on a non-default port here, and
// ssh(1) with HashKnownHosts writes the entry hashed as "[host]:port".
func TestDialIXHashedKnownHostsNonDefaultPort(t *testing.T) {
	srv := sessiontest.Start(t, sessiontest.Config{Password: "pw", IXLike: true, Handler: echoCLI(nil)})
	kh := filepath.Join(t.TempDir(), "known_hosts")
	hashed := knownhosts.HashHostname(knownhosts.Normalize(srv.Addr))
	if !strings.HasPrefix(knownhosts.Normalize(srv.Addr), "[127.0.0.1]:") {
		t.Fatalf("test needs a non-default port, got %s", srv.Addr)
	}
	os.WriteFile(kh, []byte(knownhosts.Line([]string{hashed}, srv.HostKey)+"\n"), 0o600)
	if _, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh)); err != nil {
		t.Fatalf("hashed [host]:port entry: %v", err)
	}
	// The same key recorded for port 22 only does not vouch for this port.
	os.WriteFile(kh, []byte(knownhosts.Line([]string{knownhosts.HashHostname("127.0.0.1")}, srv.HostKey)+"\n"), 0o600)
	if _, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh)); !errors.Is(err, ErrHostKeyUnknown) {
		t.Fatalf("entry for port 22: err = %v, want ErrHostKeyUnknown", err)
	}
	// Trust on first use against an ssh-rsa-only server.
	kh2 := filepath.Join(t.TempDir(), "known_hosts")
	if _, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh2), WithAcceptNewHostKey(true)); err != nil {
		t.Fatalf("TOFU: %v", err)
	}
	if _, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh2)); err != nil {
		t.Fatalf("after TOFU: %v", err)
	}
}

// A hand-edited known_hosts may lack its last newline: recording a new key
// must not glue it onto that line, which would spoil both entries.
func TestAcceptNewAfterLineWithoutNewline(t *testing.T) {
	srv := sessiontest.Start(t, sessiontest.Config{Password: "pw"})
	other := sessiontest.NewEd25519(t)
	kh := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(kh, []byte(knownhosts.Line([]string{"192.0.2.1"}, other.PublicKey())), 0o600)
	if _, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh), WithAcceptNewHostKey(true)); err != nil {
		t.Fatal(err)
	}
	if _, err := dialT(t, "admin@"+srv.Addr, WithPassword("pw"), WithKnownHosts(kh)); err != nil {
		t.Fatalf("after TOFU: %v", err)
	}
	cb, err := knownhosts.New(kh)
	if err != nil {
		t.Fatal(err)
	}
	if err := cb("192.0.2.1:22", &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 22}, other.PublicKey()); err != nil {
		t.Errorf("the entry before it no longer vouches for its host: %v", err)
	}
}
