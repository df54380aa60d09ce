package ixsim_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
	"golang.org/x/crypto/ssh"
)

// The OpenSSH client logs in with a key (there is no sshpass here), needs
// +ssh-rsa for the IX's host key, and exits 255: no exit status (§9).
func TestOpenSSHClient(t *testing.T) {
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("no OpenSSH client")
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	r := ixsimtest.Start(t, ixsim.WithUser("netops", "", true, string(ssh.MarshalAuthorizedKey(sshPub))))
	host, port, _ := net.SplitHostPort(r.Addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sshBin, "-tt", "-F", "/dev/null", "-i", keyFile, "-p", port,
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "HostKeyAlgorithms=+ssh-rsa",
		"-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "netops@"+host)
	cmd.Stdin = strings.NewReader("configure\rshow ike sa\rexit\rexit\r")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 255 {
		t.Errorf("ssh: %v, want exit status 255\n%s", err, out)
	}
	for _, want := range []string{"NEC Portable Internetwork Core", "R10# configure\r\n", "R10(config)# show ike sa\r\nISAKMP SA - 0 configured, 0 created\r\n", "R10# exit\r\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("want %q in\n%q", want, out)
		}
	}
}
