package session

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
)

// secrets remembers the secrets of the lines sent, so that they are masked
// wherever the device prints them back: a device wraps its echo at the
// terminal width wherever the line falls, so a keyword may end one physical
// line and its secret start the next, or the secret itself may be cut in
// two, and the caller's redactor sees neither half.
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
// caller's redactor (or the password mask) changes.
func (s *Shell) learn(line string) {
	if s.o.revealSecrets {
		return
	}
	var found []string
	in, out := strings.Fields(line), strings.Fields(s.redactWords(line))
	if len(in) == len(out) {
		for i := range in {
			if in[i] != out[i] && strings.Contains(out[i], s.o.mask) {
				found = append(found, in[i])
			}
		}
	}
	s.sec.mu.Lock()
	defer s.sec.mu.Unlock()
next:
	for _, f := range found {
		if len(f) < minSecret || f == s.o.mask {
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

// redactWords masks the Dial password, then applies the caller's redactor.
func (s *Shell) redactWords(line string) string {
	if s.password != "" {
		line = strings.ReplaceAll(line, s.password, s.o.mask)
	}
	if s.o.redact != nil {
		line = s.o.redact(line)
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
		text = k.re.ReplaceAllLiteralString(text, s.o.mask)
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
	return s.redact(s.collapseMasks(string(masked)))
}

// maskBytes marks b[from:to] (NUL, which the screen never keeps);
// collapseMasks turns each run into one mask, so no secret's length shows.
func maskBytes(b []byte, from, to int) {
	for i := from; i < to; i++ {
		b[i] = 0
	}
}

var maskRun = regexp.MustCompile("\x00+")

func (s *Shell) collapseMasks(text string) string {
	if !strings.Contains(text, "\x00") {
		return text
	}
	return maskRun.ReplaceAllLiteralString(text, s.o.mask)
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
