package ixsim_test

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"golang.org/x/crypto/ssh"
)

// clientConfig is what a client needs for the IX's algorithm set: the
// group-exchange kex is not in Go's client defaults.
func clientConfig(user string, auth ssh.AuthMethod, hostKey ssh.PublicKey) *ssh.ClientConfig {
	return &ssh.ClientConfig{
		User:            user,
		Auth:            []ssh.AuthMethod{auth},
		HostKeyCallback: ssh.FixedHostKey(hostKey),
		Config:          ssh.Config{KeyExchanges: []string{ssh.KeyExchangeDHGEXSHA256}},
		Timeout:         10 * time.Second,
	}
}

// syncBuffer collects session output for the test to match against.
type syncBuffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	wake chan struct{}
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	select {
	case b.wake <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// term is an interactive pty + shell session on a simulated router.
type term struct {
	t       testing.TB
	client  *ssh.Client
	sess    *ssh.Session
	stdin   io.WriteCloser
	out     *syncBuffer
	mark    int // output before mark was consumed by expect
	waitErr chan error
}

var promptRE = regexp.MustCompile(`[A-Za-z0-9._-]+(\([^)]*\))?[#%] $`)

func dialAs(t testing.TB, r *ixsimtest.Router, user, password string) *term {
	t.Helper()
	client, err := ssh.Dial("tcp", r.Addr, clientConfig(user, ssh.Password(password), r.HostKey))
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	if err := sess.RequestPty("vt100", 24, 200, ssh.TerminalModes{}); err != nil {
		t.Fatalf("pty: %v", err)
	}
	out := &syncBuffer{wake: make(chan struct{}, 1)}
	sess.Stdout = out
	sess.Stderr = out
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	tm := &term{t: t, client: client, sess: sess, stdin: stdin, out: out, waitErr: make(chan error, 1)}
	go func() { tm.waitErr <- sess.Wait() }()
	t.Cleanup(func() { client.Close() })
	return tm
}

func dial(t testing.TB, r *ixsimtest.Router) *term {
	t.Helper()
	tm := dialAs(t, r, r.User, r.Password)
	tm.expect(promptRE)
	return tm
}

// expect waits until the unconsumed output matches re and consumes it up to
// the end of the match.
func (tm *term) expect(re *regexp.Regexp) string {
	tm.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		s := tm.out.String()[tm.mark:]
		if loc := re.FindStringIndex(s); loc != nil {
			tm.mark += loc[1]
			return s[:loc[1]]
		}
		select {
		case <-tm.out.wake:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			tm.t.Fatalf("timeout waiting for %q; have %q", re, s)
		}
	}
}

// send writes raw bytes.
func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.stdin, s); err != nil {
		tm.t.Fatalf("send %q: %v", s, err)
	}
}

// cmd types line, waits for the next prompt and returns what came between
// the echoed line and the prompt, CRLF kept, plus the prompt.
func (tm *term) cmd(line string) (output, prompt string) {
	tm.t.Helper()
	tm.send(line + "\r")
	got := tm.expect(promptRE)
	echo := echoRE(line).FindStringIndex(got)
	if echo == nil || echo[0] != 0 {
		tm.t.Fatalf("no echo of %q in %q", line, got)
	}
	rest := got[echo[1]:]
	loc := promptRE.FindStringIndex(rest)
	return rest[:loc[0]], rest[loc[0]:]
}

// echoRE matches line as the router echoes it: wrapped rows continue after
// CRLF and indentation, and the echo ends with CRLF.
func echoRE(line string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i, r := range line {
		if i > 0 {
			b.WriteString(`(?:\r\n *)?`)
		}
		b.WriteString(regexp.QuoteMeta(string(r)))
	}
	b.WriteString(`\r\n`)
	return regexp.MustCompile(b.String())
}

// lines splits output into lines without CR.
func lines(s string) []string {
	s = strings.TrimSuffix(s, "\r\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\r\n")
}

// closed waits for the session to end and returns its Wait error.
func (tm *term) closed() error {
	tm.t.Helper()
	select {
	case err := <-tm.waitErr:
		return err
	case <-time.After(10 * time.Second):
		tm.t.Fatal("session did not close")
		return nil
	}
}

func readSeedFinal(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/seed-final.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// clock is a clock tests move by hand (ixsim.WithClock).
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2024, 5, 26, 7, 8, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
