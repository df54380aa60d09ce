package awsapi

import (
	"time"

	"github.com/ixpush/ixpush/pkg/health"
)

// The sources of an AWS view.
const (
	SourceAPI  = "api"
	SourceFile = "file"
)

// View sets AWS's view of the snapshot beside the router's report.
// advertised is how many prefixes the router announces to AWS.
func (s *Snapshot) View(r health.Report, source string, advertised int, now time.Time) *health.AWSView {
	v := &health.AWSView{Source: source, VPNConnectionID: s.VPNConnectionID, State: s.State, FetchedAt: s.FetchedAt}
	v.Tunnels = health.JoinAWS(r, s.Telemetry, advertised, now)
	agree := health.Agreeing(v.Tunnels)
	v.Agree = &agree
	return v
}
