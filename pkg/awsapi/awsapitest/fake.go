// Package awsapitest is a fake AWS endpoint for tests: an httptest.Server
// that answers the EC2 Query API calls ixpush makes
// (DescribeVpnConnections, GetVpnTunnelReplacementStatus,
// GetVpnConnectionDeviceTypes, GetVpnConnectionDeviceSampleConfiguration)
// with XML in AWS's documented shape, and Secrets Manager's GetSecretValue
// in its JSON protocol. Point the SDK at it with [Server.Setenv]
// (AWS_ENDPOINT_URL and static test credentials).
package awsapitest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Connection is one VPN connection the fake holds.
type Connection struct {
	ID                string
	State             string // "" is available
	CustomerGatewayID string
	// Gateway is vgw-… or tgw-…; a transit gateway leaves the XML's
	// vpn_gateway_id empty, as AWS does.
	Gateway           string
	CustomerGatewayIP string
	CustomerASN       uint32
	AmazonASN         uint32
	StaticRoutesOnly  bool
	// Tunnels are listed in this order, in the XML and the API alike.
	Tunnels []Tunnel
	// SecretARN, with KeysInSecret, stores the keys in Secrets Manager: the
	// XML and the tunnel options carry none, the secret holds a JSON object
	// keyed by outside IP.
	SecretARN    string
	KeysInSecret bool
	// OmitXML leaves CustomerGatewayConfiguration out (deleted connections).
	OmitXML bool
	// SampleTweak, when set, changes a copy of the connection before its
	// Cisco sample is rendered, so the sample can disagree with
	// DescribeVpnConnections.
	SampleTweak func(*Connection)
	// SecretString, when set, is the key secret's SecretString as it is,
	// instead of the JSON object keyed by outside IP.
	SecretString string
}

// Tunnel is one tunnel: its addresses and key, what AWS accepts on it,
// and its telemetry.
type Tunnel struct {
	OutsideIP  string
	InsideCIDR string // the /30: AWS has .1, the customer .2
	PSK        string
	// Empty lists are AWS's defaults (everything allowed) and are sent
	// empty, as AWS does.
	Phase1Encryption, Phase1Integrity []string
	Phase2Encryption, Phase2Integrity []string
	Phase1DHGroups, Phase2DHGroups    []int
	IKEVersions                       []string
	Status                            string // UP or DOWN; "" is UP
	StatusMessage                     string
	AcceptedRoutes                    int
	PendingMaintenance                string
	LastMaintenance                   time.Time
}

// Server is the fake endpoint.
type Server struct {
	*httptest.Server
	mu    sync.Mutex
	conns map[string]*Connection
	fails map[string][]failure
	calls map[string]int
	// invocations are the SDK's invocation IDs seen per action: its
	// retries of one call share one.
	invocations map[string]map[string]bool
}

type failure struct {
	code   string
	status int
}

// Start starts the fake with conns; it stops when t ends.
func Start(t testing.TB, conns ...Connection) *Server {
	s := &Server{conns: map[string]*Connection{}, fails: map[string][]failure{}, calls: map[string]int{}, invocations: map[string]map[string]bool{}}
	for _, c := range conns {
		s.Put(c)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Setenv points the AWS SDK at the fake for the rest of t: the endpoint
// override, static credentials, a region, and no shared files or IMDS.
func (s *Server) Setenv(t testing.TB, region string) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":            s.URL,
		"AWS_ACCESS_KEY_ID":           "AKIDFAKEFORTESTS",
		"AWS_SECRET_ACCESS_KEY":       "fake-secret-for-tests",
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  region,
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             dir + "/config",
		"AWS_SHARED_CREDENTIALS_FILE": dir + "/credentials",
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		t.Setenv(k, v)
	}
}

// Put adds or replaces a connection.
func (s *Server) Put(c Connection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cc := c
	cc.Tunnels = append([]Tunnel(nil), c.Tunnels...)
	s.conns[c.ID] = &cc
}

// SetTunnel changes one tunnel's telemetry.
func (s *Server) SetTunnel(id, outsideIP, status, message string, accepted int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, t := range s.conns[id].Tunnels {
		if t.OutsideIP == outsideIP {
			t.Status, t.StatusMessage, t.AcceptedRoutes = status, message, accepted
			s.conns[id].Tunnels[i] = t
		}
	}
}

// Fail makes the next n calls of action (DescribeVpnConnections,
// GetSecretValue, ...) answer with AWS error code at HTTP status.
func (s *Server) Fail(action, code string, status, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fails[action] = append(s.fails[action], failure{code, status})
	}
}

// Hang makes the next n calls of action answer nothing until the client
// gives up (its deadline, or the fake closing): an endpoint that accepts
// the connection and then stalls.
func (s *Server) Hang(action string, n int) { s.Fail(action, "", 0, n) }

