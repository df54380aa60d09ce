package sessiontest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// SSHDConfig describes a real OpenSSH sshd started for a test.
type SSHDConfig struct {
	HostKeyType  string // ssh-keygen -t: "ed25519" (default) or "rsa"
	ForceCommand string // what every session runs, e.g. "/tmp/ixpush sim --stdio --user admin"
	Extra        string // appended to sshd_config (algorithm restrictions)
}

// SSHD is a running sshd and what a client needs to reach it.
type SSHD struct {
	Addr       string // 127.0.0.1:port
	KnownHosts string // a known_hosts file holding its host key
	ClientKey  string // an ed25519 private key file it accepts
	User       string // the login that key is authorized for
	log        *lockedLog
}

// Log is what sshd printed so far (for failure messages).
func (s *SSHD) Log() string { return s.log.String() }

// ClientSigner loads ClientKey for an x/crypto client.
func (s *SSHD) ClientSigner(t testing.TB) ssh.Signer {
	t.Helper()
	b, err := os.ReadFile(s.ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.ParsePrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// StartSSHD runs sshd -D on a free loopback port with its own host key and
// cfg.ForceCommand, until the test ends. It skips the test only when sshd or
// ssh-keygen is not installed (CI installs openssh-server).
func StartSSHD(t testing.TB, cfg SSHDConfig) *SSHD {
	t.Helper()
	sshd, err := exec.LookPath("sshd")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/sshd"); serr != nil {
			t.Skip("OpenSSH sshd is not installed (apt-get install openssh-server): skipping the real-sshd test")
		}
		sshd = "/usr/sbin/sshd"
	}
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Skip("ssh-keygen is not installed: skipping the real-sshd test")
	}
	if cfg.HostKeyType == "" {
		cfg.HostKeyType = "ed25519"
	}
	dir := t.TempDir()
	hostKey := filepath.Join(dir, "host_key")
	sshKeygen(t, hostKey, cfg.HostKeyType)
	clientKey := filepath.Join(dir, "client_key")
	sshKeygen(t, clientKey, "ed25519")
	pub, err := os.ReadFile(clientKey + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	authKeys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(authKeys, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, port, _ := net.SplitHostPort(addr)
	conf := fmt.Sprintf(`ListenAddress 127.0.0.1
HostKey %s
AuthorizedKeysFile %s
PidFile %s
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
ForceCommand %s
%s`, hostKey, authKeys, filepath.Join(dir, "sshd.pid"), cfg.ForceCommand, cfg.Extra)
	confPath := filepath.Join(dir, "sshd_config")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		os.MkdirAll("/run/sshd", 0o755) // privilege separation directory
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, sshd, "-D", "-e", "-f", confPath, "-p", port)
	log := &lockedLog{}
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start sshd: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("sshd log:\n%s", log.String())
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshd did not listen on %s: %v\n%s", addr, err, log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	hostPub, err := os.ReadFile(hostKey + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	pk, _, _, _, err := ssh.ParseAuthorizedKey(hostPub)
	if err != nil {
		t.Fatal(err)
	}
	kh := filepath.Join(dir, "known_hosts")
	if err := os.WriteFile(kh, []byte(knownhosts.Line([]string{knownhosts.Normalize(addr)}, pk)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	user := os.Getenv("USER")
	if os.Geteuid() == 0 || user == "" {
		user = "root"
	}
	return &SSHD{Addr: addr, KnownHosts: kh, ClientKey: clientKey, User: user, log: log}
}

func sshKeygen(t testing.TB, path, typ string) {
	t.Helper()
	args := []string{"-q", "-N", "", "-t", typ, "-f", path}
	if typ == "rsa" {
		args = append(args, "-b", "2048")
	}
	if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen %v: %v\n%s", args, err, out)
	}
}

// lockedLog collects sshd's stderr, written from another goroutine.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
