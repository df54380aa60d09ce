// Package awsapi reads an AWS Site-to-Site VPN connection from the AWS API
// (DescribeVpnConnections, GetVpnTunnelReplacementStatus, AWS's Cisco IOS
// sample through GetVpnConnectionDeviceTypes and
// GetVpnConnectionDeviceSampleConfiguration and, for keys stored there,
// Secrets Manager's GetSecretValue) into a [Snapshot]: the connection's
// XML, its tunnel options (the crypto AWS accepts, per tunnel), its
// telemetry and the sample. A Snapshot builds the [awsvpn.Connection] the
// planner takes, chooses the crypto profile from what both tunnels accept,
// and gives verify AWS's view of each tunnel.
//
// It is the only package that imports the AWS SDK; only cmd/ixpush uses
// it, so the pure packages' tests never compile the SDK. Credentials come
// from the SDK's default chain, and the SDK's endpoint overrides
// (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_SECRETS_MANAGER)
// apply, which is how the tests reach their fake endpoints.
//
// # The sample cross-check
//
// AWS's two answers about one connection, DescribeVpnConnections and the
// sample, must agree per tunnel (keyed by outside IP) on the inside CIDR,
// the ASNs and the key, or nothing is built. The device type is found by
// its names, vendor "Cisco Systems, Inc.", platform "ISR Series Routers"
// (else "CSRv AMI", the seed's choice, or "Cisco ASR 1000": the same IOS
// 12.4+ text) and software "IOS 12.4+", as a published
// `aws ec2 get-vpn-connection-device-types` listing shows them; the ids
// are not assumed. Both calls are optional: without them, or when AWS
// refuses them, the check is skipped with a warning — except when
// DescribeVpnConnections gives no CustomerGatewayConfiguration, where the
// sample is the source of the addresses and ASNs.
//
// # The key secret's layout
//
// Where the connection stores its keys in Secrets Manager
// (PreSharedKeyStorage SecretsManager, PreSharedKeyArn), the layout of the
// secret's value is not documented. Searched: the EC2 API reference
// (CreateVpnConnection, ModifyVpnTunnelOptions, VpnConnection's
// PreSharedKeyArn: "the secret storing the pre-shared key(s)"), the SDK
// references, and the Site-to-Site VPN service-linked role's managed
// policy AWSVPCS2SVpnServiceRolePolicy, which only tells that the
// service's secrets are named s2svpn!… and tagged
// aws:secretsmanager:owningService=s2svpn. So ixpush accepts the two
// layouts a person or AWS would plausibly write — a JSON object keyed by
// tunnel outside IP, or one plain key for both tunnels — and refuses any
// other JSON, without quoting it; the fake's tests cover each.
//
// Keys never leave through an error, a log line or a masked dump: they are
// held in [awsvpn.Secret], and the XML and sample in a Snapshot have them
// masked.
package awsapi
