package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// Reply is what the device printed for one line.
type Reply struct {
	Input   string        // the line sent
	Output  string        // lines between the echo and the prompt, "\n"-joined
	Prompt  string        // the prompt that ended the output, trailing blank trimmed
	Elapsed time.Duration // from the write (or the previous prompt) to this prompt
}

// Shell is an interactive pty shell. Its methods are safe for one caller at
// a time; concurrent calls are serialised.
type Shell struct {
	conn     *Conn
	io       stream
	o        shellOptions
	password string // the Dial password, masked like a learned secret
	p        prompts
	scr      screen
	tr       *transcript
	sec      secrets

	mu     sync.Mutex
	prompt string
	dirty  bool // a call ended before its prompt: the stream is out of step
	owed   int  // prompts still to come for lines typed by that call
	// owedLimit bounds the wait for them: the command timeouts of those
	// lines, added up.
	owedLimit time.Duration
	pagers    int // pager prompts answered so far
	// firstBy ends the connect bound on the first prompt; zero once it
	// came.
	firstBy time.Time
}

// Shell opens a session with a pty and a shell on it. WithPrompt is
// required, and WithRedactor unless secrets are revealed.
func (c *Conn) Shell(ctx context.Context, opts ...ShellOption) (*Shell, error) {
	o := defaultShellOptions()
	for _, opt := range opts {
		opt(&o)
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	by := c.shellBound()
	ctx, cancel := context.WithDeadlineCause(ctx, by, errConnectBound)
	defer cancel()
	// Opening a session has no ctx of its own: a server that stops
	// answering is cut off when the bound or the caller's ctx ends.
	stop := context.AfterFunc(ctx, func() { c.client.Close() })
	defer stop()
	sess, err := c.openShell(&o)
	if !stop() {
		if sess != nil {
			sess.sess.Close()
		}
		if errors.Is(context.Cause(ctx), errConnectBound) {
			return nil, c.connectTimeout("no shell session")
		}
		return nil, fmt.Errorf("%w: opening a shell on %s: %w", ErrTimeout, c.t.alias, context.Cause(ctx))
	}
	if err != nil {
		return nil, err
	}
	st, err := startGoexpect(sess.sess, sess.in, sess.out, o.checkDuration)
	if err != nil {
		sess.sess.Close()
		return nil, err
	}
	s := &Shell{conn: c, io: st, o: o, password: c.password, p: compilePrompts(o.prompt, o.pager), firstBy: by}
	if o.transcript != nil {
		s.tr = &transcript{w: o.transcript, now: o.now, redact: s.redact, received: s.redactReceived}
		s.scr.onLine = func(l string) { s.tr.line("<", l) }
	}
	return s, nil
}

// shellBound is when the connect bound of a new shell ends: the bound Dial
// started for the first shell, a fresh one for each later shell.
func (c *Conn) shellBound() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	by := c.connectBy
	c.connectBy = time.Time{}
	if by.IsZero() {
		by = time.Now().Add(c.connect)
	}
	return by
}

func (c *Conn) connectTimeout(what string) *TimeoutError {
	return &TimeoutError{Host: c.t.alias, Addr: c.t.addr(), What: what, Bound: "connect timeout", Limit: c.connect, Hint: HintConnectTimeout}
}

type openedShell struct {
	sess *ssh.Session
	in   io.WriteCloser
	out  io.Reader
}

// openShell opens a session channel with a pty and a shell on it.
func (c *Conn) openShell(o *shellOptions) (*openedShell, error) {
	sess, err := c.client.NewSession()
	if err != nil {
		return nil, fmt.Errorf("%w: opening a session on %s: %v", ErrClosed, c.t.alias, err)
	}
	// The device echoes and edits lines itself (as a router CLI does); a
	// kernel echo would print typed-ahead lines before their output.
	modes := ssh.TerminalModes{ssh.ECHO: 0, ssh.TTY_OP_ISPEED: 38400, ssh.TTY_OP_OSPEED: 38400}
	if err := sess.RequestPty("vt100", o.termRows, o.termCols, modes); err != nil {
		sess.Close()
		return nil, fmt.Errorf("%w: pty request on %s: %v", ErrClosed, c.t.alias, err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		sess.Close()
		return nil, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		sess.Close()
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		sess.Close()
		return nil, fmt.Errorf("%w: starting a shell on %s: %v", ErrClosed, c.t.alias, err)
	}
	return &openedShell{sess: sess, in: in, out: out}, nil
}

// WaitPrompt reads until the device shows a prompt and waits, returning what
// it printed before it (a login banner) as Output.
func (s *Shell) WaitPrompt(ctx context.Context) (Reply, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.firstBy.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadlineCause(ctx, s.firstBy, s.conn.connectTimeout("no first prompt"))
		defer cancel()
	}
	start := time.Now()
	var out []string
	for {
		st, prompt := s.scr.scanOutput(s.p, &out, nil, "")
		switch st {
		case outPrompt:
			s.prompt = strings.TrimRight(prompt, " ")
			s.firstBy = time.Time{}
			return Reply{Output: strings.Join(out, "\n"), Prompt: s.prompt, Elapsed: time.Since(start)}, nil
		case outPager:
			if err := s.answerPager(); err != nil {
				return Reply{}, err
			}
		}
		if err := s.recv(ctx, 0); err != nil {
			return Reply{Output: strings.Join(out, "\n")}, s.wrapRecv(err, "waiting for the first prompt", ctx)
		}
	}
}

