package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestParseExitCodes pins the exit-code contract of `ixpush parse`, which
// the testscript cannot see: 0 on success, 2 for every kind of bad input.
func TestParseExitCodes(t *testing.T) {
	seed, err := os.ReadFile("../../fixtures/ix/show-ike-sa/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantCode   int
		wantStderr string
	}{
		{"file", []string{"parse", "ike-sa", "../../fixtures/ix/show-ike-sa/seed.txt"}, "", 0, ""},
		{"stdin", []string{"parse", "ike-sa"}, string(seed), 0, ""},
		{"unknown kind", []string{"parse", "ospf"}, "", 2, `unknown kind "ospf"`},
		{"missing file", []string{"parse", "ike-sa", "/nonexistent/x.txt"}, "", 2, "no such file"},
		{"parse error", []string{"parse", "ipsec-sa", "-"}, string(seed), 2, `stdin: cannot parse show output: line 2 "ISAKMP SA`},
		{"empty stdin", []string{"parse", "bgp"}, "", 2, "empty input"},
		{"no kind", []string{"parse"}, "", 2, "accepts between 1 and 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(tt.stdin), &stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.wantCode, stderr.String())
			}
			if tt.wantStderr == "" && stderr.Len() > 0 || !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.wantStderr)
			}
			if strings.Count(stderr.String(), "\n") > 1 {
				t.Errorf("stderr has more than one line: %q", stderr.String())
			}
			if tt.wantCode == 0 && (!strings.HasPrefix(stdout.String(), `{"schema_version":1,`) || strings.Count(stdout.String(), "\n") != 1) {
				t.Errorf("stdout is not one envelope line: %q", stdout.String())
			}
			if tt.wantCode != 0 && stdout.Len() > 0 {
				t.Errorf("stdout not empty on error: %q", stdout.String())
			}
		})
	}
}
