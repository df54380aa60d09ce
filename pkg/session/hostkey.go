package session

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// hostKeys checks server keys against one known_hosts file. It never
// accepts a key known_hosts contradicts; an unknown key is accepted (and
// recorded) only with WithAcceptNewHostKey.
type hostKeys struct {
	path      string
	acceptNew bool
	mu        sync.Mutex
}

func (h *hostKeys) load() (ssh.HostKeyCallback, error) {
	if h.path == "" {
		return nil, fmt.Errorf("%w: no known_hosts file (set one with WithKnownHosts)", ErrConfig)
	}
	if _, err := os.Stat(h.path); errors.Is(err, fs.ErrNotExist) {
		return func(string, net.Addr, ssh.PublicKey) error { return &knownhosts.KeyError{} }, nil
	}
	return knownHostsFiles.callback(h.path)
}

// algorithms returns the host key algorithms to offer for hostport: those of
// the keys known_hosts holds for it, so that a server with several keys
// presents the one on record instead of failing as "changed". With no
// entry, nil (the defaults).
func (h *hostKeys) algorithms(hostport string) ([]string, error) {
	cb, err := h.load()
	if err != nil {
		return nil, err
	}
	var ke *knownhosts.KeyError
	if !errors.As(cb(hostport, probeAddr(hostport), probeKey()), &ke) {
		return nil, nil
	}
	var algos []string
	for _, k := range ke.Want {
		switch t := k.Key.Type(); t {
		case ssh.KeyAlgoRSA:
			algos = append(algos, ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA)
		default:
			algos = append(algos, t)
		}
	}
	return algos, nil
}

func (h *hostKeys) callback() ssh.HostKeyCallback {
	return func(hostname string, remote net.Addr, key ssh.PublicKey) error {
		cb, err := h.load()
		if err != nil {
			return err
		}
		err = cb(hostname, remote, key)
		if err == nil {
			return nil
		}
		herr := &HostKeyError{
			Host:        hostname,
			KeyType:     key.Type(),
			Fingerprint: ssh.FingerprintSHA256(key),
			KnownHosts:  h.path,
		}
		var ke *knownhosts.KeyError
		var re *knownhosts.RevokedError
		switch {
		case errors.As(err, &re):
			herr.kind = ErrHostKeyChanged
			herr.Known = []string{fmt.Sprintf("it as REVOKED (%s:%d)", re.Revoked.Filename, re.Revoked.Line)}
			return herr
		case errors.As(err, &ke) && len(ke.Want) > 0:
			herr.kind = ErrHostKeyChanged
			for _, w := range ke.Want {
				herr.Known = append(herr.Known, fmt.Sprintf("%s %s (%s:%d)", w.Key.Type(), ssh.FingerprintSHA256(w.Key), w.Filename, w.Line))
			}
			return herr
		case errors.As(err, &ke):
			if h.acceptNew {
				return h.record(hostname, key)
			}
			herr.kind, herr.Hint = ErrHostKeyUnknown, HintAcceptNewHostKey
			return herr
		default:
			return fmt.Errorf("%w: checking host key of %s: %v", ErrConfig, hostname, err)
		}
	}
}

// record appends the key for hostname (trust on first use).
func (h *hostKeys) record(hostname string, key ssh.PublicKey) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	defer knownHostsFiles.forget(h.path)
	if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
		return fmt.Errorf("%w: recording host key: %v", ErrConfig, err)
	}
	f, err := os.OpenFile(h.path, os.O_APPEND|os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("%w: recording host key: %v", ErrConfig, err)
	}
	line := knownhosts.Line([]string{knownhosts.Normalize(hostname)}, key) + "\n"
	// A hand-edited file may lack its last newline: appending would glue
	// the new entry onto that line and spoil both.
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
			line = "\n" + line
		}
	}
	if _, err := f.WriteString(line); err != nil {
		f.Close()
		return fmt.Errorf("%w: recording host key in %s: %v", ErrConfig, h.path, err)
	}
	return f.Close()
}

// probeKey is a key no known_hosts line can hold: checking it returns every
// key on record for the host.
type probe struct{ blob []byte }

func probeKey() ssh.PublicKey {
	b := make([]byte, 32)
	rand.Read(b)
	return probe{blob: b}
}

func (p probe) Type() string                        { return "ixpush-probe" }
func (p probe) Marshal() []byte                     { return p.blob }
func (p probe) Verify([]byte, *ssh.Signature) error { return errors.New("probe key") }
func probeAddr(hostport string) net.Addr            { return &net.TCPAddr{IP: net.IPv4zero} }
