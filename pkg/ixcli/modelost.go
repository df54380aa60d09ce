package ixcli

import (
	"fmt"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// ModeLostError says configuration mode was lost after Prepare had entered
// it: a reply came back with an operation-mode prompt. On the IX that is
// another session taking the mode with svintr-config: the holder is moved
// to operation mode silently and finds out at its next line, which then
// runs there (a config-only command is refused as Invalid, a configuration
// line is not applied). It wraps ErrModeLost.
type ModeLostError struct {
	Host   string // the router, as dialled
	Input  string // the line whose prompt showed it
	Prompt string // that prompt
}

func (e *ModeLostError) Error() string {
	return fmt.Sprintf("%v on %s: after %q the prompt is %q, outside configuration mode (another session took it, e.g. with %s)",
		ErrModeLost, e.Host, dialect.Redact(e.Input), e.Prompt, dialect.CmdForceConfig)
}

func (e *ModeLostError) Unwrap() error { return ErrModeLost }

// checkHeld returns the *ModeLostError for a reply that left configuration
// mode while Prepare holds it, and remembers it; nil otherwise.
func (c *Client) checkHeld(r Response) error {
	if p, ok := dialect.ParsePrompt(r.Prompt); !c.held || !ok || p.InConfig() {
		return nil
	}
	c.modeLost = &ModeLostError{Host: c.conn.Host(), Input: r.Input, Prompt: r.Prompt}
	return c.modeLost
}

// needConfig refuses a configuration-mode operation outside it: with the
// mode lost earlier, as that loss; before Prepare, as ErrNotPrepared.
func (c *Client) needConfig() error {
	if c.prompt.InConfig() {
		return nil
	}
	if c.modeLost != nil {
		return c.modeLost
	}
	return fmt.Errorf("%w: %s prompt is %q", ErrNotPrepared, c.conn.Host(), c.prompt.String())
}

// checkMode refuses, without typing it, a show the command-mode table
// says for sure the IX runs only in configuration mode while the prompt is
// outside it: the router would only answer "Invalid command". A show
// whose config-only status is a guess is typed and the router decides.
func (c *Client) checkMode(cmd string) error {
	if m, ok := dialect.ModeOfCommand(cmd); !ok || m.OperationModeWorth() {
		return nil
	}
	return c.needConfig()
}
