package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestExitCodes pins the exit-code contract: 0 ok, 2 usage, one stderr line.
func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"version", []string{"version"}, exitOK},
		{"root --version", []string{"--version"}, exitOK},
		{"version --json", []string{"version", "--json"}, exitOK},
		{"schema", []string{"schema", "rollback"}, exitOK},
		{"schema of a command without JSON", []string{"schema", "demo"}, exitUsage},
		{"plan -o yaml", []string{"plan", "--aws", "../../fixtures/aws/example.yaml", "-o", "yaml"}, exitUsage},
		{"plan --json of bad input", []string{"plan", "--aws", "../../fixtures/aws/example.yaml", "--dpd", "10", "--json"}, exitUsage},
		{"rollback of several sites from one file", []string{"rollback", "a.yaml", "b.yaml", "--backup", "x.cfg"}, exitUsage},
		{"no args prints help", nil, exitOK},
		{"unknown command", []string{"frobnicate"}, exitUsage},
		{"unknown flag", []string{"version", "--nope"}, exitUsage},
		{"extra argument", []string{"version", "x"}, exitUsage},
		{"missing argument", []string{"parse"}, exitUsage},
		{"completion extra argument", []string{"completion", "bash", "x"}, exitUsage},
		{"completion", []string{"completion", "fish"}, exitOK},
		{"bad flag value", []string{"plan", "--aws", "../../fixtures/aws/example.yaml", "--dpd", "10"}, exitUsage},
		{"bad site parameter", []string{"plan", "--aws", "../../fixtures/aws/example.yaml", "--tunnels", "Tunnel0.0,Tunnel0.0"}, exitUsage},
		{"conflict", []string{"plan", "--aws", "../../fixtures/aws/example.yaml", "--running", "../../fixtures/ix/show-running-config/indented.txt"}, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			got := run(context.Background(), tt.args, strings.NewReader(""), &out, &errb)
			if got != tt.want {
				t.Fatalf("exit = %d, want %d (stderr %q)", got, tt.want, errb.String())
			}
			if tt.want != exitOK && strings.Count(errb.String(), "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errb.String())
			}
		})
	}
}
