package showparse

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// ErrParse is wrapped by every error a parser returns for input that is not
// the output it expects.
var ErrParse = errors.New("cannot parse show output")

// ParseError names the offending line. Text is already redacted: it is safe to
// show to users and to log.
type ParseError struct {
	Line int    // 1-based line number in the input; 0 when the problem is the input as a whole
	Text string // the offending line, redacted and shortened
	Msg  string // what was wrong
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%v: %s", ErrParse, e.Msg)
	}
	return fmt.Sprintf("%v: line %d %q: %s", ErrParse, e.Line, e.Text, e.Msg)
}

func (e *ParseError) Unwrap() error { return ErrParse }

// maxQuoted bounds how much of a line an error repeats: errors are one line.
const maxQuoted = 100

func lineErr(l Line, format string, args ...any) error {
	t := dialect.Redact(l.Text)
	if len(t) > maxQuoted {
		cut := maxQuoted
		for cut > 0 && !utf8.RuneStart(t[cut]) {
			cut--
		}
		t = t[:cut] + "..."
	}
	return &ParseError{Line: l.No, Text: t, Msg: fmt.Sprintf(format, args...)}
}

func inputErr(format string, args ...any) error {
	return &ParseError{Msg: fmt.Sprintf(format, args...)}
}

func quoteShort(s string) string {
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return fmt.Sprintf("%q", s)
}
