package demo

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// verifyHeader starts the part of the output that verify writes.
const verifyHeader = "==> ixpush verify (what a scheduled job runs)\n"

// verifyOK is the verify section of a run that ends applied.
const verifyOK = verifyHeader + `OK: IKE 2/2, IPsec 2/2, BGP 2/2, 172.31.0.0/16 learned
evidence: config-mode

TUNNEL     AWS PEER       NEIGHBOR         IKE          IPSEC IN/OUT  BGP          BEST PATHS
Tunnel0.0  34.217.232.61  169.254.123.133  established  1/1           ESTABLISHED  1
Tunnel1.0  54.69.109.228  169.254.30.57    established  1/1           ESTABLISHED  0

PREFIX         LEARNED  VIA
172.31.0.0/16  yes      169.254.123.133 (best)
`

// nextApply is the last line of a run whose apply failed and rolled back.
const nextApply = `next: ixpush apply SITE \(the router is as before; re-run once the cause is fixed\)\n$`

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		brk  Break
		wait time.Duration
		// wantErr is what the error wraps; nil for a run that succeeds.
		wantErr error
		// want are lines the output must hold, as regexps.
		want []string
		// wantVerify is the verify section, exactly, when the run reaches it.
		wantVerify string
		// wantEnd is how the output ends (a regexp); empty: anyhow.
		wantEnd string
	}{
		{
			brk: BreakNone, wait: DefaultWait,
			want: []string{
				`^==> pushing 29 lines$`,
				`^applied: 29 lines pushed, saved \(write memory\); backup \S+$`,
				`Tunnel1\.0 169\.254\.30\.58/30 \[up\]`,
				`^apply took \S+: connect \S+ prepare \S+ backup \S+ plan \S+ push \S+ verify \S+ save \S+ close \S+$`,
			},
			wantVerify: verifyOK,
		},
		{
			brk: BreakPSK, wait: 3 * time.Second, wantErr: agent.ErrApplyFailed,
			want: []string{
				`^Broken on purpose: psk$`,
				`^The site at rollback time \(the last health check before the rollback; the router no longer holds these tunnels\):$`,
				`^DEGRADED: IKE 1/2`,
				`Tunnel1\.0: pre-shared key mismatch suspected with AWS peer 54\.69\.109\.228`,
				`^rolled back: 29 lines pushed`,
			},
			wantEnd: nextApply,
		},
		{
			brk: BreakAWSDown, wait: time.Second, wantErr: agent.ErrApplyFailed,
			want: []string{
				`^Broken on purpose: aws-down$`,
				`^The site at rollback time `,
				`^DOWN: IKE 0/2`,
				`^rolled back`,
			},
			wantEnd: nextApply,
		},
		{
			// The router cuts the session after the second tunnel's
			// interface: apply's rollback reconnects and proves the
			// backup; nothing is verified.
			brk: BreakDrop, wait: DefaultWait, wantErr: agent.ErrApplyFailed,
			want: []string{
				`^Broken on purpose: drop$`,
				`^==> rolling back: push stopped at line 17 \("interface Tunnel1\.0"\): session closed`,
				`^    session lost \(.*\); reconnecting to roll back$`,
				`^    rolled back: running-config matches the backup in every section the plan touched$`,
				`^rolled back: \d+ lines pushed, \d+ typed to undo them; running-config matches the backup`,
			},
			wantEnd: nextApply,
		},
		{
			// ixpush dies after the same line; the second run finds its
			// journal, undoes it to the dead run's backup, then applies,
			// saves and verifies: the run succeeds.
			brk: BreakKill, wait: DefaultWait,
			want: []string{
				`^Broken on purpose: kill$`,
				`^!!! ixpush killed mid-push, after the router executed "interface Tunnel1\.0": no rollback, no journal update, no logout$`,
				`^router R10: last change apply, UNFINISHED: stopped at step pushing \(the run died\)$`,
				`^  next     ixpush rollback SITE --backup \S+ \(or ixpush apply: it undoes this first\)$`,
				`^!!! the journal shows an unfinished apply from .* stopped at step pushing with 29 lines planned`,
				`^==> rolling back the unfinished apply to its backup \S+$`,
				`^    rolled back the unfinished apply: [1-9]\d* lines typed; the sections it touched match \S+$`,
				`^found an unfinished apply .*; rolled it back first \([1-9]\d* lines typed\)$`,
				`^applied: 29 lines pushed, saved \(write memory\); backup \S+$`,
			},
			wantVerify: verifyOK,
		},
	} {
		t.Run(string(tc.brk), func(t *testing.T) {
			t.Parallel()
			var out, transcript bytes.Buffer
			err := Run(context.Background(), &out, WithBreak(tc.brk), WithWait(tc.wait), WithTranscript(&transcript))
			got := out.String()
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("Run: %v, want %v\n%s", err, tc.wantErr, got)
			}
			for _, re := range tc.want {
				if !regexp.MustCompile("(?m)" + re).MatchString(got) {
					t.Errorf("output lacks a line matching %s:\n%s", re, got)
				}
			}
			_, verified, found := strings.Cut(got, verifyHeader)
			switch {
			case tc.wantVerify == "" && found:
				t.Errorf("output has a verify section after a failed apply:\n%s", got)
			case tc.wantVerify != "" && verifyHeader+verified != tc.wantVerify:
				t.Errorf("verify section:\n%s\nwant:\n%s", verifyHeader+verified, tc.wantVerify)
			}
			if tc.wantErr == nil && strings.Contains(got, "at rollback time") {
				t.Errorf("a run that kept its change labels a drawing as at rollback time:\n%s", got)
			}
			if tc.wantEnd != "" && !regexp.MustCompile(tc.wantEnd).MatchString(got) {
				t.Errorf("output does not end with %s:\n%s", tc.wantEnd, got)
			}
			if transcript.Len() == 0 {
				t.Error("WithTranscript: nothing written")
			}
			for _, where := range []struct{ name, text string }{{"output", got}, {"transcript", transcript.String()}, {"error", errText(err)}} {
				for _, s := range seedSecrets(t) {
					if strings.Contains(where.text, s) {
						t.Errorf("%s holds the seed's secret %q", where.name, s)
					}
				}
			}
		})
	}
}

// seedSecrets are the seed scenario's pre-shared keys, the part of one that
// BreakPSK's key reuses (so that neither key can leak) and its login
// passwords.
func seedSecrets(t *testing.T) []string {
	t.Helper()
	sc, err := scenario.Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, tun := range sc.AWS.Tunnels {
		s = append(s, tun.PSK, tun.PSK[:12])
	}
	for _, u := range sc.Router.Users {
		if u.Password != "" {
			s = append(s, u.Password)
		}
	}
	return append(s, "Another.Key")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestRunUnknownBreak(t *testing.T) {
	var out bytes.Buffer
	err := Run(context.Background(), &out, WithBreak("everything"))
	var ube *UnknownBreakError
	if !errors.As(err, &ube) || ube.Value != "everything" {
		t.Fatalf("Run: %v, want UnknownBreakError for %q", err, "everything")
	}
	if out.Len() != 0 {
		t.Errorf("Run wrote before rejecting the break:\n%s", out.String())
	}
}

func TestRunCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Run(ctx, &bytes.Buffer{}); err == nil {
		t.Fatal("Run with a canceled context: nil error")
	}
}
