package dialect

import (
	"regexp"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		out  string
		kind ErrorKind
		line string
	}{
		{"empty", "", "", ""},
		{"invalid with word", "% sow -- Invalid command.", ErrInvalid, "% sow -- Invalid command."},
		{"invalid bare", "% Invalid command.", ErrInvalid, "% Invalid command."},
		{"ambiguous", "% sh -- Ambiguous command.", ErrAmbiguous, "% sh -- Ambiguous command."},
		{"incomplete", "% Expects a subcommand or item selection.", ErrIncomplete, "% Expects a subcommand or item selection."},
		{"forbidden", "?Invalid command", ErrForbidden, "?Invalid command"},
		{"occupied with hint", "% CONFIG process is occupied.\n% You may use `svintr-config' command with administrator privilege.",
			ErrOccupied, "% CONFIG process is occupied."},
		{"occupied other spelling", "CONFIG process is occupied by another session.", ErrOccupied, "CONFIG process is occupied by another session."},
		{"notice: user", "% User 'u' has been added.", "", ""},
		{"notice: warning", "Building configuration...\n% Warning: do NOT enter CNTL/Z while saving to avoid config corruption.", "", ""},
		{"notice: svintr-config hint alone", "% You may use `svintr-config' command with administrator privilege.", "", ""},
		{"plain output", "Enter configuration commands, one per line. End with CNTL/Z.", "", ""},
		{"counters are not errors", "IP Routing Table - 6 entries, 1 hidden, 2041 frees", "", ""},
		{"unrecognised % line", "% Policy ike-policy1 is referenced by ipsec autokey-map.", ErrUnrecognised, "% Policy ike-policy1 is referenced by ipsec autokey-map."},
		{"first failing line wins, trimmed", "ok\r\n  % Warning: x\r\n  % sow -- Invalid command.  \r\n% y", ErrInvalid, "% sow -- Invalid command."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, line, ok := Classify(tt.out)
			if kind != tt.kind || line != tt.line || ok != (tt.kind != "") {
				t.Errorf("Classify(%q) = %q %q %v, want %q %q", tt.out, kind, line, ok, tt.kind, tt.line)
			}
		})
	}
}

func TestClassifyExtraNotices(t *testing.T) {
	before := len(NoticePatterns)
	out := "% Policy ike-policy1 is referenced by ipsec autokey-map."
	extra := regexp.MustCompile(`^% Policy \S+ is referenced`)
	if kind, _, ok := Classify(out, extra); ok {
		t.Errorf("with an extra notice: %q, want success", kind)
	}
	// An extra notice never hides an error pattern.
	if kind, _, _ := Classify("% sow -- Invalid command.", regexp.MustCompile(`.*`)); kind != ErrInvalid {
		t.Errorf("extra notice matching an error: %q, want %q", kind, ErrInvalid)
	}
	if len(NoticePatterns) != before {
		t.Errorf("Classify must not grow NoticePatterns: %d", len(NoticePatterns))
	}
}
