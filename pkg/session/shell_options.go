package session

import (
	"fmt"
	"io"
	"regexp"
	"time"
)

// ShellOption configures Conn.Shell: the device's prompt and pager, how
// secrets are masked, the transcript and the terminal. Options of the
// connection itself are DialOptions, given to Dial.
type ShellOption func(*shellOptions)

type shellOptions struct {
	prompt         string
	pager          string
	pagerReply     string
	mask           string
	redact         func(string) string
	transcript     io.Writer
	revealSecrets  bool
	checkDuration  time.Duration
	typeaheadStall time.Duration
	newline        string
	termCols       int
	termRows       int
	now            func() time.Time
	commandTimeout func(line string) time.Duration
}

// defaultTypeaheadStall is how long a typed-ahead line may stay unechoed
// after the prompt before it: a device echoes it as soon as that prompt is
// out, so silence this long (far above an echo's round trip, even across
// continents) means the device dropped it.
const defaultTypeaheadStall = 2 * time.Second

func defaultShellOptions() shellOptions {
	return shellOptions{
		checkDuration:  defaultCheckDuration,
		typeaheadStall: defaultTypeaheadStall,
		newline:        "\n",
		// Wide enough that a device never wraps a command line or a table
		// row of its own output; 24 rows is the classic terminal height.
		termCols: 512,
		termRows: 24,
		now:      time.Now,
	}
}

// WithPrompt sets the prompt pattern, unanchored: the shell anchors it at
// the start of a line, and at the end of the buffer when waiting for a
// reply. It is required: session knows no device's prompt.
func WithPrompt(pattern string) ShellOption { return func(o *shellOptions) { o.prompt = pattern } }

// WithPager sets the pattern of a whole-line pager prompt and what to type
// to continue (e.g. `\s*--More--\s*`, " ").
func WithPager(pattern, reply string) ShellOption {
	return func(o *shellOptions) { o.pager, o.pagerReply = pattern, reply }
}

// WithRedactor states how the caller masks secrets: redact replaces each
// secret a line carries with mask (nil: the caller knows no secret words).
// The shell applies it to every line it writes to the transcript or puts
// into an error message, learns the words redact changes in a line sent as
// secrets, and masks those and the Dial password with mask wherever the
// device prints them back, also wrapped across two lines. A Shell needs it
// unless WithRevealSecrets(true); a later WithRedactor replaces an earlier.
func WithRedactor(mask string, redact func(line string) string) ShellOption {
	return func(o *shellOptions) { o.mask, o.redact = mask, redact }
}

// WithTranscript writes every line sent and received, timestamped, to w.
// Secrets are masked unless WithRevealSecrets(true).
func WithTranscript(w io.Writer) ShellOption { return func(o *shellOptions) { o.transcript = w } }

// WithRevealSecrets leaves secrets unmasked in the transcript and in error
// messages. Only for a user who asked for it explicitly.
func WithRevealSecrets(on bool) ShellOption { return func(o *shellOptions) { o.revealSecrets = on } }

// WithCheckDuration sets the expect engine's fallback poll interval
// (default 2ms). goexpect can miss a wake-up and then waits for this tick,
// so it bounds the worst extra latency of a reply.
func WithCheckDuration(d time.Duration) ShellOption {
	return func(o *shellOptions) { o.checkDuration = d }
}

// WithTypeaheadStall sets how long Pipeline waits, after a prompt, for the
// echo of the next typed-ahead line before declaring it lost (default 2s).
func WithTypeaheadStall(d time.Duration) ShellOption {
	return func(o *shellOptions) { o.typeaheadStall = d }
}

// WithCommandTimeout bounds the reply to each line Exchange and Pipeline
// send: bound(line) is how long its echo, output and prompt may take, from
// the write (the prompt before it, for a line typed ahead); a bound <= 0
// leaves the reply to ctx alone. Running out is a *TimeoutError naming the
// line. The device's slow commands are the caller's to know: bound sizes
// them (default: no bound but ctx).
func WithCommandTimeout(bound func(line string) time.Duration) ShellOption {
	return func(o *shellOptions) { o.commandTimeout = bound }
}

// WithNewline sets the line terminator sent after each line (default "\n").
func WithNewline(nl string) ShellOption { return func(o *shellOptions) { o.newline = nl } }

// WithTerminalSize sets the pty size requested (default 512x24).
func WithTerminalSize(cols, rows int) ShellOption {
	return func(o *shellOptions) { o.termCols, o.termRows = cols, rows }
}

// withClock replaces time.Now in transcripts (tests).
func withClock(now func() time.Time) ShellOption { return func(o *shellOptions) { o.now = now } }

func (o *shellOptions) validate() error {
	if o.prompt == "" {
		return fmt.Errorf("%w: no prompt pattern (WithPrompt is required)", ErrConfig)
	}
	if _, err := regexp.Compile(o.prompt); err != nil {
		return fmt.Errorf("%w: prompt pattern: %v", ErrConfig, err)
	}
	if o.pager != "" {
		if _, err := regexp.Compile(o.pager); err != nil {
			return fmt.Errorf("%w: pager pattern: %v", ErrConfig, err)
		}
	}
	if o.mask == "" && !o.revealSecrets {
		// Fail closed: without a mask the password and the secrets of the
		// lines sent would reach transcripts and messages in clear.
		return fmt.Errorf("%w: no mask for secrets (give WithRedactor, or WithRevealSecrets(true))", ErrConfig)
	}
	if o.checkDuration <= 0 {
		return fmt.Errorf("%w: check duration must be positive, got %v", ErrConfig, o.checkDuration)
	}
	if o.typeaheadStall <= 0 {
		return fmt.Errorf("%w: typeahead stall must be positive, got %v", ErrConfig, o.typeaheadStall)
	}
	if o.termCols <= 0 || o.termRows <= 0 {
		return fmt.Errorf("%w: terminal size %dx%d", ErrConfig, o.termCols, o.termRows)
	}
	return nil
}
