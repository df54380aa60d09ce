package health

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// coverPrefix marks pr learned through the most specific valid route from an
// AWS neighbour that contains it, when there is no route for the prefix
// itself: AWS may announce the VPC's CIDR while the site names one subnet
// of it (--vpc 172.31.1.0/24 under a learned 172.31.0.0/16), and traffic to
// the subnet follows the aggregate.
func coverPrefix(pr *PrefixReport, table showparse.BGPTable, neighbors map[string]bool) {
	var cover netip.Prefix
	for _, rt := range table.Routes {
		if !neighbors[rt.NextHop] || !rt.Valid {
			continue
		}
		q, err := netip.ParsePrefix(rt.Prefix)
		if err != nil || q.Addr().Is4() != pr.Prefix.Addr().Is4() || q.Bits() >= pr.Prefix.Bits() || !q.Contains(pr.Prefix.Addr()) {
			continue
		}
		if !cover.IsValid() || q.Bits() > cover.Bits() {
			cover = q
		}
	}
	if !cover.IsValid() {
		return
	}
	covered := judgePrefix(cover, table, neighbors)
	pr.Learned, pr.Via, pr.Best, pr.CoveredBy = known(true), covered.Via, covered.Best, cover.String()
}

// missingText is the diagnosis of an expected prefix AWS does not announce
// over established neighbours, with what it does announce: most often the
// site names the wrong VPC CIDR, and the list shows the right one.
func missingText(p netip.Prefix, learned []string) string {
	announced := "nothing"
	if len(learned) > 0 {
		announced = strings.Join(learned, ", ")
	}
	return fmt.Sprintf("%s is not advertised by AWS over the established neighbours (AWS announces %s): check the VPC CIDR given for the site (--vpc, vpc:) and that the VPC's route table propagates from the virtual private gateway", p, announced)
}