// Exchange sends one line and returns what the device printed before its
// next prompt.
func (s *Shell) Exchange(ctx context.Context, line string) (Reply, error) {
	r, err := s.Pipeline(ctx, []string{line})
	if len(r) == 1 {
		return r[0], err
	}
	return Reply{Input: line}, err
}

// Pipeline types every line in one write, then matches each echo, output and
// prompt in order. It returns one Reply per line answered; on error the
// replies stop at the first line not fully answered (len(replies) is its
// index), and every later line was typed too.
func (s *Shell) Pipeline(ctx context.Context, lines []string) ([]Reply, error) {
	for i, l := range lines {
		if err := checkLine(l); err != nil {
			return nil, fmt.Errorf("line %d: %w", i, err)
		}
	}
	if len(lines) == 0 {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended() {
		return nil, fmt.Errorf("%w: %s", ErrClosed, s.conn.t.alias)
	}
	if ctx.Err() != nil {
		// A caller that gave up must not have its lines run regardless.
		return nil, fmt.Errorf("%w: %s: nothing sent: %w", CtxSentinel(ctx), s.conn.t.alias, context.Cause(ctx))
	}
	if s.dirty {
		if err := s.resync(ctx); err != nil {
			return nil, err
		}
	}
	var b strings.Builder
	for _, l := range lines {
		s.learn(l)
		b.WriteString(l)
		b.WriteString(s.o.newline)
	}
	start := time.Now()
	if err := s.io.send(b.String()); err != nil {
		return nil, fmt.Errorf("%w: writing to %s: %v", ErrClosed, s.conn.t.alias, err)
	}
	if s.tr != nil {
		for _, l := range lines {
			s.tr.line(">", l)
		}
	}
	replies := make([]Reply, 0, len(lines))
	for i, l := range lines {
		var next []byte
		if i+1 < len(lines) {
			next = nonBlank(lines[i+1])
		}
		r, complete, err := s.readReplyWithin(ctx, i, l, next)
		r.Elapsed = time.Since(start)
		if err != nil && !complete {
			// Output of this or a later line may still come: the next call
			// must first find the device waiting at a prompt again, after
			// the lines typed ahead of it have run.
			s.dirty, s.owed = true, len(lines)-i
			s.owedLimit = 0
			for _, l := range lines[i:] {
				s.owedLimit += s.commandTimeout(l)
			}
		}
		if complete {
			replies = append(replies, r)
		}
		if err != nil {
			return replies, err
		}
		start = time.Now()
	}
	return replies, nil
}

// commandTimeout is the bound on the reply to line; 0 for none.
func (s *Shell) commandTimeout(line string) time.Duration {
	if s.o.commandTimeout == nil {
		return 0
	}
	return max(s.o.commandTimeout(line), 0)
}

// readReplyWithin is readReply under the command timeout of line, counted
// from the write for the first line and from the prompt before it for
// each line typed ahead.
func (s *Shell) readReplyWithin(ctx context.Context, i int, line string, next []byte) (Reply, bool, error) {
	if d := s.commandTimeout(line); d > 0 {
		te := &TimeoutError{Host: s.conn.t.alias, What: fmt.Sprintf("no prompt after %q", s.redact(line)), Bound: "command timeout", Limit: d, Hint: HintCommandTimeout}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, d, te)
		defer cancel()
	}
	return s.readReply(ctx, i, line, next)
}

