package ixcli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/session"
)

// Option configures a Client.
type Option func(*options)

type options struct {
	force     bool
	pipelined bool
	width     int
	notices   []*regexp.Regexp
	log       logrus.FieldLogger
	shellOpts []session.ShellOption
	command   time.Duration
}

// WithForceConfig takes configuration mode with svintr-config when another
// session holds it (administrators only; the other session is dropped).
func WithForceConfig(on bool) Option { return func(o *options) { o.force = on } }

// WithPipelining turns stanza pipelining on (default) or off (one line at
// a time).
func WithPipelining(on bool) Option { return func(o *options) { o.pipelined = on } }

// WithTerminalWidth sets the width Prepare asks for (default
// dialect.DefaultTerminalWidth, the largest the IX accepts).
func WithTerminalWidth(cols int) Option { return func(o *options) { o.width = cols } }

// WithNotices adds patterns of '%' lines that are notices, not errors.
func WithNotices(res ...*regexp.Regexp) Option {
	return func(o *options) { o.notices = append(o.notices, res...) }
}

// WithLogger receives warnings (e.g. a fallback to synchronous mode).
func WithLogger(l logrus.FieldLogger) Option { return func(o *options) { o.log = l } }

// WithShellOptions passes options to session.Conn.Shell (transcript,
// typeahead stall...). The prompt and pager are always the IX's.
func WithShellOptions(opts ...session.ShellOption) Option {
	return func(o *options) { o.shellOpts = append(o.shellOpts, opts...) }
}

// Client drives one IX router CLI session.
type Client struct {
	conn      *session.Conn
	sh        *session.Shell
	o         options
	prompt    dialect.Prompt
	banner    string
	pipelined bool
	typeahead bool // false once the router lost typed-ahead input, or when pipelining was turned off
	// pagerOff is true once a reply of a page or more came without a
	// pager prompt: only then can shows be typed ahead, since a pager
	// reads keystrokes and would eat the next command.
	pagerOff bool
	// held: Prepare entered configuration mode, so a prompt outside it
	// means another session took the mode (modeLost says where).
	held     bool
	modeLost *ModeLostError
	// configBytes is the largest configuration read so far: the slow
	// commands' timeouts grow with it (commandTimeout).
	configBytes int
}

// Response is the router's answer to one command line.
type Response struct {
	Input   string
	Output  string
	Prompt  string
	Elapsed time.Duration
	Err     *CommandError // nil when the router printed no error
}

