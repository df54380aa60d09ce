package awsapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/ixpush/ixpush/pkg/awsvpn"
)

// fillKeys puts each tunnel's pre-shared key in s.Tunnels: from the tunnel
// options when AWS returns it there, else from the XML, else — the
// connection stores its keys in Secrets Manager — from the secret. An ARN
// alone does not mean the keys are there (AWS may report one for keys it
// stores itself), so the secret is read only when the keys are missing.
func (c *Client) fillKeys(ctx context.Context, s *Snapshot, v types.VpnConnection) error {
	xmlKeys := map[netip.Addr]awsvpn.Secret{}
	if doc := aws.ToString(v.CustomerGatewayConfiguration); doc != "" {
		if k, err := awsvpn.XMLKeys(strings.NewReader(doc)); err == nil {
			xmlKeys = k
		}
	}
	s.KeysFrom = "tunnel-options"
	missing := false
	for i, t := range s.Tunnels {
		if !t.PSK.IsZero() {
			continue
		}
		if k, ok := xmlKeys[t.OutsideIP]; ok {
			s.Tunnels[i].PSK, s.KeysFrom = k, "xml"
			continue
		}
		missing = true
	}
	if !missing || s.KeySecretARN == "" {
		return nil // awsvpn names a tunnel still without a key
	}
	keys, err := c.secretKeys(ctx, s)
	if err != nil {
		return err
	}
	for i, t := range s.Tunnels {
		if t.PSK.IsZero() {
			s.Tunnels[i].PSK = keys(t.OutsideIP)
		}
	}
	s.KeysFrom = "secrets-manager"
	return nil
}

// secretKeys reads the connection's key secret. Its layout is not
// documented (doc.go says what was searched); ixpush reads a JSON object
// keyed by tunnel outside IP, or one plain key for both tunnels, and
// refuses anything else without quoting it.
func (c *Client) secretKeys(ctx context.Context, s *Snapshot) (func(netip.Addr) awsvpn.Secret, error) {
	out, err := c.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(s.KeySecretARN)})
	if err != nil {
		return nil, fmt.Errorf("VPN connection %s: pre-shared keys in Secrets Manager: %w", s.VPNConnectionID, apiError(err, ActionSecret, c.region))
	}
	text := strings.TrimSpace(aws.ToString(out.SecretString))
	if text == "" {
		return nil, fmt.Errorf("%w: VPN connection %s: the pre-shared key secret has no SecretString", ErrInput, s.VPNConnectionID)
	}
	// A key never starts with a bracket (awsvpn's key rule), so text that
	// does is JSON, and only an object of strings is a layout ixpush knows.
	if !strings.HasPrefix(text, "{") && !strings.HasPrefix(text, "[") {
		one := awsvpn.NewSecret(text)
		return func(netip.Addr) awsvpn.Secret { return one }, nil
	}
	var byIP map[string]string
	if err := json.Unmarshal([]byte(text), &byIP); err != nil {
		return nil, fmt.Errorf("%w: VPN connection %s: the pre-shared key secret is JSON but not an object of strings", ErrInput, s.VPNConnectionID)
	}
	for _, t := range s.Tunnels {
		if _, ok := byIP[t.OutsideIP.String()]; !ok && t.PSK.IsZero() {
			return nil, fmt.Errorf("%w: VPN connection %s: tunnel %s: the pre-shared key secret has no entry for this outside IP", ErrInput, s.VPNConnectionID, t.OutsideIP)
		}
	}
	return func(ip netip.Addr) awsvpn.Secret { return awsvpn.NewSecret(byIP[ip.String()]) }, nil
}
