package ixsim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// ServeTerminal boots a router from sc and runs one CLI session for user on
// in/out, as an OpenSSH ForceCommand does with its stdin and stdout. A user
// the scenario lacks is a *UserError, found before anything is read. When in
// is a terminal it is put in raw mode for the session and restored after:
// under sshd with a pty it is in cooked mode, which would echo and translate
// line ends itself, and the router does both. Logout, end of input, a drop
// fault and the end of ctx all return nil.
func ServeTerminal(ctx context.Context, sc *scenario.Scenario, user string, in io.Reader, out io.Writer, opts ...Option) error {
	s, err := New(sc, opts...)
	if err != nil {
		return err
	}
	if _, ok := s.user(user); !ok {
		return &UserError{User: user, Scenario: s.sc.Name}
	}
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		old, err := term.MakeRaw(int(f.Fd()))
		if err != nil {
			return fmt.Errorf("stdin raw mode: %w", err)
		}
		defer term.Restore(int(f.Fd()), old)
	}
	err = s.ServeStdio(ctx, user, in, out)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