// readReply consumes the echo of line i, its output and the prompt after it.
// complete reports that the reply is whole even if err is set (the next
// typed-ahead line went missing after it).
func (s *Shell) readReply(ctx context.Context, i int, line string, next []byte) (r Reply, complete bool, err error) {
	want := nonBlank(line)
	bad := func(got string) error {
		kind := ErrEcho
		if i > 0 {
			kind = ErrTypeahead
		}
		// Redact before cutting: a cut secret no longer matches.
		got = s.redact(got)
		if len(got) > 200 {
			got = got[:200] + "..."
		}
		return &EchoError{Index: i, Want: s.redact(line), Got: got, Err: kind}
	}
	for {
		st, got := s.scr.matchEcho(want)
		if st == echoDone {
			break
		}
		if st == echoBad {
			return Reply{Input: line}, false, bad(got)
		}
		stall := time.Duration(0)
		if st == echoStray || i > 0 {
			// A typed-ahead line is echoed as soon as the prompt before it
			// is out; silence means the device dropped it.
			stall = s.o.typeaheadStall
		}
		if err := s.recv(ctx, stall); err != nil {
			if errors.Is(err, errStall) {
				return Reply{Input: line}, false, bad(s.scr.pending())
			}
			return Reply{Input: line}, false, s.wrapRecv(err, fmt.Sprintf("waiting for the echo of %q", s.redact(line)), ctx)
		}
	}
	var out []string
	prev := s.prompt
	for {
		st, prompt := s.scr.scanOutput(s.p, &out, next, prev)
		stall := time.Duration(0)
		switch st {
		case outPrompt:
			s.prompt = strings.TrimRight(prompt, " ")
			return Reply{Input: line, Output: strings.Join(out, "\n"), Prompt: s.prompt}, true, nil
		case outPager:
			if next == nil {
				if err := s.answerPager(); err != nil {
					return Reply{Input: line, Output: strings.Join(out, "\n")}, false, err
				}
				break
			}
			// The lines typed ahead are waiting at the device, and its
			// pager takes the first byte as its key: a key sent now would
			// land in the input instead. The damaged line shows in its
			// echo; answer only a device that flushed its input and waits.
			stall = s.o.typeaheadStall
		case outPromptAlone:
			stall = s.o.typeaheadStall
		}
		if err := s.recv(ctx, stall); err != nil {
			r := Reply{Input: line, Output: strings.Join(out, "\n")}
			if errors.Is(err, errStall) && st == outPager {
				if err := s.answerPager(); err != nil {
					return r, false, err
				}
				continue
			}
			if errors.Is(err, errStall) {
				l, _, _ := s.scr.line(0)
				r.Prompt = strings.TrimRight(string(l), " ")
				s.prompt = r.Prompt
				s.scr.off += len(l)
				return r, true, &EchoError{Index: i + 1, Want: "(the next line typed ahead)", Lost: true, Err: ErrTypeahead}
			}
			return r, false, s.wrapRecv(err, fmt.Sprintf("waiting for the prompt after %q", s.redact(line)), ctx)
		}
	}
}

// resync drops whatever a failed call left unread and waits until the
// device shows a prompt with nothing after it. That call may have typed
// lines ahead that the device still runs: a prompt is owed for each, and
// the one after the last is the device waiting. Should the device drop
// typed-ahead lines, a bare prompt that stays alone for the typeahead stall
// ends the wait too.
func (s *Shell) resync(ctx context.Context) error {
	if s.owedLimit > 0 {
		te := &TimeoutError{Host: s.conn.t.alias, What: "no prompt after the lines of an earlier failed call", Bound: "command timeout", Limit: s.owedLimit, Hint: HintCommandTimeout}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, s.owedLimit, te)
		defer cancel()
	}
	for {
		var discard []string
		st, prompt := s.scr.scanOutput(s.p, &discard, nil, "")
		for _, l := range discard {
			if loc := s.p.prefix.FindStringIndex(l); loc != nil && loc[1] > 0 && !isBlank([]byte(l[loc[1]:])) {
				s.owed-- // a prompt followed by the echo of a typed-ahead line
			}
		}
		stall := time.Duration(0)
		switch st {
		case outPrompt:
			s.prompt = strings.TrimRight(prompt, " ")
			if s.owed--; s.owed <= 0 {
				s.dirty, s.owed, s.owedLimit = false, 0, 0
				return nil
			}
			stall = s.o.typeaheadStall
		case outPager:
			if s.owed <= 1 {
				if err := s.answerPager(); err != nil {
					return err
				}
				break
			}
			// Lines typed ahead are still queued: one of their bytes is
			// the key (see readReply).
			stall = s.o.typeaheadStall
		}
		if err := s.recv(ctx, stall); err != nil {
			if errors.Is(err, errStall) && st == outPager {
				if err := s.answerPager(); err != nil {
					return err
				}
				continue
			}
			if errors.Is(err, errStall) {
				s.dirty, s.owed, s.owedLimit = false, 0, 0
				return nil
			}
			return s.wrapRecv(err, "waiting for a prompt after an earlier failure", ctx)
		}
	}
}

// PagerAnswers counts the pager prompts the shell has answered: a caller
// that pipelines commands can tell whether the device pages its output
// (a pager reads keystrokes, so it eats typed-ahead input).
func (s *Shell) PagerAnswers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pagers
}

