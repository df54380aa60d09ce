package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// PasswordCommandTimeout bounds router.password_command: a secret manager
// that hangs (a prompt nobody answers, a network outage) must not hold a
// scheduled verify.
const PasswordCommandTimeout = 30 * time.Second

// passwordCommands runs each distinct password_command once per process: a
// fleet whose defaults name one vault lookup asks the vault once, not once
// per router.
var passwordCommands sync.Map // command -> func() (string, error)

// commandPassword runs router.password_command with /bin/sh and takes its
// standard output, less trailing newlines, as the password. Neither the
// command line (it may carry a token) nor any of its output is ever put in
// an error: the command's own stderr goes nowhere, and a failure says how
// to see it.
func (s *Site) commandPassword() (string, error) {
	cmdline := s.Router.PasswordCommand
	bad := func(reason string) error {
		// Value is deliberately not the command line.
		return &FieldError{Field: "router.password_command", Value: "(command not shown)", Reason: reason}
	}
	once, _ := passwordCommands.LoadOrStore(cmdline, sync.OnceValues(func() (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), PasswordCommandTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "/bin/sh", "-c", cmdline)
		var out bytes.Buffer
		cmd.Stdout = &out
		cmd.WaitDelay = time.Second // a child holding stdout open must not outlive the bound
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case ctx.Err() != nil:
			return "", fmt.Errorf("no answer in %s; run the command yourself to see why", PasswordCommandTimeout)
		case errors.As(err, &ee):
			return "", fmt.Errorf("exited with status %d; run the command yourself to see why", ee.ExitCode())
		case err != nil:
			return "", errors.New("could not be started; check /bin/sh and the command")
		}
		return strings.TrimRight(out.String(), "\r\n"), nil
	}))
	v, err := once.(func() (string, error))()
	switch {
	case err != nil:
		return "", bad(err.Error())
	case v == "":
		return "", bad("printed nothing on standard output")
	}
	return v, nil
}
