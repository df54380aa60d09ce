package report

import (
	"encoding/json"
	"io"
	"time"
)

// SchemaVersion is the version of every JSON object ixpush prints. It
// changes only when a field is removed or changes meaning; new fields keep it.
const SchemaVersion = 1

// Envelope is the one JSON shape every command prints: the same fields
// around each command's own result, so a job reads outcome and error the
// same way whatever it ran. Enumerated values (outcome, kinds, states) are
// lower case with hyphens.
type Envelope struct {
	SchemaVersion int `json:"schema_version"`
	// Kind is "site" for one router's result and "summary" for the line
	// that closes a fleet's JSON Lines stream.
	Kind      string    `json:"kind"`
	Command   string    `json:"command"`
	Site      string    `json:"site,omitempty"`
	Host      string    `json:"host,omitempty"`
	StartedAt time.Time `json:"started_at"`
	DurationS float64   `json:"duration_s"`
	Outcome   string    `json:"outcome"`
	Error     *Failure  `json:"error,omitempty"`
	Result    any       `json:"result,omitempty"`
}

// Failure is why a command did not do what it was asked, and the exact
// command to run next.
type Failure struct {
	Message string `json:"message"`
	Next    string `json:"next,omitempty"`
}

// The envelope kinds.
const (
	KindSite    = "site"
	KindSummary = "summary"
)

// NewEnvelope starts the envelope of one command's result for one site.
func NewEnvelope(command, site, host string, started time.Time) Envelope {
	return Envelope{
		SchemaVersion: SchemaVersion,
		Kind:          KindSite,
		Command:       command,
		Site:          site,
		Host:          host,
		StartedAt:     started.UTC(),
	}
}

// Finish records the outcome, the result and, for a failure, its message
// and next command; the duration runs from StartedAt to now.
func (e Envelope) Finish(now time.Time, outcome string, result any, fail *Failure) Envelope {
	e.DurationS = now.Sub(e.StartedAt).Seconds()
	e.Outcome = outcome
	e.Result = result
	e.Error = fail
	return e
}

// WriteJSONLine writes v as one compact JSON line: the JSON Lines form a
// fleet streams, one object per site as each finishes.
func WriteJSONLine(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}
