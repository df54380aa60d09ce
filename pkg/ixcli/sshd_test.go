package ixcli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/session"
	"github.com/ixpush/ixpush/pkg/session/sessiontest"
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
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/ixpush")
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
			srv := sessiontest.StartSSHD(t, sessiontest.SSHDConfig{
				HostKeyType:  tt.keyType,
				ForceCommand: ixpushBinary(t) + " sim --stdio --user admin",
				Extra:        tt.extra,
			})
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			conn, err := session.Dial(ctx, srv.Addr, session.WithUser(srv.User), session.WithKeyFiles(srv.ClientKey),
				session.WithKnownHosts(srv.KnownHosts), session.WithSSHConfig(""), session.WithAgent(false))
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
