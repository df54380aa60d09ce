package showparse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Storage is the line `show startup-config` starts with on an IX2215 10.11
// (ix-cli.md §11): `Using 2539 out of 1048576 bytes`, the size of the stored
// configuration and of the memory that holds it.
type Storage struct {
	Used     int `json:"used_bytes"`
	Capacity int `json:"capacity_bytes"`
}

func (s Storage) String() string { return fmt.Sprintf("Using %d out of %d bytes", s.Used, s.Capacity) }

var storageRE = regexp.MustCompile(`^Using (\d{1,12}) out of (\d{1,12}) bytes$`)

// storageLine reads the storage preamble line, when t is one.
func storageLine(t string) (*Storage, bool) {
	m := storageRE.FindStringSubmatch(strings.TrimSpace(t))
	if m == nil {
		return nil, false
	}
	used, err1 := strconv.Atoi(m[1])
	capacity, err2 := strconv.Atoi(m[2])
	if err1 != nil || err2 != nil {
		return nil, false
	}
	return &Storage{Used: used, Capacity: capacity}, true
}

// LastUpdated returns the text after `! Last updated ` in the header (some
// stored configurations carry it as their fourth line), or "".
func (c RunningConfig) LastUpdated() string {
	for _, h := range c.Header {
		if rest, ok := strings.CutPrefix(h, "! Last updated "); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}
