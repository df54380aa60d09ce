package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"io"
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
)

// writeKey writes a new ed25519 private key in OpenSSH format and returns
// its signer.
func writeKey(t *testing.T, path string) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A real OpenSSH sshd runs `ixpush sim --stdio` as its ForceCommand with a
// pty: the simulator puts the pty in raw mode and does the echo itself, so
// the client sees each typed line exactly once, as from an IX.
func TestSimStdioUnderOpenSSHServer(t *testing.T) {
	if _, err := os.Stat("/usr/sbin/sshd"); err != nil || os.Geteuid() != 0 {
		t.Skip("needs /usr/sbin/sshd and root")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "ixpush")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	writeKey(t, filepath.Join(dir, "host_key"))
	user := writeKey(t, filepath.Join(dir, "user_key"))
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), ssh.MarshalAuthorizedKey(user.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, port, _ := net.SplitHostPort(addr)
	conf := fmt.Sprintf(`Port %s
ListenAddress 127.0.0.1
HostKey %s/host_key
AuthorizedKeysFile %s/authorized_keys
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
PidFile %s/sshd.pid
ForceCommand %s sim --stdio --user admin
`, port, dir, dir, dir, bin)
	if err := os.WriteFile(filepath.Join(dir, "sshd_config"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll("/run/sshd", 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sshd := exec.CommandContext(ctx, "/usr/sbin/sshd", "-D", "-e", "-f", filepath.Join(dir, "sshd_config"))
	var sshdLog strings.Builder
	sshd.Stderr = &sshdLog
	if err := sshd.Start(); err != nil {
		t.Fatal(err)
	}
	defer sshd.Wait()
	defer cancel()

	var client *ssh.Client
	for i := 0; ; i++ {
		client, err = ssh.Dial("tcp", addr, &ssh.ClientConfig{
			User:            "root",
			Auth:            []ssh.AuthMethod{ssh.PublicKeys(user)},
			HostKeyCallback: ssh.InsecureIgnoreHostKey(),
			Timeout:         5 * time.Second,
		})
		if err == nil {
			break
		}
		if i == 50 {
			t.Fatalf("dial sshd: %v\n%s", err, sshdLog.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm", 24, 80, ssh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	var buf lockedBuffer
	ended := make(chan struct{})
	go func() {
		io.Copy(&buf, stdout)
		close(ended)
	}()
	// Type each line only once the prompt is there, as the tool does: a line
	// typed earlier could meet the pty before the simulator made it raw.
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !strings.HasSuffix(buf.String(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q at the end of %q\nsshd: %s", want, buf.String(), sshdLog.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("R10# ")
	io.WriteString(stdin, "configure\r")
	waitFor("R10(config)# ")
	io.WriteString(stdin, "exit\r")
	waitFor("R10# ")
	io.WriteString(stdin, "exit\r")
	select {
	case <-ended:
	case <-time.After(20 * time.Second):
		t.Fatalf("session did not end\nsshd: %s", sshdLog.String())
	}
	got := buf.String()
	want := "NEC Portable Internetwork Core Operating System Software\r\n" +
		"Copyright Notices:\r\n" +
		"Copyright (c) NEC Corporation 2001-2022. All rights reserved.\r\n" +
		"Copyright (c) 1985-1998 OpenROUTE Networks, Inc.\r\n" +
		"Copyright (c) 1984-1987, 1989 J. Noel Chiappa.\r\n" +
		"R10# configure\r\n" +
		"Enter configuration commands, one per line. End with CNTL/Z.\r\n" +
		"R10(config)# exit\r\n" +
		"R10# exit\r\n"
	if got != want {
		t.Errorf("session through sshd:\n got %q\nwant %q", got, want)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
