package plan

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLANVPCOverlap(t *testing.T) {
	pp := netip.MustParsePrefix
	vpc := WithVPC(pp("172.31.0.0/16"))
	tests := []struct {
		name string
		opts []Option
		want *OptionError // nil: accepted
	}{
		{"apart", []Option{vpc, WithLAN(pp("192.168.2.0/24"))}, nil},
		{"equal", []Option{vpc, WithLAN(pp("172.31.0.0/16"))}, &OptionError{Option: OptLAN, Index: 0,
			Msg: "LAN prefix 172.31.0.0/16 is VPC prefix 172.31.0.0/16: traffic between them cannot be routed through the VPN; correct the LAN or VPC prefix, or allow it with --allow-overlap (plan.allow_overlap in a site file)"}},
		{"inside", []Option{vpc, WithLAN(pp("192.168.2.0/24"), pp("172.31.5.0/24"))}, &OptionError{Option: OptLAN, Index: 1,
			Msg: "LAN prefix 172.31.5.0/24 overlaps VPC prefix 172.31.0.0/16: traffic between them cannot be routed through the VPN; correct the LAN or VPC prefix, or allow it with --allow-overlap (plan.allow_overlap in a site file)"}},
		{"around", []Option{vpc, WithLAN(pp("172.16.0.0/12"))}, &OptionError{Option: OptLAN, Index: 0,
			Msg: "LAN prefix 172.16.0.0/12 overlaps VPC prefix 172.31.0.0/16: traffic between them cannot be routed through the VPN; correct the LAN or VPC prefix, or allow it with --allow-overlap (plan.allow_overlap in a site file)"}},
		{"allowed", []Option{vpc, WithLAN(pp("172.31.0.0/16")), WithAllowOverlap(true)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckOptions(tt.opts...)
			var got *OptionError
			if err != nil && !errors.As(err, &got) {
				t.Fatalf("%v is not an *OptionError", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
