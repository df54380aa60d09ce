package session

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// authMethods builds the methods to offer, in ssh(1)'s order: public keys
// (agent, then files), password, keyboard-interactive. The returned closer
// releases the agent connection.
func authMethods(o *dialOptions, t target) ([]ssh.AuthMethod, func(), error) {
	var signers []ssh.Signer
	closeAgent := func() {}
	sock := o.agentSocket
	if sock == "" {
		sock = os.Getenv("SSH_AUTH_SOCK")
	}
	if o.agent && sock != "" {
		conn, err := net.Dial("unix", sock)
		if err != nil {
			if o.agentSocket != "" {
				return nil, nil, fmt.Errorf("%w: ssh-agent at %s: %v", ErrConfig, sock, err)
			}
			// A stale SSH_AUTH_SOCK should not stop password logins.
		} else {
			closeAgent = func() { conn.Close() }
			ag := agent.NewClient(conn)
			if s, err := ag.Signers(); err == nil {
				signers = append(signers, s...)
			}
		}
	}
	for _, p := range o.keyFiles {
		s, err := loadKey(p, o)
		if err != nil {
			closeAgent()
			return nil, nil, err
		}
		signers = append(signers, s)
	}
	for _, p := range t.identityFiles {
		s, err := loadKey(p, o)
		if errors.Is(err, fs.ErrNotExist) {
			continue // ssh(1) also skips IdentityFile entries that do not exist
		}
		if err != nil {
			closeAgent()
			return nil, nil, err
		}
		signers = append(signers, s)
	}
	var methods []ssh.AuthMethod
	if len(signers) > 0 {
		methods = append(methods, ssh.PublicKeys(signers...))
	}
	if o.hasPassword {
		pw := o.password
		methods = append(methods,
			ssh.Password(pw),
			ssh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
				answers := make([]string, len(questions))
				for i := range answers {
					answers[i] = pw
				}
				return answers, nil
			}))
	}
	if len(methods) == 0 && o.hop {
		closeAgent()
		return nil, nil, fmt.Errorf("%w: no key for bastion %s: bastions authenticate with a key file (IdentityFile) or ssh-agent, never with the target's password", ErrAuth, t.alias)
	}
	if len(methods) == 0 {
		closeAgent()
		return nil, nil, fmt.Errorf("%w: no way to authenticate to %s: give a password, a key file or run ssh-agent", ErrAuth, t.alias)
	}
	return methods, closeAgent, nil
}

// loadKey reads a private key, asking for its passphrase from the
// environment variable, then the prompt, when it is encrypted.
func loadKey(path string, o *dialOptions) (ssh.Signer, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: key file %s: %w", ErrConfig, path, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("%w: key file %s: %v", ErrConfig, path, err)
	}
	s, err := ssh.ParsePrivateKey(pem)
	var missing *ssh.PassphraseMissingError
	if !errors.As(err, &missing) {
		if err != nil {
			return nil, fmt.Errorf("%w: key file %s: %v", ErrConfig, path, err)
		}
		return s, nil
	}
	var pass []byte
	v, ok := os.LookupEnv(o.passphraseEnv)
	switch {
	case ok && o.passphraseEnv != "":
		pass = []byte(v)
	case o.passphrase != nil:
		if pass, err = o.passphrase(path); err != nil {
			return nil, fmt.Errorf("%w: passphrase for %s: %v", ErrConfig, path, err)
		}
	case o.passphraseEnv != "":
		return nil, fmt.Errorf("%w: key file %s is encrypted: %s is not set and no passphrase prompt was given", ErrConfig, path, o.passphraseEnv)
	default:
		return nil, fmt.Errorf("%w: key file %s is encrypted and no passphrase source was given (WithPassphraseEnv or WithPassphrasePrompt)", ErrConfig, path)
	}
	s, err = ssh.ParsePrivateKeyWithPassphrase(pem, pass)
	if err != nil {
		return nil, fmt.Errorf("%w: key file %s: wrong passphrase or damaged key: %v", ErrConfig, path, err)
	}
	return s, nil
}