// Open starts a shell on conn and waits for the first prompt. Close closes
// conn too.
func Open(ctx context.Context, conn *session.Conn, opts ...Option) (*Client, error) {
	o := options{pipelined: true, width: dialect.DefaultTerminalWidth, command: DefaultCommandTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	if o.command <= 0 {
		return nil, fmt.Errorf("%w: command timeout must be positive, got %v", ErrBadLine, o.command)
	}
	if o.width < dialect.MinTerminalWidth || o.width > dialect.MaxTerminalWidth {
		return nil, fmt.Errorf("%w: terminal width %d outside %d-%d", ErrBadLine, o.width, dialect.MinTerminalWidth, dialect.MaxTerminalWidth)
	}
	if o.log == nil {
		l := logrus.New()
		l.Out = io.Discard
		o.log = l
	}
	c := &Client{conn: conn, o: o, pipelined: o.pipelined, typeahead: o.pipelined}
	shOpts := append(append([]session.ShellOption{}, o.shellOpts...),
		session.WithPrompt(dialect.PromptPattern),
		session.WithPager(dialect.PagerPattern, dialect.PagerReply),
		session.WithRedactor(dialect.Mask, dialect.Redact),
		session.WithCommandTimeout(c.commandTimeout))
	sh, err := conn.Shell(ctx, shOpts...)
	if err != nil {
		return nil, err
	}
	c.sh = sh
	r, err := sh.WaitPrompt(ctx)
	if err != nil {
		sh.Close()
		return nil, err
	}
	c.banner = r.Output
	p, ok := dialect.ParsePrompt(r.Prompt)
	if !ok {
		sh.Close()
		return nil, fmt.Errorf("%w: %s: first prompt %q", ErrUnexpectedPrompt, conn.Host(), r.Prompt)
	}
	c.prompt = p
	return c, nil
}

// Banner is what the router printed before its first prompt.
func (c *Client) Banner() string { return c.banner }

// Prompt is the last prompt seen.
func (c *Client) Prompt() dialect.Prompt { return c.prompt }

// Mode is the mode the last prompt shows.
func (c *Client) Mode() dialect.ModeName { return dialect.ModeOf(c.prompt.Tag) }

// Admin reports whether the user is an administrator ('#' prompt).
func (c *Client) Admin() bool { return c.prompt.Admin }

// Pipelining reports whether Configure sends whole stanzas per write; it
// turns off by itself when the router loses typed-ahead input.
func (c *Client) Pipelining() bool { return c.pipelined }

// Shell exposes the underlying session (transcripts, raw exchanges).
func (c *Client) Shell() *session.Shell { return c.sh }

// Prepare enters configuration mode, where the IX runs everything ixpush
// needs (§5), and turns off paging and echo wrapping. It also checks that
// the router keeps typed-ahead input, and falls back to one line at a time
// when it does not. While pipelining, the terminal lines ride behind
// "configure" in the same write (one round trip); if "configure" is
// refused they fail harmlessly in operation mode.
func (c *Client) Prepare(ctx context.Context) error {
	if err := c.prepare(ctx); err != nil {
		return err
	}
	c.held, c.modeLost = true, nil
	return nil
}

func (c *Client) prepare(ctx context.Context) error {
	if !c.prompt.Admin {
		return fmt.Errorf("%w: %s logged %s in with a %q prompt: configuring needs an administrator account",
			ErrNotAdmin, c.conn.Host(), c.conn.User(), c.prompt.String())
	}
	setup := dialect.OnOpen(c.o.width)
	if c.prompt.InGlobalConfig() {
		rs, err := c.runLines(ctx, setup)
		if err != nil {
			return err
		}
		return c.checkSetup(rs)
	}
	if !c.pipelined {
		r, err := c.exchange(ctx, dialect.CmdConfigure)
		if err != nil {
			return err
		}
		return c.entered(ctx, r)
	}
	rs, err := c.runLines(ctx, append([]string{dialect.CmdConfigure}, setup...))
	if len(rs) > 0 {
		if p, _ := dialect.ParsePrompt(rs[0].Prompt); rs[0].Err != nil || !p.InGlobalConfig() {
			return c.entered(ctx, rs[0])
		}
	}
	if err != nil {
		return err
	}
	return c.checkSetup(rs[1:])
}

// entered judges the answer to "configure": the lock held elsewhere is
// ErrConfigLocked unless forcing; once in, Prepare sets up the terminal.
func (c *Client) entered(ctx context.Context, r Response) error {
	if r.Err != nil && r.Err.Kind == dialect.ErrOccupied {
		if !c.o.force {
			return fmt.Errorf("%w: %s said %q; wait for it to finish and retry",
				ErrConfigLocked, c.conn.Host(), r.Err.Line)
		}
		c.o.log.WithField("host", c.conn.Host()).Warnf("configuration mode is held by another session: taking it with %s", dialect.CmdForceConfig)
		var err error
		if r, err = c.exchange(ctx, dialect.CmdForceConfig); err != nil {
			return err
		}
	}
	if r.Err != nil {
		return fmt.Errorf("%s: entering configuration mode: %w", c.conn.Host(), r.Err)
	}
	if !c.prompt.InGlobalConfig() {
		return fmt.Errorf("%w: %s: after %q the prompt is %q, not global configuration", ErrUnexpectedPrompt, c.conn.Host(), r.Input, r.Prompt)
	}
	return c.prepare(ctx)
}

// checkSetup judges the terminal lines. They are conveniences (the
// session answers the pager and matches wrapped echoes) and only reported
// to exist (ix-cli.md §2): a router that refuses one gets a warning, not a
// failed push. Leaving configuration mode is fatal.
func (c *Client) checkSetup(rs []Response) error {
	for _, r := range rs {
		if p, _ := dialect.ParsePrompt(r.Prompt); !p.InGlobalConfig() {
			return &ModeLostError{Host: c.conn.Host(), Input: r.Input, Prompt: r.Prompt}
		}
		if r.Err != nil {
			c.o.log.WithField("host", c.conn.Host()).WithField("router", r.Err.Line).
				Warnf("the router refused %q: carrying on with its defaults (paged output, echoes wrapped at 80 columns)", r.Input)
		}
	}
	return nil
}

// runLines sends lines in one write while pipelining (falling back, and
// resending what was dropped, when the router loses typed-ahead input),
// otherwise one per write.
func (c *Client) runLines(ctx context.Context, lines []string) ([]Response, error) {
	if !c.pipelined {
		return c.syncRest(ctx, lines, nil)
	}
	rs, err := c.pipeline(ctx, lines)
	if errors.Is(err, session.ErrTypeahead) {
		c.fallback(err)
		return c.syncRest(ctx, lines, rs)
	}
	return rs, err
}

// syncRest runs the lines not answered in done, one at a time.
func (c *Client) syncRest(ctx context.Context, lines []string, done []Response) ([]Response, error) {
	for _, l := range lines[len(done):] {
		r, err := c.exchange(ctx, l)
		if err != nil {
			return done, err
		}
		done = append(done, r)
	}
	return done, nil
}

func (c *Client) fallback(err error) {
	if !c.typeahead {
		return
	}
	c.pipelined, c.typeahead = false, false
	c.o.log.WithField("host", c.conn.Host()).WithError(err).
		Warn("the router lost or reordered typed-ahead input: sending one line at a time from now on")
}

// Run sends one command line and returns the router's answer; an error
// message from the router is Response.Err, not the error, which is for
// transport failures.
func (c *Client) Run(ctx context.Context, cmd string) (Response, error) {
	if err := checkCommand(cmd); err != nil {
		return Response{Input: cmd}, err
	}
	return c.exchange(ctx, cmd)
}

// Show runs a show command and returns its output; a router error is the
// error (*CommandError, ErrDevice).
// After Prepare, a reply whose prompt is outside configuration mode is a
// *ModeLostError (ErrModeLost), whatever the router printed: a config-only
// show answers "Invalid command" there.
func (c *Client) Show(ctx context.Context, cmd string) (string, error) {
	if err := c.checkMode(cmd); err != nil {
		return "", err
	}
	r, err := c.Run(ctx, cmd)
	if err != nil {
		return "", err
	}
	if err := c.checkHeld(r); err != nil {
		return "", err
	}
	if r.Err != nil {
		return "", r.Err
	}
	c.noteConfig(cmd, r.Output)
	return r.Output, nil
}

// RunningConfig returns `show running-config`, which the IX only runs in
// configuration mode.
func (c *Client) RunningConfig(ctx context.Context) (string, error) {
	return c.Show(ctx, dialect.ShowRunningConfig.Command)
}

// Save writes running-config to startup-config (`write memory`). Call it
// only once the change is verified: the IX has no other rollback. A
// *ModeLostError means the router refused it in operation mode: nothing
// was saved.
func (c *Client) Save(ctx context.Context) error {
	if err := c.needConfig(); err != nil {
		return err
	}
	r, err := c.exchange(ctx, dialect.CmdSave)
	if err != nil {
		return err
	}
	if err := c.checkHeld(r); err != nil {
		return err
	}
	if r.Err != nil {
		return fmt.Errorf("%s: saving: %w", c.conn.Host(), r.Err)
	}
	return nil
}

// Close leaves configuration mode, so the lock is freed at once, logs out
// and closes the connection. Routers close without an exit status; that
// counts as clean.
func (c *Client) Close(ctx context.Context) error {
	defer c.conn.Close()
	defer c.sh.Close()
	for i := 0; c.prompt.Tag != "" && i < 8; i++ {
		before := c.prompt
		if _, err := c.exchange(ctx, dialect.CmdExit); err != nil {
			if errors.Is(err, session.ErrClosed) {
				// Another session's svintr-config had dropped this one to
				// operation mode, where "exit" logs out: the lock is not
				// ours and the session is over, which is all Close wants.
				c.o.log.WithField("host", c.conn.Host()).WithError(err).
					Info("the router ended the session at \"exit\" (configuration mode had been taken over, or the link dropped)")
				return nil
			}
			return fmt.Errorf("%s: leaving configuration mode: %w", c.conn.Host(), err)
		}
		if c.prompt == before {
			return fmt.Errorf("%w: %s: \"exit\" left the prompt at %q", ErrUnexpectedPrompt, c.conn.Host(), c.prompt.String())
		}
	}
	// The logout is one more reply (the router closing the session): it
	// gets the command timeout like any other, not whatever the caller's
	// close budget is, so a router that stopped answering costs no more
	// here than anywhere else.
	lctx, cancel := context.WithTimeout(ctx, c.commandTimeout(dialect.CmdExit))
	defer cancel()
	if err := c.sh.Logout(lctx, dialect.CmdExit); err != nil {
		return fmt.Errorf("%s: logging out: %w", c.conn.Host(), err)
	}
	return nil
}

// exchange sends one line and records the prompt it leaves.
func (c *Client) exchange(ctx context.Context, line string) (Response, error) {
	r, err := c.sh.Exchange(ctx, line)
	if err != nil {
		return Response{Input: line, Output: r.Output}, err
	}
	return c.response(r)
}

func (c *Client) pipeline(ctx context.Context, lines []string) ([]Response, error) {
	rs, err := c.sh.Pipeline(ctx, lines)
	out := make([]Response, 0, len(rs))
	for _, r := range rs {
		resp, perr := c.response(r)
		if perr != nil {
			return out, perr
		}
		out = append(out, resp)
	}
	return out, err
}

func (c *Client) response(r session.Reply) (Response, error) {
	p, ok := dialect.ParsePrompt(r.Prompt)
	if !ok {
		return Response{}, fmt.Errorf("%w: %s: %q", ErrUnexpectedPrompt, c.conn.Host(), r.Prompt)
	}
	c.prompt = p
	return Response{Input: r.Input, Output: r.Output, Prompt: r.Prompt, Elapsed: r.Elapsed,
		Err: classify(r.Input, r.Output, c.o.notices)}, nil
}

// checkCommand refuses what the IX would not take as one plain line.
func checkCommand(cmd string) error {
	switch {
	case strings.TrimSpace(cmd) == "":
		return fmt.Errorf("%w: empty command", ErrBadLine)
	case strings.ContainsAny(cmd, "\r\n"):
		return fmt.Errorf("%w: %q holds a line break", ErrBadLine, dialect.Redact(cmd))
	case strings.Contains(cmd, "?"):
		// '?' asks for help and re-displays the line instead of running it.
		return fmt.Errorf("%w: %q contains '?', which the IX treats as a help request", ErrBadLine, dialect.Redact(cmd))
	}
	for _, r := range cmd {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%w: %q holds control character %q", ErrBadLine, dialect.Redact(cmd), r)
		}
	}
	return nil
}

