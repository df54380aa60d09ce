package scenario

// What AWS allows for IKEv1 tunnels (aws-vpn.md §3); a scenario may narrow
// these but not widen them.
var (
	AWSEncryption     = []string{"AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"}
	AWSIntegrity      = []string{"SHA1", "SHA2-256", "SHA2-384", "SHA2-512"}
	AWSPhase1DHGroups = []int{2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}
	AWSPhase2DHGroups = []int{2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}
)

// Effective returns the proposals with omitted lists replaced by everything
// AWS allows (the AWS default for a tunnel without custom options).
func (p Proposals) Effective() Proposals {
	e := p
	if len(e.Phase1Encryption) == 0 {
		e.Phase1Encryption = AWSEncryption
	}
	if len(e.Phase1Integrity) == 0 {
		e.Phase1Integrity = AWSIntegrity
	}
	if len(e.Phase1DHGroups) == 0 {
		e.Phase1DHGroups = AWSPhase1DHGroups
	}
	if len(e.Phase2Encryption) == 0 {
		e.Phase2Encryption = AWSEncryption
	}
	if len(e.Phase2Integrity) == 0 {
		e.Phase2Integrity = AWSIntegrity
	}
	if len(e.Phase2DHGroups) == 0 {
		e.Phase2DHGroups = AWSPhase2DHGroups
	}
	return e
}