func (s *Shell) answerPager() error {
	s.pagers++
	s.scr.erasePager()
	if err := s.io.send(s.o.pagerReply); err != nil {
		return fmt.Errorf("%w: answering the pager on %s: %v", ErrClosed, s.conn.t.alias, err)
	}
	return nil
}

// recv waits for more bytes from the device and feeds them to the screen.
// stall > 0 returns errStall after that long without a byte.
func (s *Shell) recv(ctx context.Context, stall time.Duration) error {
	b, err := s.io.next(ctx, stall)
	if err != nil {
		return err
	}
	s.scr.Write(b)
	return nil
}

// ended reports whether the session is over.
func (s *Shell) ended() bool {
	select {
	case <-s.io.ended():
		return true
	default:
		return false
	}
}

func (s *Shell) wrapRecv(err error, doing string, ctx context.Context) error {
	host := s.conn.t.alias
	switch {
	case errors.Is(err, io.EOF):
		msg := fmt.Sprintf("%s closed the session while %s", host, doing)
		if tail := strings.TrimSpace(s.scr.pending()); tail != "" {
			msg += fmt.Sprintf(" (last output %q)", lastLine(s.redact(tail)))
		}
		return fmt.Errorf("%w: %s", ErrClosed, msg)
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		if dl, ok := ctx.Deadline(); ok && ctx.Err() == nil && !time.Now().Before(dl) {
			<-ctx.Done() // the stream saw the deadline a moment before ctx's timer
		}
		printed := ""
		if tail := strings.TrimSpace(s.scr.pending()); tail != "" {
			printed = fmt.Sprintf(" (device printed %q)", lastLine(s.redact(tail)))
		}
		var te *TimeoutError
		if errors.As(context.Cause(ctx), &te) {
			// The bound's own message says what did not come.
			return fmt.Errorf("%w%s", te, printed)
		}
		msg := fmt.Sprintf("%s: %s%s", host, doing, printed)
		cause := context.Cause(ctx)
		if cause == nil {
			cause = err
		}
		return fmt.Errorf("%w: %s: %w", CtxSentinel(ctx), msg, cause)
	}
	return err
}

// Logout sends a line that ends the session (e.g. "exit") and waits for the
// server to close it. Routers close without an exit status
// (*ssh.ExitMissingError); that is a clean close.
func (s *Shell) Logout(ctx context.Context, line string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended() {
		return nil
	}
	if err := checkLine(line); err != nil {
		return err
	}
	s.learn(line)
	if s.tr != nil {
		s.tr.line(">", line)
	}
	// A session that ended meanwhile (errEnded) is what the line was for.
	if err := s.io.send(line + s.o.newline); err != nil && !errors.Is(err, errEnded) {
		return fmt.Errorf("%w: writing to %s: %v", ErrClosed, s.conn.t.alias, err)
	}
	select {
	case <-s.io.ended():
		s.drain(ctx)
		return s.exitStatus()
	case <-ctx.Done():
		s.io.close()
		return s.wrapRecv(ctx.Err(), fmt.Sprintf("logging out with %q", line), ctx)
	}
}

// drain feeds the screen the last bytes of an ended session (for the
// transcript), even when ctx is done: they are already here.
func (s *Shell) drain(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	for {
		b, err := s.io.next(ctx, 0)
		if err != nil {
			return
		}
		s.scr.Write(b)
	}
}

func (s *Shell) exitStatus() error {
	var missing *ssh.ExitMissingError
	switch err := s.io.exitErr(); {
	case err == nil, errors.As(err, &missing), errors.Is(err, io.EOF):
		return nil
	default:
		var ee *ssh.ExitError
		if errors.As(err, &ee) && ee.ExitStatus() == 0 {
			return nil
		}
		return fmt.Errorf("session on %s ended: %v", s.conn.t.alias, err)
	}
}

// Close ends the session without logging out.
func (s *Shell) Close() error {
	// Close may interrupt a running call: only flush when none is.
	if s.mu.TryLock() {
		if s.tr != nil && len(s.scr.cur) > 0 {
			s.tr.line("<", string(s.scr.cur))
			s.scr.cur = nil
		}
		s.mu.Unlock()
	}
	return s.io.close()
}

// Prompt is the last prompt seen, trailing blank trimmed.
func (s *Shell) Prompt() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.prompt
}

// Done is closed when the session has ended.
func (s *Shell) Done() <-chan struct{} { return s.io.ended() }

func checkLine(l string) error {
	for i := 0; i < len(l); i++ {
		if c := l[i]; c < 0x20 || c == 0x7f {
			return fmt.Errorf("%w: control character %q in line %q", ErrConfig, c, l)
		}
	}
	return nil
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
