package session

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kevinburke/ssh_config"
)

// target is where to connect after ssh_config resolution.
type target struct {
	alias         string // what the user typed, minus user@ and :port
	host          string // HostName or alias
	port          int
	user          string
	identityFiles []string // from ssh_config; missing files are skipped
	proxyJump     []string // hops, first dialled first
}

func (t target) addr() string { return net.JoinHostPort(t.host, strconv.Itoa(t.port)) }

// resolve parses "[user@]host[:port]" and applies the ssh_config entry for
// host, if any. Explicit options win over ssh_config, as with ssh(1) flags.
func resolve(spec string, o *dialOptions) (target, error) {
	if spec == "" {
		return target{}, fmt.Errorf("%w: empty host", ErrConfig)
	}
	var t target
	rest := spec
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		t.user, rest = rest[:i], rest[i+1:]
	}
	portFromSpec := 0
	if h, p, err := net.SplitHostPort(rest); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return target{}, fmt.Errorf("%w: bad port %q in %q", ErrConfig, p, spec)
		}
		rest, portFromSpec = h, n
	}
	if rest == "" || strings.ContainsAny(rest, " \t/") {
		return target{}, fmt.Errorf("%w: bad host %q", ErrConfig, spec)
	}
	t.alias, t.host = rest, rest

	cfg, err := loadSSHConfig(o.sshConfig)
	if err != nil {
		return target{}, err
	}
	get := func(key string) string {
		if cfg == nil {
			return ""
		}
		v, _ := cfg.Get(t.alias, key)
		return v
	}
	if hn := get("HostName"); hn != "" {
		t.host = strings.ReplaceAll(hn, "%h", t.alias)
	}
	switch {
	case o.port != 0:
		t.port = o.port
	case portFromSpec != 0:
		t.port = portFromSpec
	case get("Port") != "":
		n, err := strconv.Atoi(get("Port"))
		if err != nil || n <= 0 || n > 65535 {
			return target{}, fmt.Errorf("%w: %s: bad Port %q for host %s", ErrConfig, o.sshConfig, get("Port"), t.alias)
		}
		t.port = n
	default:
		t.port = 22
	}
	if t.user == "" {
		t.user = o.user
	}
	if t.user == "" {
		t.user = get("User")
	}
	if t.user == "" {
		if u, err := user.Current(); err == nil {
			t.user = u.Username
		}
	}
	if cfg != nil {
		files, _ := cfg.GetAll(t.alias, "IdentityFile")
		for _, f := range files {
			t.identityFiles = append(t.identityFiles, expandHome(f))
		}
	}
	if pj := get("ProxyJump"); pj != "" && !strings.EqualFold(pj, "none") {
		for _, hop := range strings.Split(pj, ",") {
			if hop = strings.TrimSpace(hop); hop != "" {
				t.proxyJump = append(t.proxyJump, strings.TrimPrefix(hop, "ssh://"))
			}
		}
	}
	return t, nil
}

func loadSSHConfig(path string) (*ssh_config.Config, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	defer f.Close()
	cfg, err := ssh_config.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrConfig, path, err)
	}
	return cfg, nil
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}

func defaultPath(elem ...string) string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(append([]string{home}, elem...)...)
}
