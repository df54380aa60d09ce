package session

import (
	"fmt"
	"os"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// knownHostsFiles parses each known_hosts file once per process for as
// long as it is unchanged. A fleet verify dials hundreds of routers that
// share one file: parsing it per dial (twice: for the algorithms, then the
// check) made a run O(N²) in the file's size. A changed size or
// modification time (another process, or record below) re-reads it.
var knownHostsFiles = &hostsCache{files: map[string]parsedHosts{}}

type hostsCache struct {
	mu     sync.Mutex
	files  map[string]parsedHosts
	parses int // for tests
}

type parsedHosts struct {
	size int64
	mod  time.Time
	cb   ssh.HostKeyCallback
}

// callback returns the parsed file at path. The lock is held while parsing
// so that a fleet starting at once parses it once, not once per dial.
func (c *hostsCache) callback(path string) (ssh.HostKeyCallback, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: known_hosts %s: %v", ErrConfig, path, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.files[path]; ok && p.size == st.Size() && p.mod.Equal(st.ModTime()) {
		return p.cb, nil
	}
	cb, err := knownhosts.New(path)
	if err != nil {
		return nil, fmt.Errorf("%w: known_hosts %s: %v", ErrConfig, path, err)
	}
	c.parses++
	c.files[path] = parsedHosts{size: st.Size(), mod: st.ModTime(), cb: cb}
	return cb, nil
}

// forget drops path, after this process wrote to it: a write within the
// file system's timestamp granularity may keep its modification time.
func (c *hostsCache) forget(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.files, path)
}
