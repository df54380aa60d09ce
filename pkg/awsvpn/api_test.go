package awsvpn

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func exampleXML(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "aws", "example-cgw.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var xmlKeyValueRE = regexp.MustCompile(`<pre_shared_key>[^<]*</pre_shared_key>`)

func TestParseXMLWith(t *testing.T) {
	doc := exampleXML(t)
	file, err := ParseXML(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := XMLKeys(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	a, b := file.Tunnels[0].AWSOutsideIP, file.Tunnels[1].AWSOutsideIP
	if keys[a].Reveal() != file.Tunnels[0].PSK.Reveal() || keys[b].Reveal() != file.Tunnels[1].PSK.Reveal() {
		t.Fatal("XMLKeys does not give the XML's keys by outside IP")
	}

	// Keys stored elsewhere: the XML has none, the API supplies them.
	keyless := xmlKeyValueRE.ReplaceAllString(doc, "")
	if _, err := ParseXML(strings.NewReader(keyless)); err == nil {
		t.Fatal("a keyless XML parses on its own")
	}
	other := map[netip.Addr]Secret{a: NewSecret("Api.key_for_tunnel_a"), b: NewSecret("Api.key_for_tunnel_b")}
	got, err := ParseXMLWith(strings.NewReader(keyless), APIValues{Keys: other, LocalCIDR: "0.0.0.0/0", RemoteCIDR: "10.0.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	gotKeys := []string{got.Tunnels[0].PSK.Reveal(), got.Tunnels[1].PSK.Reveal()}
	if d := cmp.Diff([]string{"Api.key_for_tunnel_a", "Api.key_for_tunnel_b"}, gotKeys); d != "" {
		t.Errorf("keys (-want +got)\n%s", d)
	}
	if got.Format != FormatAPI || got.RemoteNetwork != netip.MustParsePrefix("10.0.0.0/16") {
		t.Errorf("format %q, remote network %v", got.Format, got.RemoteNetwork)
	}

	// The one validator still runs: a bad API key is refused by tunnel,
	// never quoted; StaticRoutesOnly refuses like the XML attribute.
	bad := map[netip.Addr]Secret{a: NewSecret("0leading.zero.key"), b: other[b]}
	_, err = ParseXMLWith(strings.NewReader(keyless), APIValues{Keys: bad})
	if err == nil || !strings.Contains(err.Error(), "tunnel "+a.String()+": pre-shared key: must not start with 0") || strings.Contains(err.Error(), "0leading") {
		t.Errorf("bad key: %v", err)
	}
	_, err = ParseXMLWith(strings.NewReader(doc), APIValues{StaticRoutesOnly: true})
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("static: %v", err)
	}
}

func TestMaskXMLKeys(t *testing.T) {
	doc := exampleXML(t)
	masked := MaskXMLKeys(doc)
	keys, _ := XMLKeys(strings.NewReader(doc))
	for _, k := range keys {
		if strings.Contains(masked, k.Reveal()) {
			t.Fatal("a key survived masking")
		}
	}
	if n := strings.Count(masked, "<pre_shared_key>********</pre_shared_key>"); n != 2 {
		t.Errorf("%d masked keys, want 2", n)
	}
}

func FuzzParseXMLWith(f *testing.F) {
	f.Add(exampleXML(f), "Api.key_for_tunnel_a", "10.0.0.0/16")
	f.Fuzz(func(t *testing.T, doc, key, remote string) {
		keys := map[netip.Addr]Secret{}
		if k, err := XMLKeys(strings.NewReader(doc)); err == nil {
			for ip := range k {
				keys[ip] = NewSecret(key)
			}
		}
		c, err := ParseXMLWith(strings.NewReader(doc), APIValues{Keys: keys, RemoteCIDR: remote})
		checkResult(t, c, err)
		if err != nil && len(key) >= minSecretMatch && strings.Contains(err.Error(), key) {
			t.Fatalf("error quotes the key: %v", err)
		}
	})
}
