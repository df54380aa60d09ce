// Package termsafe escapes the characters a terminal would act on instead of
// showing: ESC starts a control sequence (move the cursor, retitle the
// window, rewrite what is already on the screen), BEL rings, CR overwrites
// the line, a bidirectional override reorders it. Text that came from
// outside ixpush — file names, a router's output, values read from a file —
// passes through here on its way to a terminal, so what is printed is what
// was there.
//
// A character is escaped as strconv.Quote would write it (\x1b, \a,
// \u009b, \u202e); a byte that is not UTF-8 as \xNN. Everything printable
// is left as it is, quotes and backslashes included: the output is for
// reading, not for parsing back.
package termsafe

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// String returns s with every character that is not printable escaped,
// line breaks and tabs included: for text that must stay on one line.
func String(s string) string {
	if clean(s, false) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		appendRune(&b, r, s[i:i+n], false)
		i += n
	}
	return b.String()
}

// clean reports whether s needs no escaping.
func clean(s string, keepLayout bool) bool {
	for _, r := range s {
		if escaped(r, keepLayout) {
			return false
		}
	}
	return true
}

// escaped reports whether r (utf8.RuneError for a byte that is not UTF-8)
// is written escaped. keepLayout keeps \n and \t, for multi-line text.
func escaped(r rune, keepLayout bool) bool {
	if keepLayout && (r == '\n' || r == '\t') {
		return false
	}
	return r == utf8.RuneError || !strconv.IsPrint(r) && r != ' '
}

// appendRune writes r, whose encoding in the input is raw, escaped when it
// must be.
func appendRune(b *strings.Builder, r rune, raw string, keepLayout bool) {
	switch {
	case r == utf8.RuneError && len(raw) == 1:
		b.WriteString(`\x`)
		b.WriteString(strconv.FormatUint(uint64(raw[0])>>4, 16))
		b.WriteString(strconv.FormatUint(uint64(raw[0])&0xf, 16))
	case escaped(r, keepLayout):
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	default:
		b.WriteString(raw)
	}
}

// Writer escapes what is written through it, keeping line breaks and tabs,
// for reports and drawings. A character split across two writes (a
// buffered writer flushing mid-character) is held until it is complete;
// Flush writes out, escaped, what is held when the text ends.
type Writer struct {
	w     io.Writer
	carry []byte // the start of a character the last write ended in
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write escapes p and writes it; it reports all of p written once the
// escaped text is, including a character's start it holds for the next
// write.
func (t *Writer) Write(p []byte) (int, error) {
	data := p
	if len(t.carry) > 0 {
		data = append(t.carry, p...)
		t.carry = nil
	}
	var b strings.Builder
	for i := 0; i < len(data); {
		if !utf8.FullRune(data[i:]) {
			t.carry = append([]byte(nil), data[i:]...)
			break
		}
		r, n := utf8.DecodeRune(data[i:])
		appendRune(&b, r, string(data[i:i+n]), true)
		i += n
	}
	if _, err := io.WriteString(t.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what a last write left of an incomplete character, escaped.
func (t *Writer) Flush() error {
	if len(t.carry) == 0 {
		return nil
	}
	s := String(string(t.carry))
	t.carry = nil
	_, err := io.WriteString(t.w, s)
	return err
}
