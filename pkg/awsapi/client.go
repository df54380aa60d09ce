package awsapi

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
)

// The IAM actions ixpush calls; the README's policy lists exactly these
// (the two of the sample cross-check are in sample.go).
const (
	ActionDescribe    = "ec2:DescribeVpnConnections"
	ActionReplacement = "ec2:GetVpnTunnelReplacementStatus"
	ActionSecret      = "secretsmanager:GetSecretValue"
)

// The actions without which ixpush still works, with a warning:
// ActionReplacement, ActionDeviceTypes and ActionSample.

// Client reads VPN connections from one region. It is safe for
// concurrent use (a fleet's sites share one per region and profile).
type Client struct {
	ec2     *ec2.Client
	secrets *secretsmanager.Client
	region  string
	timeout time.Duration
	now     func() time.Time

	// deviceID caches the Cisco sample's device type id: one listing per
	// client, not one per fetch.
	mu       sync.Mutex
	deviceID string
}

// FetchOption tunes one Fetch.
type FetchOption func(*fetchOptions)

type fetchOptions struct{ viewOnly bool }

// ViewOnly is for a re-read of a connection already fetched, for AWS's
// view (telemetry, replacement) only: the sample cross-check, which
// guards the plan's input, is not repeated unless the XML is missing.
// A verify --watch or an exporter re-reads every site often; this keeps
// each re-read to DescribeVpnConnections and the replacement status.
func ViewOnly() FetchOption { return func(o *fetchOptions) { o.viewOnly = true } }

// New loads the SDK's default configuration (credential chain, shared
// config, endpoint overrides) for the region and profile the options name.
// It contacts nothing: credentials are resolved on the first call.
func New(ctx context.Context, opts ...Option) (*Client, error) {
	o := options{maxAttempts: DefaultAttempts, maxBackoff: DefaultMaxBackoff}
	for _, opt := range opts {
		opt(&o)
	}
	if o.timeout <= 0 {
		o.timeout = DefaultTimeout
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	load := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(so *retry.StandardOptions) {
				so.MaxAttempts, so.MaxBackoff = o.maxAttempts, o.maxBackoff
			})
		}),
	}
	if o.region != "" {
		load = append(load, config.WithRegion(o.region))
	}
	if o.profile != "" {
		load = append(load, config.WithSharedConfigProfile(o.profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		// A missing or broken profile: the SDK's message names the profile
		// and file, never a secret.
		return nil, fmt.Errorf("%w: loading the AWS configuration: %s", ErrInput, firstLine(err.Error()))
	}
	if cfg.Region == "" {
		return nil, fmt.Errorf("%w: no region: give --region (site: aws.region) or set AWS_REGION", ErrInput)
	}
	return &Client{ec2: ec2.NewFromConfig(cfg), secrets: secretsmanager.NewFromConfig(cfg), region: cfg.Region, timeout: o.timeout, now: time.Now}, nil
}

// Region is the region the client reads.
func (c *Client) Region() string { return c.region }

// Fetch reads VPN connection id: DescribeVpnConnections, the keys (from the
// tunnel options or the XML, else from Secrets Manager), each tunnel's
// replacement status, and AWS's Cisco sample, cross-checked against the
// rest. A replacement status or a sample AWS does not give (permission,
// region) is a warning, not an error: DescribeVpnConnections is enough.
// The whole fetch, retries included, is bounded by WithTimeout.
func (c *Client) Fetch(ctx context.Context, id string, opts ...FetchOption) (*Snapshot, []string, error) {
	bounded, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	s, warnings, err := c.fetch(bounded, id, opts...)
	if err != nil && ctx.Err() == nil && bounded.Err() != nil {
		// The SDK words a deadline as its own failure; the bound is ours.
		return nil, nil, temporary(fmt.Errorf("VPN connection %s: %w: no complete answer from the AWS API in region %s within %s (the fetch bound, retries included): check the network and --region (or AWS_ENDPOINT_URL), then try again", id, ErrInput, c.region, c.timeout))
	}
	return s, warnings, err
}

func (c *Client) fetch(ctx context.Context, id string, opts ...FetchOption) (*Snapshot, []string, error) {
	var fo fetchOptions
	for _, opt := range opts {
		opt(&fo)
	}
	if !strings.HasPrefix(id, "vpn-") || strings.ContainsAny(id, " \t\r\n") {
		return nil, nil, fmt.Errorf("%w: %q is not a VPN connection ID (vpn-…)", ErrInput, id)
	}
	out, err := c.ec2.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{id}})
	if err != nil {
		return nil, nil, fmt.Errorf("VPN connection %s: %w", id, apiError(err, ActionDescribe, c.region))
	}
	if len(out.VpnConnections) != 1 {
		return nil, nil, fmt.Errorf("VPN connection %s: %w: not found in region %s: check the ID and --region", id, ErrInput, c.region)
	}
	s, err := snapshotOf(out.VpnConnections[0], c.region, c.now())
	if err != nil {
		return nil, nil, err
	}
	if err := c.fillKeys(ctx, s, out.VpnConnections[0]); err != nil {
		return nil, nil, err
	}
	var warnings []string
	if s.State == "available" {
		warnings = c.fillReplacement(ctx, s)
		if !fo.viewOnly || strings.TrimSpace(s.XML) == "" {
			w, err := c.fillSample(ctx, s)
			if err != nil {
				return nil, nil, err
			}
			warnings = append(warnings, w...)
		}
	}
	return s, warnings, nil
}