// ShowAll runs several show commands in one write (when pipelining) and
// returns their outputs in order; the first router error stops it.
func (c *Client) ShowAll(ctx context.Context, cmds ...string) ([]string, error) {
	for _, cmd := range cmds {
		if err := checkCommand(cmd); err != nil {
			return nil, err
		}
		if err := c.checkMode(cmd); err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(cmds))
	// Until the router has shown it does not page (terminal length 0 may
	// be ignored), read one show at a time: a long reply proves it.
	for len(out) < len(cmds)-1 && c.pipelined && !c.pagerOff {
		before := c.sh.PagerAnswers()
		r, err := c.exchange(ctx, cmds[len(out)])
		if err != nil {
			return out, err
		}
		if err := c.checkHeld(r); err != nil {
			return out, err
		}
		if r.Err != nil {
			return out, r.Err
		}
		c.notePager(before, r.Output)
		c.noteConfig(r.Input, r.Output)
		out = append(out, r.Output)
	}
	rs, err := c.runLines(ctx, cmds[len(out):])
	for _, r := range rs {
		if err := c.checkHeld(r); err != nil {
			return out, err
		}
		if r.Err != nil {
			return out, r.Err
		}
		c.noteConfig(r.Input, r.Output)
		out = append(out, r.Output)
	}
	return out, err
}

// notePager learns from one synchronous reply whether the router pages:
// a pager prompt turns typing ahead off for good, a full page without one
// allows it.
func (c *Client) notePager(before int, output string) {
	switch {
	case c.sh.PagerAnswers() > before:
		if c.pipelined {
			c.pipelined = false
			c.o.log.WithField("host", c.conn.Host()).
				Warn("the router pages output although terminal length 0 was set: sending one line at a time from now on")
		}
	case strings.Count(output, "\n")+1 >= dialect.PageLines:
		c.pagerOff = true
	}
}
