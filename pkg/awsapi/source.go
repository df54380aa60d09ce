package awsapi

import (
	"context"
	"sync"
	"time"

	"github.com/ixpush/ixpush/pkg/health"
)

// ViewMaxAge is how old AWS's view may be before a Source reads it again:
// a verify --watch round or an exporter probe must not show the telemetry
// of when the process started.
const ViewMaxAge = 30 * time.Second

// Source is a site's connection as AWS gave it: the snapshot a run read,
// from the API (read again for a view older than ViewMaxAge) or from an
// --aws-dump file (never read again). Safe for concurrent use: an
// exporter's probes share it.
type Source struct {
	mu      sync.Mutex
	snap    *Snapshot
	kind    string // SourceAPI or SourceFile
	refetch func(context.Context) (*Snapshot, error)
}

// APISource is a snapshot fetched from the API; refetch reads it again
// (a view-only Fetch, under its own deadline).
func APISource(snap *Snapshot, refetch func(context.Context) (*Snapshot, error)) *Source {
	return &Source{snap: snap, kind: SourceAPI, refetch: refetch}
}

// FileSource is a snapshot read from a dump.
func FileSource(snap *Snapshot) *Source { return &Source{snap: snap, kind: SourceFile} }

// Snapshot is the latest snapshot.
func (s *Source) Snapshot() *Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snap
}

// View is AWS's view beside the router's report r (Snapshot.View), read
// again first when older than ViewMaxAge; absent, with the reason, when
// that read fails: a stale view would pass for today's.
func (s *Source) View(ctx context.Context, r health.Report, advertised int, now time.Time) *health.AWSView {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refetch != nil && now.Sub(s.snap.FetchedAt) > ViewMaxAge {
		snap, err := s.refetch(ctx)
		if err != nil {
			return health.AbsentAWSView("AWS's view could not be read again: " + err.Error())
		}
		s.snap = snap
	}
	return s.snap.View(r, s.kind, advertised, now)
}
