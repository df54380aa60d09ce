package scenario

import _ "embed"

// SeedAWSCisco is the VPN connection of the seed scenario's aws section as
// AWS's "Cisco IOS 12.4+" sample download would hand it out: what the
// `ixpush demo` reads as its AWS input, so the demo needs nothing from the
// repository's fixture tree. It is a string so no caller can change it.
//
// The simulator never reads it (the scenario's aws section is its own
// statement of the connection); fixtures/aws/seed-cisco.txt is the tests'
// copy, and a test keeps the two identical.
//
//go:embed builtin/seed-aws-cisco.txt
var SeedAWSCisco string
