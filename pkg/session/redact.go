package session

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Mask replaces every secret in messages and transcripts.
const Mask = "********"

// secretWord matches a keyword that is followed by a secret, as in
// "key pq5RW0...", "key char X", "password plain X", and the forms a
// running-config shows them in ("password hash X", "secret 5 X").
var secretWord = regexp.MustCompile(`(?i)(^|\s)((?:pre-shared-)?key(?:\s+(?:char|hex|ascii))?|password(?:\s+(?:plain|hash|hashed|encrypted|[0-9]))?|secret(?:\s+[0-9])?)(\s+)(\S+)`)

// RedactLine masks the secrets a command line can carry.
func RedactLine(s string) string {
	return secretWord.ReplaceAllString(s, "${1}${2}${3}"+Mask)
}

// secrets remembers the secrets of the lines sent, so that they are masked
// wherever the device prints them back: a router wraps its echo at the
// terminal width wherever the line falls, so "key" may end one physical
// line and the key start the next, or the key itself may be cut in two,
// and a keyword pattern sees neither half.
type secrets struct {
	mu   sync.Mutex
	list []secret
	// carry holds the secrets whose first bytes ended the last received
	// line (a wrapped echo continues them on the next).
	carry []partial
}

type secret struct {
	text string
	re   *regexp.Regexp // text, allowing a wrap (line end and indent) between any two bytes
}

type partial struct {
	s *secret
	n int // bytes of s.text already seen
}

// minSecret is the shortest word learned as a secret: shorter ones would
// mask ordinary words all over the transcript.
const minSecret = 4

// learn records the secrets in a line about to be sent: the words the
// redactors mask.
func (s *Shell) learn(line string) {
	if s.o.revealSecrets {
		return
	}
	var found []string
	for _, m := range secretWord.FindAllStringSubmatch(line, -1) {
		found = append(found, m[4])
	}
	in, out := strings.Fields(line), strings.Fields(s.redactWords(line))
	if len(in) == len(out) {
		for i := range in {
			if in[i] != out[i] && strings.Contains(out[i], Mask) {
				found = append(found, in[i])
			}
		}
	}
	s.sec.mu.Lock()
	defer s.sec.mu.Unlock()
next:
	for _, f := range found {
		if len(f) < minSecret || f == Mask {
			continue
		}
		for _, k := range s.sec.list {
			if k.text == f {
				continue next
			}
		}
		parts := make([]string, len(f))
		for i := range f {
			parts[i] = regexp.QuoteMeta(f[i : i+1])
		}
		s.sec.list = append(s.sec.list, secret{text: f, re: regexp.MustCompile(strings.Join(parts, `(?:[ \t]*\r?\n[ \t]*)?`))})
	}
}

// redactWords applies the password, keyword and caller redactors.
func (s *Shell) redactWords(line string) string {
	if s.o.hasPassword && s.o.password != "" {
		line = strings.ReplaceAll(line, s.o.password, Mask)
	}
	line = RedactLine(line)
	for _, f := range s.o.redact {
		line = f(line)
	}
	return line
}

// redact masks secrets in text of any number of lines, including a secret
// learned from a sent line and wrapped across two of them.
func (s *Shell) redact(text string) string {
	if s.o.revealSecrets {
		return text
	}
	s.sec.mu.Lock()
	for _, k := range s.sec.list {
		text = k.re.ReplaceAllString(text, Mask)
	}
	s.sec.mu.Unlock()
	return s.redactWords(text)
}

// redactReceived masks one physical line received, in order: unlike
// redact it remembers a secret cut at the end of the previous line and
// masks its rest at the start of this one.
func (s *Shell) redactReceived(line string) string {
	if s.o.revealSecrets {
		return line
	}
	s.sec.mu.Lock()
	masked := []byte(line)
	body := strings.TrimLeft(line, " \t")
	lead := len(line) - len(body)
	var carry []partial
	for _, p := range s.sec.carry {
		rest := p.s.text[p.n:]
		switch {
		case strings.HasPrefix(body, rest):
			maskBytes(masked, lead, lead+len(rest))
		case body != "" && strings.HasPrefix(rest, body):
			maskBytes(masked, lead, len(line))
			carry = append(carry, partial{p.s, p.n + len(body)})
		}
	}
	// A line may end with the first bytes of a secret the next continues.
	// Secrets hold no blanks, so those bytes are the line's last word.
	end := strings.TrimRight(line, " \t")
	at := strings.LastIndexAny(end, " \t") + 1
	if last := end[at:]; last != "" {
		for i := range s.sec.list {
			k := &s.sec.list[i]
			if len(last) < len(k.text) && strings.HasPrefix(k.text, last) {
				carry = append(carry, partial{k, len(last)})
				if len(last) >= minSecret {
					maskBytes(masked, at, len(end))
				}
			}
		}
	}
	s.sec.carry = carry
	s.sec.mu.Unlock()
	return s.redact(collapseMasks(string(masked)))
}

// maskBytes marks b[from:to] (NUL, which the screen never keeps);
// collapseMasks turns each run into one Mask, so no secret's length shows.
func maskBytes(b []byte, from, to int) {
	for i := from; i < to; i++ {
		b[i] = 0
	}
}

var maskRun = regexp.MustCompile("\x00+")

func collapseMasks(s string) string {
	if !strings.Contains(s, "\x00") {
		return s
	}
	return maskRun.ReplaceAllString(s, Mask)
}

// transcript writes "<time> <dir> <line>" records, secrets masked.
type transcript struct {
	mu     sync.Mutex
	w      io.Writer
	now    func() time.Time
	redact func(string) string
	// received masks a line received (it keeps state across lines).
	received func(string) string
}

func (t *transcript) line(dir, l string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if dir == "<" {
		l = t.received(l)
	} else {
		l = t.redact(l)
	}
	fmt.Fprintf(t.w, "%s %s %s\n", t.now().UTC().Format("2006-01-02T15:04:05.000Z"), dir, l)
}
