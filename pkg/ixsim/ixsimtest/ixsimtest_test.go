package ixsimtest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"golang.org/x/crypto/ssh"
)

func TestStartServesSeedOnLoopback(t *testing.T) {
	r := ixsimtest.Start(t)
	if !strings.HasPrefix(r.Addr, "127.0.0.1:") || r.User != "admin" || r.Password != "ixpush-admin" {
		t.Fatalf("router %+v", r)
	}
	conf := &ssh.ClientConfig{
		User:            r.User,
		Auth:            []ssh.AuthMethod{ssh.Password(r.Password)},
		HostKeyCallback: ssh.FixedHostKey(r.HostKey),
		Config:          ssh.Config{KeyExchanges: []string{ssh.KeyExchangeDHGEXSHA256}},
		Timeout:         10 * time.Second,
	}
	c, err := ssh.Dial("tcp", r.Addr, conf)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestWithScenarioAndOptions(t *testing.T) {
	r := ixsimtest.Start(t, ixsimtest.WithScenario(t, "udp-only"), ixsim.WithFlatShow())
	if got := r.Sim.Scenario().Name; got != "udp-only" {
		t.Errorf("scenario %q", got)
	}
}

func TestHostKeyCanBePinned(t *testing.T) {
	k, err := ixsim.GenerateHostKey()
	if err != nil {
		t.Fatal(err)
	}
	r := ixsimtest.Start(t, ixsim.WithHostKey(k))
	if ssh.FingerprintSHA256(r.HostKey) != ssh.FingerprintSHA256(k.PublicKey()) {
		t.Error("WithHostKey ignored")
	}
}
