package ixsim

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/crypto/ssh"
)

// LoadOrCreateHostKey reads an RSA host key from path (PEM, as ssh-keygen
// writes it) or, when the file does not exist, generates one and writes it
// there with mode 0600, so a simulator restarted with the same file keeps
// its identity.
func LoadOrCreateHostKey(path string) (ssh.Signer, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		k, err := ssh.ParsePrivateKey(data)
		if err != nil {
			return nil, fmt.Errorf("ixsim: host key %s: %w", path, err)
		}
		if k.PublicKey().Type() != ssh.KeyAlgoRSA {
			return nil, fmt.Errorf("ixsim: host key %s is %s; the IX offers ssh-rsa only", path, k.PublicKey().Type())
		}
		return k, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("ixsim: host key: %w", err)
	}
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("ixsim: generate host key: %w", err)
	}
	k, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		return nil, fmt.Errorf("ixsim: host key: %w", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "ixsim host key")
	if err != nil {
		return nil, fmt.Errorf("ixsim: encode host key: %w", err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, fmt.Errorf("ixsim: write host key: %w", err)
	}
	return k, nil
}
