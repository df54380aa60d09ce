package health

// SiteReport is one site's report, labelled with the site's name.
type SiteReport struct {
	Site   string `json:"site"`
	Report Report `json:"report"`
}

// Worst is the verdict of a fleet: the worst status of its sites (ok for
// none), and how many could not be verified at all.
func Worst(reports []SiteReport) (worst Status, unknowns int) {
	for _, r := range reports {
		worst = max(worst, r.Report.Status)
		if r.Report.Status == Unknown {
			unknowns++
		}
	}
	return worst, unknowns
}

func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}