func snapshotOf(v types.VpnConnection, region string, now time.Time) (*Snapshot, error) {
	s := &Snapshot{
		Kind: SnapshotKind, FetchedAt: now.UTC(), Region: region,
		VPNConnectionID:   aws.ToString(v.VpnConnectionId),
		State:             string(v.State),
		Type:              string(v.Type),
		CustomerGatewayID: aws.ToString(v.CustomerGatewayId),
		Gateway:           aws.ToString(v.VpnGatewayId),
		KeySecretARN:      aws.ToString(v.PreSharedKeyArn),
		XML:               awsvpn.MaskXMLKeys(aws.ToString(v.CustomerGatewayConfiguration)),
		Tunnels:           []TunnelOptions{},
		Telemetry:         []health.AWSTunnel{},
	}
	if s.Gateway == "" {
		s.Gateway = aws.ToString(v.TransitGatewayId)
	}
	if o := v.Options; o != nil {
		s.StaticRoutesOnly = aws.ToBool(o.StaticRoutesOnly)
		s.LocalCIDR, s.RemoteCIDR = aws.ToString(o.LocalIpv4NetworkCidr), aws.ToString(o.RemoteIpv4NetworkCidr)
		for _, t := range o.TunnelOptions {
			to, err := tunnelOptionsOf(s.VPNConnectionID, t)
			if err != nil {
				return nil, err
			}
			s.Tunnels = append(s.Tunnels, to)
		}
	}
	for _, t := range v.VgwTelemetry {
		ip, err := netip.ParseAddr(aws.ToString(t.OutsideIpAddress))
		if err != nil {
			return nil, fmt.Errorf("%w: VPN connection %s: telemetry outside IP %q is not an address", ErrInput, s.VPNConnectionID, aws.ToString(t.OutsideIpAddress))
		}
		s.Telemetry = append(s.Telemetry, health.AWSTunnel{
			OutsideIP: ip, Status: strings.ToLower(string(t.Status)), StatusMessage: aws.ToString(t.StatusMessage),
			AcceptedRoutes: int(aws.ToInt32(t.AcceptedRouteCount)), LastChange: aws.ToTime(t.LastStatusChange).UTC(),
		})
	}
	slices.SortFunc(s.Tunnels, func(a, b TunnelOptions) int { return a.OutsideIP.Compare(b.OutsideIP) })
	slices.SortFunc(s.Telemetry, func(a, b health.AWSTunnel) int { return a.OutsideIP.Compare(b.OutsideIP) })
	return s, nil
}

func tunnelOptionsOf(id string, t types.TunnelOption) (TunnelOptions, error) {
	ip, err := netip.ParseAddr(aws.ToString(t.OutsideIpAddress))
	if err != nil {
		return TunnelOptions{}, fmt.Errorf("%w: VPN connection %s: tunnel option outside IP %q is not an address", ErrInput, id, aws.ToString(t.OutsideIpAddress))
	}
	to := TunnelOptions{
		OutsideIP: ip, InsideCIDR: aws.ToString(t.TunnelInsideCidr), PSK: awsvpn.NewSecret(aws.ToString(t.PreSharedKey)),
		Phase1Lifetime: int(aws.ToInt32(t.Phase1LifetimeSeconds)), Phase2Lifetime: int(aws.ToInt32(t.Phase2LifetimeSeconds)),
		RekeyMargin: int(aws.ToInt32(t.RekeyMarginTimeSeconds)), DPDTimeout: int(aws.ToInt32(t.DpdTimeoutSeconds)),
		DPDTimeoutAction: aws.ToString(t.DpdTimeoutAction), StartupAction: aws.ToString(t.StartupAction),
	}
	for _, v := range t.Phase1EncryptionAlgorithms {
		to.Phase1Encryption = append(to.Phase1Encryption, aws.ToString(v.Value))
	}
	for _, v := range t.Phase2EncryptionAlgorithms {
		to.Phase2Encryption = append(to.Phase2Encryption, aws.ToString(v.Value))
	}
	for _, v := range t.Phase1IntegrityAlgorithms {
		to.Phase1Integrity = append(to.Phase1Integrity, aws.ToString(v.Value))
	}
	for _, v := range t.Phase2IntegrityAlgorithms {
		to.Phase2Integrity = append(to.Phase2Integrity, aws.ToString(v.Value))
	}
	for _, v := range t.Phase1DHGroupNumbers {
		to.Phase1DHGroups = append(to.Phase1DHGroups, int(aws.ToInt32(v.Value)))
	}
	for _, v := range t.Phase2DHGroupNumbers {
		to.Phase2DHGroups = append(to.Phase2DHGroups, int(aws.ToInt32(v.Value)))
	}
	for _, v := range t.IkeVersions {
		to.IKEVersions = append(to.IKEVersions, aws.ToString(v.Value))
	}
	return to, nil
}

// fillReplacement adds each tunnel's pending endpoint replacement to the
// telemetry.
func (c *Client) fillReplacement(ctx context.Context, s *Snapshot) []string {
	var warnings []string
	for i, t := range s.Telemetry {
		ip := t.OutsideIP.String()
		out, err := c.ec2.GetVpnTunnelReplacementStatus(ctx, &ec2.GetVpnTunnelReplacementStatusInput{VpnConnectionId: &s.VPNConnectionID, VpnTunnelOutsideIpAddress: &ip})
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("tunnel %s: no replacement status, so maintenance is not told from faults: %v", ip, apiError(err, ActionReplacement, c.region)))
			continue
		}
		if m := out.MaintenanceDetails; m != nil {
			s.Telemetry[i].Maintenance = aws.ToString(m.PendingMaintenance)
			s.Telemetry[i].LastMaintenance = aws.ToTime(m.LastMaintenanceApplied).UTC()
		}
	}
	return warnings
}
