package ixcli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/ixpush/ixpush/pkg/session"
)

// Real OpenSSH in front of `ixpush sim --stdio`: the sshd plumbing (pty,
// ForceCommand, algorithms, exit status) that an in-process server cannot
// vouch for.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// TestMain removes the ixpush binary built for the sshd tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// ixpushBinary builds cmd/ixpush once per test binary.
func ixpushBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ixpush-sshd-test")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "ixpush")
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", binPath, "./cmd/ixpush")
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/ixpush: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

type sshdRun struct {
	addr       string
	knownHosts string
	clientKey  string
	user       string
}

func sshKeygen(t *testing.T, path, typ string) {
	t.Helper()
	args := []string{"-q", "-N", "", "-t", typ, "-f", path}
	if typ == "rsa" {
		args = append(args, "-b", "2048")
	}
	if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen %v: %v\n%s", args, err, out)
	}
}

// startSSHD runs sshd on a free loopback port with its own host key and
// ForceCommand running the simulator. extra is appended to sshd_config.
func startSSHD(t *testing.T, hostKeyType, extra string) sshdRun {
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
	bin := ixpushBinary(t)
	dir := t.TempDir()
	hostKey := filepath.Join(dir, "host_key")
	sshKeygen(t, hostKey, hostKeyType)
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
	cfg := fmt.Sprintf(`ListenAddress 127.0.0.1
HostKey %s
AuthorizedKeysFile %s
PidFile %s
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
ForceCommand %s sim --stdio --user admin
%s`, hostKey, authKeys, filepath.Join(dir, "sshd.pid"), bin, extra)
	cfgPath := filepath.Join(dir, "sshd_config")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		os.MkdirAll("/run/sshd", 0o755) // privilege separation directory
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, sshd, "-D", "-e", "-f", cfgPath, "-p", port)
	var log strings.Builder
	var logMu sync.Mutex
	cmd.Stderr = writerFunc(func(p []byte) (int, error) { logMu.Lock(); defer logMu.Unlock(); return log.Write(p) })
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start sshd: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			logMu.Lock()
			t.Logf("sshd log:\n%s", log.String())
			logMu.Unlock()
		}
	})
	// Wait for the listener.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			logMu.Lock()
			defer logMu.Unlock()
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
	return sshdRun{addr: addr, knownHosts: kh, clientKey: clientKey, user: user}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestOpenSSHServer(t *testing.T) {
	tests := []struct {
		name    string
		keyType string
		extra   string
	}{
		{"modern", "ed25519", ""},
		{"ix-algorithms", "rsa", "HostKeyAlgorithms ssh-rsa\nKexAlgorithms diffie-hellman-group-exchange-sha256\nCiphers aes128-ctr\nMACs hmac-sha2-256\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSSHD(t, tt.keyType, tt.extra)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			conn, err := session.Dial(ctx, srv.addr, session.WithUser(srv.user), session.WithKeyFiles(srv.clientKey),
				session.WithKnownHosts(srv.knownHosts), session.WithSSHConfig(""), session.WithAgent(false))
			if err != nil {
				t.Fatalf("Dial sshd: %v", err)
			}
			defer conn.Close()
			if !strings.HasPrefix(conn.ServerVersion(), "SSH-2.0-OpenSSH") {
				t.Errorf("server version %q", conn.ServerVersion())
			}
			c, err := Open(ctx, conn)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if err := c.Prepare(ctx); err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			if !c.Pipelining() {
				t.Error("pipelining fell back under sshd")
			}
			if _, err := c.Configure(ctx, seedLines); err != nil {
				t.Fatalf("Configure: %v", err)
			}
			outs, err := c.ShowAll(ctx, "show running-config", "show ip route")
			if err != nil {
				t.Fatalf("ShowAll: %v", err)
			}
			if !strings.Contains(outs[0], "  network 192.168.2.0/24") {
				t.Errorf("running-config lacks the push:\n%s", outs[0])
			}
			if err := c.Close(ctx); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}
