package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ixpush/ixpush/pkg/health"
)

// WriteAWSView prints AWS's view under the router's table: one line for
// the connection, one per tunnel with AWS's status, message and accepted
// routes, and what disagrees with the router. nil prints nothing (the
// caller did not ask AWS); an absent view prints why.
func WriteAWSView(w io.Writer, v *health.AWSView) error {
	if v == nil {
		return nil
	}
	if v.Absent != "" {
		_, err := fmt.Fprintf(w, "AWS view: absent (%s)\n", v.Absent)
		return err
	}
	verdict := "agrees with the router"
	if v.Agree != nil && !*v.Agree {
		verdict = "DISAGREES with the router"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "AWS view (%s, %s, %s at %s): %s\n", v.VPNConnectionID, v.State, v.Source, v.FetchedAt.Format("2006-01-02 15:04:05Z"), verdict)
	for _, t := range v.Tunnels {
		status := strings.ToUpper(t.Status)
		if t.UnderReplacement {
			status += " (maintenance)"
		}
		name := t.Interface
		if name == "" {
			name = "-"
		}
		fmt.Fprintf(&b, "  %-10s %-15s AWS %-4s %-20s accepted routes %d", name, t.OutsideIP, status, quoted(t.StatusMessage), t.AcceptedRoutes)
		if t.Disagreement != "" {
			fmt.Fprintf(&b, "  %s", strings.ToUpper(t.Disagreement))
		}
		b.WriteString("\n")
		if t.Note != "" {
			fmt.Fprintf(&b, "    %s\n", t.Note)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func quoted(s string) string {
	if s == "" {
		return "-"
	}
	return fmt.Sprintf("%q", s)
}
