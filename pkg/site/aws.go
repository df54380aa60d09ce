package site

import (
	"fmt"
	"regexp"
)

var (
	vpnIDRE   = regexp.MustCompile(`^vpn-([0-9a-f]{8}|[0-9a-f]{17})$`)
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d{1,2}$`)
	profileRE = regexp.MustCompile(`^[A-Za-z0-9_.@+=,-]{1,128}$`)
)

// FromAWSAPI reports whether the VPN connection is read from the AWS API
// (aws.vpn_connection_id) rather than from aws.file. A file wins when both
// are set: it is how a dump of the API's answer is replayed offline.
func (s *Site) FromAWSAPI() bool { return s.AWS.File == "" && s.AWS.VPNConnectionID != "" }

// CheckAWS checks where the AWS VPN configuration comes from (Validate
// does it too; plan, which reads no site file, calls it alone).
func (s *Site) CheckAWS() error {
	a := s.AWS
	bad := func(field, value, reason string) error {
		return &FieldError{Field: field, Value: value, Reason: reason}
	}
	if a.File == "" && a.VPNConnectionID == "" {
		return fmt.Errorf("%w: aws.file: missing (the AWS VPN configuration: Cisco sample text, CustomerGatewayConfiguration XML, YAML or an --aws-dump file), or set aws.vpn_connection_id to read it from the AWS API", ErrInvalid)
	}
	if a.VPNConnectionID != "" && !vpnIDRE.MatchString(a.VPNConnectionID) {
		return bad("aws.vpn_connection_id", a.VPNConnectionID, "not a VPN connection ID (vpn- and 8 or 17 hex digits)")
	}
	if a.Region != "" && !regionRE.MatchString(a.Region) {
		return bad("aws.region", a.Region, "not an AWS region name (like ap-northeast-1)")
	}
	if a.Profile != "" && !profileRE.MatchString(a.Profile) {
		return bad("aws.profile", a.Profile, "not a profile name of the AWS shared config")
	}
	return nil
}
