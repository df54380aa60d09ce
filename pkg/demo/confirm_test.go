package demo

import (
	"bytes"
	"context"
	"regexp"
	"testing"
)

func TestRunConfirm(t *testing.T) {
	var out bytes.Buffer
	if err := RunConfirm(context.Background(), &out); err != nil {
		t.Fatalf("RunConfirm: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		`(?m)^\[\+0s\] ==> ixpush apply SITE --confirm-within 15m0s$`,
		`(?m)^   applied: 29 lines pushed, health ok, NOT saved: awaiting confirmation until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$`,
		`(?m)^\[\+16m0s\] ==> ixpush guard SITE  \(cron\)\n   R10: reverted: reverted \(not confirmed by its deadline .*\): 13 line\(s\) typed; .*; not saved: startup-config never held the change$`,
		`(?m)^   R10: confirmed: health ok; saved \(write memory\)$`,
		`(?m)^   R10: check-failed: health down, ok required: .*\(1 of 3 consecutive failed checks before a revert\)$`,
		`(?m)^   R10: check-failed: .*\(2 of 3 `,
		`(?m)^   R10: reverted: reverted \(health below ok on 3 consecutive checks inside the guard window .*\): 13 line\(s\) typed; .*; saved \(write memory\)$`,
		`(?m)^router R10: last change apply, finished: rolled-back$`,
		`(?m)^  confirm  confirmed at .* UTC \(deadline .* UTC\)$`,
	} {
		if !regexp.MustCompile(want).MatchString(out.String()) {
			t.Errorf("output lacks %s:\n%s", want, out.String())
		}
	}
	for _, psk := range []string{"pq5RW0mMbSxz8k8", "QAElJrXGVeBgHi"} {
		if bytes.Contains(out.Bytes(), []byte(psk)) {
			t.Error("the demo printed a pre-shared key")
		}
	}
}
