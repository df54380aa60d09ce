// Package health judges an IX router's AWS VPN from parsed show output. It is
// pure: the caller runs the shows (pkg/ixcli), parses them (pkg/showparse)
// and hands the results here with what the site expects.
package health

import (
	"encoding/json"
	"fmt"
)

// Status follows the monitoring-plugin convention; its value is the exit code.
type Status int

const (
	OK       Status = 0 // both tunnels and neighbours up, every VPC prefix learned
	Degraded Status = 1 // every VPC prefix learned, redundancy lost
	Down     Status = 2 // a VPC prefix is not learned
	Unknown  Status = 3 // could not tell
)

var statusNames = [...]string{"ok", "degraded", "down", "unknown"}

func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// ExitCode is the process exit code for s.
func (s Status) ExitCode() int { return int(s) }

// MarshalJSON writes the name, which is what jobs match on.
func (s Status) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// ParseStatus reads a status name (for --require).
func ParseStatus(name string) (Status, error) {
	for i, n := range statusNames {
		if n == name {
			return Status(i), nil
		}
	}
	return Unknown, fmt.Errorf("status %q is not one of ok, degraded, down, unknown", name)
}

// AtLeast reports whether s is as good as or better than req (ok beats
// degraded beats down; unknown satisfies nothing).
func (s Status) AtLeast(req Status) bool {
	if s == Unknown {
		return false
	}
	return s <= req
}
