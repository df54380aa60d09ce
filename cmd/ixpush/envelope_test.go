package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/session"
)

// TestFailureOf: every failure's envelope names the exact next command.
func TestFailureOf(t *testing.T) {
	hostKey := &session.HostKeyError{Host: "192.0.2.1:22", KeyType: "ssh-rsa", Fingerprint: "SHA256:x", Hint: session.HintAcceptNewHostKey}
	site := jsonSite{name: "r10", arg: "tokyo.yaml"}
	tests := []struct {
		name    string
		command string
		who     jsonSite
		err     error
		want    report.Failure
	}{
		{"the journal's next", "apply", site, nextError{err: errors.New("apply failed"), next: "ixpush rollback tokyo.yaml --backup b.cfg"},
			report.Failure{Message: "apply failed", Next: "ixpush rollback tokyo.yaml --backup b.cfg"}},
		{"bad input: the help", "plan", jsonSite{}, usagef("--dpd %q: want INTERVAL,RETRIES", "10"),
			report.Failure{Message: `--dpd "10": want INTERVAL,RETRIES`, Next: "ixpush plan --help"}},
		{"another failure: the same command", "status", site, errors.New("disk on fire"),
			report.Failure{Message: "disk on fire", Next: "ixpush status tokyo.yaml"}},
		{"flags only", "apply", jsonSite{}, errors.New("no route to host"),
			report.Failure{Message: "no route to host", Next: "ixpush apply (with this run's other flags)"}},
		{"rollback again with its backup", "rollback", jsonSite{arg: "tokyo.yaml", retry: &journal.Next{Action: journal.ActionRollback, Backup: "latest"}}, errors.New("timeout"),
			report.Failure{Message: "timeout", Next: "ixpush rollback tokyo.yaml --backup latest"}},
		{"unknown host key: with the flag", "apply", site, fmt.Errorf("connect: %w", hostKey),
			report.Failure{Message: "connect: " + hostKey.Error() + hintText(hostKey), Next: "ixpush apply tokyo.yaml --accept-new-host-key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := failureOf(tt.err, tt.command, tt.who)
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("failure mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPrintEnvelope: one line; a failure takes its outcome from the exit
// code; a nil pointer result is no result, not null.
func TestPrintEnvelope(t *testing.T) {
	var out bytes.Buffer
	a := &app{stdout: &out}
	var none *journal.Entry
	if err := printEnvelope(a, "status", jsonSite{name: "r10", host: "192.0.2.1"}, time.Now(), "", none, usagef("bad")); err != nil {
		t.Fatal(err)
	}
	if bytes.Count(out.Bytes(), []byte("\n")) != 1 {
		t.Fatalf("not one line: %q", out.String())
	}
	var env map[string]any
	if err := json.Unmarshal(out.Bytes(), &env); err != nil {
		t.Fatal(err)
	}
	if _, ok := env["result"]; ok {
		t.Errorf("result present: %s", out.String())
	}
	if env["outcome"] != outcomeBadInput || env["site"] != "r10" || env["host"] != "192.0.2.1" || env["command"] != "status" {
		t.Errorf("envelope %s", out.String())
	}
}
