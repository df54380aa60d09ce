package health

// Evidence names what a verdict rests on.
type Evidence string

const (
	// EvidenceConfigMode: the IKE, IPsec and BGP shows, which the IX
	// serves in configuration mode only.
	EvidenceConfigMode Evidence = "config-mode"
	// EvidenceOperationMode: what operation mode serves (tunnel
	// interfaces, the routing table, BGP where the router allows it),
	// read when configuration mode was held elsewhere or not to be taken.
	EvidenceOperationMode Evidence = "operation-mode"
	// EvidenceNone: nothing was read from the router.
	EvidenceNone Evidence = "none"
)

// Facts a report could not establish are nil: null in JSON, `?` in the
// table, no sample in Prometheus. A false or a zero is something the router
// showed.

func known[T any](v T) *T { return &v }

// EvidenceOf is the report's evidence; a report built before evidence was
// recorded read nothing it could say.
func EvidenceOf(r Report) Evidence {
	if r.Evidence == "" {
		return EvidenceNone
	}
	return r.Evidence
}

// IsUp reports whether the tunnel is known to be up.
func (t TunnelReport) IsUp() bool { return t.Up != nil && *t.Up }

// IsLearned reports whether the prefix is known to be learned.
func (p PrefixReport) IsLearned() bool { return p.Learned != nil && *p.Learned }

// deref is *p, or the zero value for nil (for diagnoses, which only run
// on facts the router showed).
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
