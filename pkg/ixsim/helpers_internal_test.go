package ixsim

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
	"golang.org/x/crypto/ssh"
)

var (
	testKeyOnce sync.Once
	testKey     ssh.Signer
)

func cachedKey(t testing.TB) ssh.Signer {
	t.Helper()
	testKeyOnce.Do(func() {
		k, err := GenerateHostKey()
		if err != nil {
			panic(err)
		}
		testKey = k
	})
	return testKey
}

var testNow = time.Date(2024, 5, 26, 7, 8, 0, 0, time.UTC)

func newTestSim(t testing.TB, opts ...Option) *Sim {
	t.Helper()
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	all := append([]Option{WithHostKey(cachedKey(t)), WithClock(func() time.Time { return testNow })}, opts...)
	s, err := New(sc, all...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testSession is an admin session in operation mode with no transport: the
// engine without SSH.
func testSession(s *Sim) *cli {
	c := &cli{sim: s, user: "admin", admin: true, term: newTerminal(strings.NewReader(""), io.Discard)}
	s.addSession(c)
	return c
}

// typeLines executes each line and returns every output line.
func (c *cli) typeLines(lines ...string) []string {
	var out []string
	for _, l := range lines {
		c.execute(l)
		out = append(out, c.out...)
	}
	return out
}

// body is the running-config without its header.
func (s *Sim) body() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renderBody()
}
