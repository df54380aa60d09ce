package dialect

import (
	"regexp"
	"strings"
)

// Mask replaces every secret in messages, logs, transcripts and JSON. It is
// the tool's only mask string.
const Mask = "********"

// secretWord matches a keyword that a secret follows: "key PSK", IKEv2's
// "key char|hex|ascii PSK", "pre-shared-key PSK", "password plain X", and
// the forms a running-config shows them in ("password hash X", "secret 5 X";
// ix-cli.md §6, §11).
var secretWord = regexp.MustCompile(`(?i)(^|\s)((?:pre-shared-)?key(?:\s+(?:char|hex|ascii))?|password(?:\s+(?:plain|hash|hashed|encrypted|[0-9]))?|secret(?:\s+[0-9])?)(\s+)(\S+)`)

// Redact masks the secrets a line of IX configuration or output can carry.
// The keyword stays; only the value becomes Mask.
func Redact(line string) string {
	return secretWord.ReplaceAllString(line, "${1}${2}${3}"+Mask)
}

// Secrets returns the secret values line carries (the words Redact masks).
func Secrets(line string) []string {
	var out []string
	for _, m := range secretWord.FindAllStringSubmatch(line, -1) {
		out = append(out, m[4])
	}
	return out
}

// RedactOutput masks in out every secret that input carried, then what
// Redact masks in out itself: the router may quote a word of the line back
// ("% pq5RW0... -- Invalid command.").
func RedactOutput(input, out string) string {
	for _, s := range Secrets(input) {
		if s != Mask {
			out = strings.ReplaceAll(out, s, Mask)
		}
	}
	return Redact(out)
}
