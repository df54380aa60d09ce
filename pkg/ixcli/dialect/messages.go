package dialect

import (
	"regexp"
	"strings"
)

// ErrorKind classifies a router error message.
type ErrorKind string

// The kinds of router error (ix-cli.md §3).
const (
	ErrInvalid    ErrorKind = "invalid"    // unknown command, or not valid in this mode
	ErrAmbiguous  ErrorKind = "ambiguous"  // an abbreviation matching several commands
	ErrIncomplete ErrorKind = "incomplete" // a command missing its subcommand
	ErrForbidden  ErrorKind = "forbidden"  // not allowed for a non-administrator
	ErrOccupied   ErrorKind = "occupied"   // configuration mode is held by another session
	// ErrUnrecognised is a '%' line that is neither a known error nor a
	// known notice: a push stops on what it cannot classify rather than
	// carry on.
	ErrUnrecognised ErrorKind = "unrecognised"
)

// ErrorPattern recognises one kind of router error message in a line of
// output.
type ErrorPattern struct {
	Kind ErrorKind
	Re   *regexp.Regexp
}

// ErrorPatterns are the router's failure messages (§3; the occupied text
// has two reported spellings, both matched).
var ErrorPatterns = []ErrorPattern{
	{ErrInvalid, regexp.MustCompile(`^%.*-- Invalid command\.|^% Invalid command\.`)},
	{ErrAmbiguous, regexp.MustCompile(`-- Ambiguous command\.`)},
	{ErrIncomplete, regexp.MustCompile(`Expects a subcommand`)},
	{ErrForbidden, regexp.MustCompile(`^\?Invalid`)},
	{ErrOccupied, regexp.MustCompile(`CONFIG process is occupied`)},
}

// NoticePatterns are '%' lines that are not errors (§3, §11: warnings, user
// changes, the svintr-config hint, restart and update notices).
var NoticePatterns = []*regexp.Regexp{
	regexp.MustCompile(`^% Warning:`),
	regexp.MustCompile(`^% User '[^']*' has been \w+\.`),
	// The occupied hint; captures quote the command `svintr-config' and
	// 'svintr-config'.
	regexp.MustCompile("^% You may use [`']svintr-config' command"),
	regexp.MustCompile(`^% You must restart the router for this configuration to take effect\.$`),
	regexp.MustCompile(`^% Software update completed\.$`),
}

// Classify finds the first line of output that marks the command as failed
// and its kind. extra extends NoticePatterns. ok is false when the output
// shows success.
func Classify(output string, extra ...*regexp.Regexp) (kind ErrorKind, line string, ok bool) {
	for _, raw := range strings.Split(output, "\n") {
		l := strings.TrimSpace(raw)
		if l == "" {
			continue
		}
		for _, p := range ErrorPatterns {
			if p.Re.MatchString(l) {
				return p.Kind, l, true
			}
		}
		if !strings.HasPrefix(l, "%") || isNotice(l, extra) {
			continue
		}
		return ErrUnrecognised, l, true
	}
	return "", "", false
}

func isNotice(l string, extra []*regexp.Regexp) bool {
	for _, n := range NoticePatterns {
		if n.MatchString(l) {
			return true
		}
	}
	for _, n := range extra {
		if n.MatchString(l) {
			return true
		}
	}
	return false
}
