package main

import (
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/ixpush/ixpush/pkg/session/sessiontest"
)

// A real OpenSSH sshd runs `ixpush sim --stdio` as its ForceCommand with a
// pty: the simulator puts the pty in raw mode and does the echo itself, so
// the client sees each typed line exactly once, as from an IX.
func TestSimStdioUnderOpenSSHServer(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "ixpush")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	srv := sessiontest.StartSSHD(t, sessiontest.SSHDConfig{ForceCommand: bin + " sim --stdio --user admin"})
	hostKeys, err := knownhosts.New(srv.KnownHosts)
	if err != nil {
		t.Fatal(err)
	}
	client, err := ssh.Dial("tcp", srv.Addr, &ssh.ClientConfig{
		User:            srv.User,
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(srv.ClientSigner(t))},
		HostKeyCallback: hostKeys,
		Timeout:         5 * time.Second,
	})
	if err != nil {
		t.Fatalf("dial sshd: %v\n%s", err, srv.Log())
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
				t.Fatalf("no %q at the end of %q\nsshd: %s", want, buf.String(), srv.Log())
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
		t.Fatalf("session did not end\nsshd: %s", srv.Log())
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
