package session

import (
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// TestKnownHostsParsedOnce: many dials against one file parse it once; a
// change to the file is seen at the next dial.
func TestKnownHostsParsedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "known_hosts")
	key := func() ssh.PublicKey {
		pub, _, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		k, err := ssh.NewPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k1, k2 := key(), key()
	write := func(lines ...string) {
		var b []byte
		for _, l := range lines {
			b = append(b, l+"\n"...)
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(knownhosts.Line([]string{"[r1]:22"}, k1))
	addr := &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 22}
	before := knownHostsFiles.parses
	for range 50 {
		h := &hostKeys{path: path}
		if err := h.callback()("r1:22", addr, k1); err != nil {
			t.Fatalf("r1's recorded key rejected: %v", err)
		}
	}
	if n := knownHostsFiles.parses - before; n != 1 {
		t.Errorf("50 dials parsed the file %d times, want 1", n)
	}
	// Another process rewrites the file: the next dial sees it.
	write(knownhosts.Line([]string{"[r1]:22"}, k1), knownhosts.Line([]string{"[r2]:22"}, k2))
	future := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, future, future); err != nil {
		t.Fatal(err)
	}
	if err := (&hostKeys{path: path}).callback()("r2:22", addr, k2); err != nil {
		t.Errorf("r2 added to the file but rejected: %v", err)
	}
}
