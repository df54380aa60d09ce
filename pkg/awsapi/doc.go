// Package awsapi reads an AWS Site-to-Site VPN connection from the AWS API
// (DescribeVpnConnections, GetVpnTunnelReplacementStatus and, for keys
// stored there, Secrets Manager's GetSecretValue) into a [Snapshot]: the
// connection's XML, its tunnel options (the crypto AWS accepts, per tunnel)
// and its telemetry. A Snapshot builds the [awsvpn.Connection] the planner
// takes, chooses the crypto profile from what both tunnels accept, and
// gives verify AWS's view of each tunnel.
//
// It is the only package that imports the AWS SDK; only cmd/ixpush uses
// it, so the pure packages' tests never compile the SDK. Credentials come
// from the SDK's default chain, and the SDK's endpoint overrides
// (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_SECRETS_MANAGER)
// apply, which is how the tests reach their fake endpoints.
//
// Keys never leave through an error, a log line or a masked dump: they are
// held in [awsvpn.Secret], and the XML in a Snapshot has them masked.
package awsapi
