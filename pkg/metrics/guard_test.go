package metrics

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestWriteGuard(t *testing.T) {
	deadline := time.Date(2026, 12, 3, 10, 15, 0, 0, time.UTC)
	var b strings.Builder
	err := WriteGuard(&b, []GuardSample{
		{Site: "R10", Reverted: true},
		{Site: "R11", Deadline: deadline},
		{Site: "R12"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `# HELP ixpush_guard_reverts_total ` + guardRevertsHelp + `
# TYPE ixpush_guard_reverts_total counter
ixpush_guard_reverts_total{site="R10"} 1
ixpush_guard_reverts_total{site="R11"} 0
ixpush_guard_reverts_total{site="R12"} 0
# HELP ixpush_pending_confirm_deadline_seconds ` + pendingDeadlineHelp + `
# TYPE ixpush_pending_confirm_deadline_seconds gauge
ixpush_pending_confirm_deadline_seconds{site="R11"} 1.7962929e+09
`
	if d := cmp.Diff(want, b.String()); d != "" {
		t.Errorf("WriteGuard (-want +got):\n%s", d)
	}
}
