package awsapi_test

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/health"
)

// TestSourceViewRefresh: a view older than ViewMaxAge is read again (a
// --watch round, an exporter probe), a dump's never is, and a failed read
// makes the view absent with the reason rather than stale.
func TestSourceViewRefresh(t *testing.T) {
	ip := netip.MustParseAddr("198.51.100.11")
	snap := func(age time.Duration, status string) *awsapi.Snapshot {
		return &awsapi.Snapshot{VPNConnectionID: "vpn-0example0000000001", State: "available", FetchedAt: time.Now().Add(-age),
			Telemetry: []health.AWSTunnel{{OutsideIP: ip, Status: status}}}
	}
	type want struct {
		Calls          int
		Status, Absent string
	}
	for _, tc := range []struct {
		name string
		snap *awsapi.Snapshot
		dump bool
		err  error
		want want
	}{
		{"fresh: not read again", snap(time.Second, "up"), false, nil, want{0, "up", ""}},
		{"old: read again", snap(time.Minute, "up"), false, nil, want{1, "down", ""}},
		{"old, the read fails: absent", snap(time.Minute, "up"), false, errors.New("AWS: access denied"), want{1, "", "AWS's view could not be read again: AWS: access denied"}},
		{"a dump is what it is", snap(time.Hour, "up"), true, nil, want{0, "up", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			src := awsapi.FileSource(tc.snap)
			if !tc.dump {
				src = awsapi.APISource(tc.snap, func(context.Context) (*awsapi.Snapshot, error) {
					calls++
					if tc.err != nil {
						return nil, tc.err
					}
					return snap(0, "down"), nil
				})
			}
			v := src.View(context.Background(), health.Report{}, 0, time.Now())
			got := want{Calls: calls, Absent: v.Absent}
			if len(v.Tunnels) == 1 {
				got.Status = v.Tunnels[0].Status
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
}
