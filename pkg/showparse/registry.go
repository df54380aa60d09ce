package showparse

import (
	"io"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// Info names one IX show command three ways: what `ixpush parse` calls it,
// what the tool types (the dialect's Show, the only home of the CLI
// string), and the folder under fixtures/ix/ that holds recorded output
// with a golden JSON beside each file.
type Info struct {
	Kind string
	dialect.Show
	Fixtures string
}

// A Show is a show command and its parser.
type Show[T any] struct {
	Info
	Parse func(io.Reader) (T, error)
}

// Entry is a Show of any result type, for code that ranges over them all.
type Entry interface {
	Describe() Info
	// ParseAny is Parse with the result as an any.
	ParseAny(r io.Reader) (any, error)
}

// Describe returns the show's names.
func (s Show[T]) Describe() Info { return s.Info }

// ParseAny is Parse with the result as an any.
func (s Show[T]) ParseAny(r io.Reader) (any, error) { return s.Parse(r) }

// The show commands showparse reads, one per parser.
var (
	ShowRunningConfig = Show[RunningConfig]{Info{"running-config", dialect.ShowRunningConfig, "show-running-config"}, ParseRunningConfig}
	ShowIKESA         = Show[IKESAs]{Info{"ike-sa", dialect.ShowIKESA, "show-ike-sa"}, ParseIKESAs}
	ShowIPsecSA       = Show[IPsecSAs]{Info{"ipsec-sa", dialect.ShowIPsecSA, "show-ipsec-sa"}, ParseIPsecSAs}
	ShowBGP           = Show[BGPTable]{Info{"bgp", dialect.ShowBGP, "show-ip-bgp"}, ParseBGPTable}
	ShowBGPSummary    = Show[BGPSummary]{Info{"bgp-summary", dialect.ShowBGPSummary, "show-ip-bgp-summary"}, ParseBGPSummary}
	ShowRoute         = Show[RouteTable]{Info{"route", dialect.ShowRoute, "show-ip-route"}, ParseRouteTable}
	ShowVersion       = Show[Version]{Info{"version", dialect.ShowVersion, "show-version"}, ParseVersion}
	ShowInterfaces    = Show[Interfaces]{Info{"interfaces", dialect.ShowInterfaces, "show-interfaces"}, ParseInterfaces}
)

// Registry lists every show command showparse reads, sorted by kind.
func Registry() []Entry {
	return []Entry{ShowBGP, ShowBGPSummary, ShowIKESA, ShowInterfaces, ShowIPsecSA, ShowRoute, ShowRunningConfig, ShowVersion}
}

// Lookup returns the registry entry of kind.
func Lookup(kind string) (Entry, bool) {
	for _, e := range Registry() {
		if e.Describe().Kind == kind {
			return e, true
		}
	}
	return nil, false
}
