package awsvpn

import "strings"

// Spellings of the crypto values in the three inputs, mapped to the AWS API
// names (aws-vpn.md §1, §2, §5).
var (
	encNames = map[string]string{
		"aes-128-cbc": "AES128", "aes128": "AES128", "aes 128": "AES128", "esp-aes 128": "AES128",
		"aes-256-cbc": "AES256", "aes256": "AES256", "aes 256": "AES256", "esp-aes 256": "AES256",
		"aes128-gcm-16": "AES128-GCM-16", "aes256-gcm-16": "AES256-GCM-16",
	}
	integNames = map[string]string{
		"sha1": "SHA1", "sha": "SHA1", "hmac-sha1-96": "SHA1", "esp-sha-hmac": "SHA1",
		"sha2-256": "SHA2-256", "hmac-sha-256-128": "SHA2-256", "sha256": "SHA2-256", "esp-sha256-hmac": "SHA2-256",
		"sha2-384": "SHA2-384", "hmac-sha-384-192": "SHA2-384", "sha384": "SHA2-384", "esp-sha384-hmac": "SHA2-384",
		"sha2-512": "SHA2-512", "hmac-sha-512-256": "SHA2-512", "sha512": "SHA2-512", "esp-sha512-hmac": "SHA2-512",
	}
)

func phase(tc tunnelCheck, name string, p rawPhase, lifeLo, lifeHi uint64) (Phase, error) {
	var out Phase
	norm := func(field, v string, names map[string]string) (string, error) {
		if v == "" {
			return "", nil
		}
		if prob := tokenProblem(strings.ReplaceAll(v, " ", "")); prob != "" {
			return "", tc.errf(field, "%s", prob)
		}
		if n, ok := names[strings.ToLower(v)]; ok {
			return n, nil
		}
		return "", tc.errf(field, "%s is not an algorithm AWS offers", tc.shown(v))
	}
	var err error
	if out.Encryption, err = norm(name+" encryption", p.encryption, encNames); err != nil {
		return out, err
	}
	if out.Integrity, err = norm(name+" integrity", p.integrity, integNames); err != nil {
		return out, err
	}
	if p.dhGroup != "" {
		g := strings.TrimPrefix(strings.ToLower(strings.ReplaceAll(p.dhGroup, " ", "")), "group")
		if out.DHGroup, err = tc.optNumber(name+" DH group", g, 1, 32, 0); err != nil {
			return out, err
		}
	}
	if out.Lifetime, err = tc.optNumber(name+" lifetime", p.lifetime, lifeLo, lifeHi, 0); err != nil {
		return out, err
	}
	return out, nil
}
