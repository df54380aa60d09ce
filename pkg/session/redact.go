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
// "key pq5RW0...", "key char X", "password plain X".
var secretWord = regexp.MustCompile(`(?i)(^|\s)((?:pre-shared-)?key(?:\s+(?:char|hex|ascii))?|password(?:\s+(?:plain|hashed|encrypted|[0-9]))?|secret)(\s+)\S+`)

// RedactLine masks the secrets a command line can carry.
func RedactLine(s string) string {
	return secretWord.ReplaceAllString(s, "${1}${2}${3}"+Mask)
}

func (s *Shell) redact(line string) string {
	if s.o.revealSecrets {
		return line
	}
	if s.o.hasPassword && s.o.password != "" {
		line = strings.ReplaceAll(line, s.o.password, Mask)
	}
	line = RedactLine(line)
	for _, f := range s.o.redact {
		line = f(line)
	}
	return line
}

// transcript writes "<time> <dir> <line>" records, secrets masked.
type transcript struct {
	mu     sync.Mutex
	w      io.Writer
	now    func() time.Time
	redact func(string) string
}

func (t *transcript) line(dir, l string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "%s %s %s\n", t.now().UTC().Format("2006-01-02T15:04:05.000Z"), dir, t.redact(l))
}
