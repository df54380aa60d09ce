package peer

// IX configuration keywords and what they mean to AWS (aws-vpn.md §5,
// ix-cli.md §7). aws is the AWS API name ("" when AWS has no such
// algorithm); show is how `show ike sa` / `show ipsec sa` print it.
type algo struct{ aws, show string }

var (
	ikeEncryption = map[string]algo{
		"aes":     {"AES128", "aes-128"},
		"aes-192": {"", "aes-192"},
		"aes-256": {"AES256", "aes-256"},
		"3des":    {"", "3des"},
		"des":     {"", "des"},
	}
	ikeHash = map[string]algo{
		"sha":      {"SHA1", "sha1"},
		"md5":      {"", "md5"},
		"sha2-256": {"SHA2-256", "sha2-256"},
		"sha2-384": {"SHA2-384", "sha2-384"},
		"sha2-512": {"SHA2-512", "sha2-512"},
	}
	// espEncryption values are the transform name's cipher part.
	espEncryption = map[string]algo{
		"esp-aes":     {"AES128", "AES-128"},
		"esp-aes-192": {"", "AES-192"},
		"esp-aes-256": {"AES256", "AES-256"},
		"esp-3des":    {"", "3DES"},
		"esp-des":     {"", "DES"},
		"esp-null":    {"", "NULL"},
	}
	espAuth = map[string]string{
		"esp-sha":      "SHA1",
		"esp-md5":      "",
		"esp-sha2-256": "SHA2-256",
		"esp-sha2-384": "SHA2-384",
		"esp-sha2-512": "SHA2-512",
	}
	espAuthShow = map[string]string{
		"esp-sha":      "HMAC-SHA-96",
		"esp-md5":      "HMAC-MD5-96",
		"esp-sha2-256": "HMAC-SHA2-256-128",
		"esp-sha2-384": "HMAC-SHA2-384-192",
		"esp-sha2-512": "HMAC-SHA2-512-256",
	}
)

// dhGroup maps an IX group keyword to its IKE group number and display name.
type dh struct {
	group int
	show  string
}

var dhGroups = map[string]dh{
	"768-bit":  {1, "modp768"},
	"1024-bit": {2, "modp1024"},
	"1536-bit": {5, "modp1536"},
	"2048-bit": {14, "modp2048"},
	"3072-bit": {15, "modp3072"},
	"4096-bit": {16, "modp4096"},
}

// Default lifetimes when the IX configuration gives none (ix-cli.md §10.6;
// the IPsec default is a guess matching AWS's 3600).
const (
	defaultIKELifetime   = 28800
	defaultIPsecLifetime = 3600
)
