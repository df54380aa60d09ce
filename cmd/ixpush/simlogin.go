package main

import (
	"fmt"
	"io"
	"net"

	"github.com/ixpush/ixpush/pkg/ixsim"
)

// withLogin is the text form of a simulated router for a person: the
// endpoint line, then an OpenSSH command to paste and the password to type.
// The IX signs its host key with ssh-rsa (SHA-1), which OpenSSH no longer
// offers by default, hence the -o.
func withLogin(e ixsim.Endpoint) func(io.Writer) error {
	return func(w io.Writer) error {
		if err := e.WriteText(w); err != nil {
			return err
		}
		host, port, err := net.SplitHostPort(e.Addr)
		if err != nil {
			return fmt.Errorf("router %d: address %q: %w", e.Router, e.Addr, err)
		}
		_, err = fmt.Fprintf(w, "  log in: ssh -p %s -o HostKeyAlgorithms=+ssh-rsa %s@%s\n  password: %s\n", port, e.User, host, e.Password)
		return err
	}
}
