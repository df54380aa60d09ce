package ixsim

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/ssh"
)

func TestLoadOrCreateHostKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "host_rsa")
	k1, err := LoadOrCreateHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	k2, err := LoadOrCreateHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if ssh.FingerprintSHA256(k1.PublicKey()) != ssh.FingerprintSHA256(k2.PublicKey()) {
		t.Error("reloaded key differs")
	}
	if k2.PublicKey().Type() != ssh.KeyAlgoRSA {
		t.Errorf("key type %s", k2.PublicKey().Type())
	}
	bad := filepath.Join(t.TempDir(), "bad")
	os.WriteFile(bad, []byte("not a key"), 0o600)
	if _, err := LoadOrCreateHostKey(bad); err == nil {
		t.Error("garbage key file accepted")
	}
}

func TestNewFleetSharesKeyNotState(t *testing.T) {
	sims, err := NewFleet(newTestSim(t).sc, 3, WithHostKey(cachedKey(t)))
	if err != nil {
		t.Fatal(err)
	}
	c := testSession(sims[0])
	c.typeLines("configure", "hostname other")
	if sims[1].hostname() != "R10" || sims[0].hostname() != "other" {
		t.Errorf("routers share state: %s %s", sims[0].hostname(), sims[1].hostname())
	}
	if sims[0].HostKeyFingerprint() != sims[2].HostKeyFingerprint() {
		t.Error("fleet keys differ")
	}
	if _, err := NewFleet(sims[0].sc, 0); err == nil {
		t.Error("empty fleet accepted")
	}
}
