package ixcli

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// Sentinel errors (errors.Is). Transport failures keep the session's
// sentinels (session.ErrClosed, session.ErrTimeout, session.ErrTypeahead).
var (
	// ErrDevice: the router printed an error for a command; errors.As
	// gives the *CommandError.
	ErrDevice = errors.New("the router refused a command")
	// ErrConfigLocked: another session holds configuration mode.
	ErrConfigLocked = errors.New("configuration mode is held by another session")
	// ErrNotAdmin: the login user is not an administrator ('%' prompt).
	ErrNotAdmin = errors.New("not an administrator")
	// ErrModeLost: the prompt left configuration mode mid-operation (e.g.
	// another session took the lock with svintr-config).
	ErrModeLost = errors.New("configuration mode lost")
	// ErrUnexpectedPrompt: the prompt is not the mode the line should
	// leave the router in.
	ErrUnexpectedPrompt = errors.New("unexpected prompt")
	// ErrNotPrepared: a config-mode operation before Prepare.
	ErrNotPrepared = errors.New("not in configuration mode (call Prepare first)")
	// ErrBadLine: a line Configure or Run cannot send as given.
	ErrBadLine = errors.New("invalid command line")
)

// ErrorKind classifies a router error message.
type ErrorKind string

// ErrorPattern recognises one kind of router error message in a line of
// output.
type ErrorPattern struct {
	Kind ErrorKind
	Re   *regexp.Regexp
}

// ErrorPatterns are the router's failure messages (ix-cli.md §3). A line
// starting with '%' that matches neither these nor NoticePatterns is
// treated as an error too ("unrecognised"): a push stops on what it cannot
// classify rather than carry on.
var ErrorPatterns = []ErrorPattern{
	{"invalid", regexp.MustCompile(`^%.*-- Invalid command\.|^% Invalid command\.`)},
	{"ambiguous", regexp.MustCompile(`-- Ambiguous command\.`)},
	{"incomplete", regexp.MustCompile(`Expects a subcommand`)},
	{"forbidden", regexp.MustCompile(`^\?Invalid`)},
	{"occupied", regexp.MustCompile(`CONFIG process is occupied`)},
}

// NoticePatterns are '%' lines that are not errors.
var NoticePatterns = []*regexp.Regexp{
	regexp.MustCompile(`^% Warning:`),
	regexp.MustCompile(`^% User '[^']*' has been \w+\.`),
	regexp.MustCompile("^% You may use `svintr-config'"),
}

// CommandError is a command the router answered with an error message.
type CommandError struct {
	Input  string    // the line sent
	Output string    // everything the router printed for it
	Kind   ErrorKind // which ErrorPatterns entry matched, or "unrecognised"
	Line   string    // the output line that matched
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("%q: router said %q", Redact(e.Input), redactOutput(e.Input, e.Line))
}

// Unwrap makes errors.Is(err, ErrDevice) hold.
func (e *CommandError) Unwrap() error { return ErrDevice }

// classify returns the CommandError for output, or nil when it shows
// success. notices extends NoticePatterns.
func classify(input, output string, notices []*regexp.Regexp) *CommandError {
	for _, raw := range strings.Split(output, "\n") {
		l := strings.TrimSpace(raw)
		if l == "" {
			continue
		}
		for _, p := range ErrorPatterns {
			if p.Re.MatchString(l) {
				return &CommandError{Input: input, Output: output, Kind: p.Kind, Line: l}
			}
		}
		if !strings.HasPrefix(l, "%") {
			continue
		}
		notice := false
		for _, n := range append(NoticePatterns[:len(NoticePatterns):len(NoticePatterns)], notices...) {
			if n.MatchString(l) {
				notice = true
				break
			}
		}
		if !notice {
			return &CommandError{Input: input, Output: output, Kind: "unrecognised", Line: l}
		}
	}
	return nil
}

// PushError says where a Configure stopped: which line, what the router
// said, and which later lines were already typed (pipelined stanzas), so a
// rollback covers them. It wraps ErrDevice (with the *CommandError),
// ErrModeLost, ErrUnexpectedPrompt or a session error.
type PushError struct {
	Index  int    // index in Configure's lines of the failing line
	Line   string // that line as given (secrets masked in Error())
	Output string // what the router printed for it
	Prompt string // the prompt after it, if one came
	// SentAfter lists indices of lines typed after the failing one in the
	// same write; the router ran them too, or may have.
	SentAfter []int
	Err       error
}

func (e *PushError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d (%q): ", e.Index+1, Redact(strings.TrimSpace(e.Line)))
	var ce *CommandError
	switch {
	case errors.As(e.Err, &ce):
		fmt.Fprintf(&b, "router said %q", redactOutput(e.Line, ce.Line))
	default:
		b.WriteString(e.Err.Error())
	}
	if n := len(e.SentAfter); n > 0 {
		first, last := e.SentAfter[0]+1, e.SentAfter[n-1]+1
		if n == 1 {
			fmt.Fprintf(&b, "; line %d was sent after it", first)
		} else {
			fmt.Fprintf(&b, "; lines %d-%d were sent after it", first, last)
		}
	}
	return b.String()
}

func (e *PushError) Unwrap() error { return e.Err }

// Redact masks the secrets a command line can carry (pre-shared keys,
// passwords).
func Redact(line string) string { return dialect.Redact(line) }

// redactOutput masks in out every secret that input carried: the router
// may quote a word of the line back.
func redactOutput(input, out string) string {
	masked := Redact(input)
	in, mk := strings.Fields(input), strings.Fields(masked)
	if len(in) == len(mk) {
		for i := range in {
			if mk[i] == dialect.Mask && in[i] != dialect.Mask {
				out = strings.ReplaceAll(out, in[i], dialect.Mask)
			}
		}
	}
	return Redact(out)
}
