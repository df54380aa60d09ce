package health

import "github.com/ixpush/ixpush/pkg/showparse"

// IKECounters are the negotiation counters `show ike sa` prints in the SA
// block of a tunnel's peer. They are for metrics (a rising hash-error count
// is a PSK mismatch before any verdict says so), not for the JSON report,
// whose diagnosis already reads them.
type IKECounters struct {
	// Known is false when the router showed no SA for the peer: then there
	// is nothing to count, and a metric must say nothing rather than 0.
	Known                  bool
	Ph1Failure, Ph1HashErr int
	Ph1Timeout, Ph1Resend  int
	Ph2Failure, Ph2HashErr int
	Ph2Timeout, Ph2Resend  int
}

func countersOf(sa *showparse.IKESA) IKECounters {
	if sa == nil {
		return IKECounters{}
	}
	return IKECounters{
		Known:      true,
		Ph1Failure: sa.Ph1Failure, Ph1HashErr: sa.Ph1HashErr, Ph1Timeout: sa.Ph1Timeout, Ph1Resend: sa.Ph1Resend,
		Ph2Failure: sa.Ph2Failure, Ph2HashErr: sa.Ph2HashErr, Ph2Timeout: sa.Ph2Timeout, Ph2Resend: sa.Ph2Resend,
	}
}
