package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"golang.org/x/crypto/ssh"
)

// `ixpush sim --routers 2` serves two independent routers until its context
// ends, after printing how to reach each.
func TestSimServesRoutersUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"sim", "--listen", "127.0.0.1:0", "--routers", "2", "--json"}, nil, pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var routers []ixsim.Endpoint
	schema := compileSchema(t, "")
	for len(routers) < 2 && sc.Scan() {
		if err := validateJSON(schema, sc.Bytes()); err != nil {
			t.Errorf("line %q does not match ixpush schema: %v", sc.Text(), err)
		}
		// Each line is an envelope like every other command's.
		var env struct {
			Command, Outcome, Site string
			Result                 ixsim.Endpoint
		}
		if err := json.Unmarshal(sc.Bytes(), &env); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if env.Command != "sim" || env.Outcome != "serving" || env.Site != fmt.Sprintf("router-%d", env.Result.Router) {
			t.Errorf("line %q: want command sim, outcome serving, site router-N", sc.Text())
		}
		routers = append(routers, env.Result)
	}
	if len(routers) != 2 || routers[0].Addr == routers[1].Addr || routers[0].User != "admin" {
		t.Fatalf("routers: %+v", routers)
	}
	for _, r := range routers {
		conf := &ssh.ClientConfig{
			User: r.User,
			Auth: []ssh.AuthMethod{ssh.Password(r.Password)},
			HostKeyCallback: func(_ string, _ net.Addr, key ssh.PublicKey) error {
				if got := ssh.FingerprintSHA256(key); got != r.HostKey {
					t.Errorf("host key %s, printed %s", got, r.HostKey)
				}
				return nil
			},
			Config:  ssh.Config{KeyExchanges: []string{ssh.KeyExchangeDHGEXSHA256}},
			Timeout: 10 * time.Second,
		}
		c, err := ssh.Dial("tcp", r.Addr, conf)
		if err != nil {
			t.Fatalf("router %d: %v", r.Router, err)
		}
		c.Close()
	}
	go io.Copy(io.Discard, pr)
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit code %d", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sim did not stop when its context ended")
	}
}

// startSim runs `ixpush sim args...`, returns its first output line and
// stops it.
func startSim(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"sim"}, args...), nil, pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	if !sc.Scan() {
		t.Fatalf("sim printed nothing (exit %d)", <-code)
	}
	line := sc.Text()
	go io.Copy(io.Discard, pr)
	cancel()
	if c := <-code; c != 0 {
		t.Errorf("exit code %d", c)
	}
	return line
}

func TestSimHostKeyFileKeepsIdentity(t *testing.T) {
	key := filepath.Join(t.TempDir(), "host_rsa")
	first := startSim(t, "--listen", "127.0.0.1:0", "--host-key", key)
	second := startSim(t, "--listen", "127.0.0.1:0", "--host-key", key)
	fp := regexp.MustCompile(`host key (SHA256:\S+)$`)
	m1, m2 := fp.FindStringSubmatch(first), fp.FindStringSubmatch(second)
	if m1 == nil || m2 == nil || m1[1] != m2[1] {
		t.Errorf("fingerprints differ or missing:\n%s\n%s", first, second)
	}
	if !regexp.MustCompile(`^router 1: ssh admin@127\.0\.0\.1 \(port \d+\) password ixpush-admin host key SHA256:`).MatchString(first) {
		t.Errorf("text output %q", first)
	}
}

// The text form tells a person how to log in with OpenSSH: a line to paste
// (ssh-rsa host keys are off by default there) and the password.
func TestSimPrintsLoginLine(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"sim", "--listen", "127.0.0.1:0"}, nil, pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var lines []string
	for len(lines) < 3 && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	go io.Copy(io.Discard, pr)
	cancel()
	<-code
	if len(lines) != 3 {
		t.Fatalf("printed %q", lines)
	}
	port := regexp.MustCompile(`\(port (\d+)\)`).FindStringSubmatch(lines[0])
	if port == nil {
		t.Fatalf("no port in %q", lines[0])
	}
	want := []string{"  log in: ssh -p " + port[1] + " -o HostKeyAlgorithms=+ssh-rsa admin@127.0.0.1", "  password: ixpush-admin"}
	if diff := cmp.Diff(want, lines[1:]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