// Calls counts the requests for action, failed ones and retries included.
func (s *Server) Calls(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[action]
}

// Invocations counts the SDK calls of action, each with its retries once
// (by the Amz-Sdk-Invocation-Id header they share): what a test of how
// often the client asks compares, whatever the network made it repeat.
func (s *Server) Invocations(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.invocations[action])
}

// count records one request for action; the caller holds mu.
func (s *Server) count(action string, r *http.Request) {
	s.calls[action]++
	if s.invocations[action] == nil {
		s.invocations[action] = map[string]bool{}
	}
	s.invocations[action][r.Header.Get("Amz-Sdk-Invocation-Id")] = true
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		s.serveSecrets(w, r, target, body)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	action := form.Get("Action")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count(action, r)
	f, failed := s.popFailure(action)
	if failed && f.status == 0 {
		s.mu.Unlock()
		<-r.Context().Done() // a Hang: the client's deadline ends it
		s.mu.Lock()
		return
	}
	if failed {
		writeEC2Error(w, f.status, f.code, "injected by the fake")
		return
	}
	switch action {
	case "DescribeVpnConnections":
		s.describe(w, form)
	case "GetVpnTunnelReplacementStatus":
		s.replacement(w, form)
	case "GetVpnConnectionDeviceTypes":
		s.deviceTypes(w, form)
	case "GetVpnConnectionDeviceSampleConfiguration":
		s.sample(w, form)
	default:
		writeEC2Error(w, http.StatusBadRequest, "InvalidAction", "the fake does not answer "+action)
	}
}

func (s *Server) popFailure(action string) (failure, bool) {
	q := s.fails[action]
	if len(q) == 0 {
		return failure{}, false
	}
	s.fails[action] = q[1:]
	return q[0], true
}

func (s *Server) describe(w http.ResponseWriter, form url.Values) {
	var items []vpnItem
	for i := 1; ; i++ {
		id := form.Get(fmt.Sprintf("VpnConnectionId.%d", i))
		if id == "" {
			break
		}
		c, ok := s.conns[id]
		if !ok {
			writeEC2Error(w, http.StatusBadRequest, "InvalidVpnConnectionID.NotFound", fmt.Sprintf("The vpnConnection ID '%s' does not exist", id))
			return
		}
		items = append(items, itemOf(c))
	}
	writeXML(w, describeResponse{Xmlns: ec2NS, RequestID: "fake-request", Set: items})
}

func (s *Server) replacement(w http.ResponseWriter, form url.Values) {
	c, ok := s.conns[form.Get("VpnConnectionId")]
	if !ok {
		writeEC2Error(w, http.StatusBadRequest, "InvalidVpnConnectionID.NotFound", "no such connection")
		return
	}
	ip := form.Get("VpnTunnelOutsideIpAddress")
	for _, t := range c.Tunnels {
		if t.OutsideIP != ip {
			continue
		}
		out := replacementResponse{Xmlns: ec2NS, RequestID: "fake-request", ID: c.ID, OutsideIP: ip, CustomerGatewayID: c.CustomerGatewayID}
		out.Maintenance.Pending = t.PendingMaintenance
		if !t.LastMaintenance.IsZero() {
			out.Maintenance.LastApplied = t.LastMaintenance.UTC().Format(time.RFC3339)
		}
		writeXML(w, out)
		return
	}
	writeEC2Error(w, http.StatusBadRequest, "InvalidParameterValue", "no tunnel with that outside IP")
}

func (s *Server) serveSecrets(w http.ResponseWriter, r *http.Request, target string, body []byte) {
	action := strings.TrimPrefix(target, "secretsmanager.")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count(action, r)
	if f, ok := s.popFailure(action); ok {
		writeJSONError(w, f.status, f.code)
		return
	}
	var in struct{ SecretId string }
	if action != "GetSecretValue" || json.Unmarshal(body, &in) != nil {
		writeJSONError(w, http.StatusBadRequest, "InvalidRequestException")
		return
	}
	for _, c := range s.conns {
		if c.SecretARN == in.SecretId && c.KeysInSecret {
			keys := map[string]string{}
			for _, t := range c.Tunnels {
				keys[t.OutsideIP] = t.PSK
			}
			b, _ := json.Marshal(keys)
			text := string(b)
			if c.SecretString != "" {
				text = c.SecretString
			}
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			json.NewEncoder(w).Encode(map[string]any{"ARN": c.SecretARN, "Name": "vpn-psk", "SecretString": text, "VersionId": "v1"})
			return
		}
	}
	writeJSONError(w, http.StatusBadRequest, "ResourceNotFoundException")
}

func writeJSONError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": "injected by the fake"})
}
