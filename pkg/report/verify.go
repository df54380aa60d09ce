package report

import (
	"fmt"
	"io"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
)

// WriteVerify prints verify's reports as text: one health table per site,
// each under a "== SITE" heading when there are several, and above it the
// site drawing when drawings holds a plan for that site (nil entries, or a
// nil slice, draw nothing). Above both, the unfinished change notes[i]
// holds for that site, if any (WriteUnfinished): the journal is read
// first, so it is said first.
func WriteVerify(w io.Writer, reports []health.SiteReport, drawings []*plan.Plan, notes []UnfinishedNote) error {
	for i, r := range reports {
		if len(reports) > 1 {
			if i > 0 {
				if _, err := fmt.Fprintln(w); err != nil {
					return err
				}
			}
			if _, err := fmt.Fprintf(w, "== %s\n", r.Site); err != nil {
				return err
			}
		}
		if i < len(notes) {
			if err := WriteUnfinished(w, notes[i]); err != nil {
				return err
			}
		}
		if i < len(drawings) && drawings[i] != nil {
			if err := WriteTopology(w, drawings[i], &r.Report); err != nil {
				return err
			}
		}
		if err := health.WriteTable(w, r.Report); err != nil {
			return err
		}
		if err := WriteAWSView(w, r.Report.AWS); err != nil {
			return err
		}
	}
	return nil
}
