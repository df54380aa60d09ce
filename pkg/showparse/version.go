package showparse

import (
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Version is `show version`.
type Version struct {
	Model         string `json:"model"`          // IX2215
	Variant       string `json:"variant"`        // magellan-sec
	Firmware      string `json:"firmware"`       // 10.7.18, 8.9.17B
	ReleaseType   string `json:"release_type"`   // RELEASE SOFTWARE, MAINTENANCE RELEASE SOFTWARE
	Compiled      string `json:"compiled"`       // as shown after "Compiled "
	Uptime        string `json:"uptime"`         // as shown: "6 days 21 hours 45 minutes"
	UptimeSeconds int64  `json:"uptime_seconds"` // Uptime in seconds
	ImageFile     string `json:"image_file"`
	Processor     string `json:"processor"`     // P1010E
	MemoryKB      int64  `json:"memory_kb"`     // from "with 262144K bytes of memory"
	ConfigSource  string `json:"config_source"` // startup-configuration
}

var (
	versionRe = regexp.MustCompile(`^IX Series (\S+) \(([^)]+)\) Software, Version (\S+), ([A-Z][A-Z ]*SOFTWARE)$`)
	memoryRe  = regexp.MustCompile(`^(\S+) \(([^)]+)\) processor with (\d{1,15})K bytes of memory\.?$`)
)

// ParseVersion reads `show version`. The "IX Series ... Software, Version"
// line is required; the other fields are read from their labelled lines when
// present (zero otherwise). show version prints many more lines (ROM
// versions, interfaces, licences) whose set varies by model; those are
// skipped rather than treated as errors.
func ParseVersion(r io.Reader) (Version, error) {
	lines, err := Clean(r)
	if err != nil {
		return Version{}, err
	}
	first := firstContent(lines)
	if first < 0 {
		return Version{}, inputErr("empty input, expected show version output")
	}
	var v Version
	found := false
	for _, l := range lines[first:] {
		t := strings.TrimSpace(l.Text)
		if !cleanText(t) {
			return Version{}, lineErr(l, "not printable text")
		}
		if m := versionRe.FindStringSubmatch(t); m != nil {
			if found {
				return Version{}, lineErr(l, "repeated version line")
			}
			found = true
			v.Model, v.Variant, v.Firmware, v.ReleaseType = m[1], m[2], m[3], m[4]
			continue
		}
		if s, ok := strings.CutPrefix(t, "Compiled "); ok {
			v.Compiled = s
		} else if s, ok := strings.CutPrefix(t, "System uptime is "); ok {
			secs, ok := parseUptime(s)
			if !ok {
				return Version{}, lineErr(l, "bad uptime")
			}
			v.Uptime, v.UptimeSeconds = s, secs
		} else if s, ok := strings.CutPrefix(t, "System image file is "); ok {
			v.ImageFile = strings.Trim(s, `"`)
		} else if m := memoryRe.FindStringSubmatch(t); m != nil {
			v.Processor = m[2]
			v.MemoryKB, _ = strconv.ParseInt(m[3], 10, 64)
		} else if s, ok := strings.CutPrefix(t, "Current configuration is based on "); ok {
			v.ConfigSource = strings.Trim(s, `"`)
		}
	}
	if !found {
		return Version{}, lineErr(lines[first], `no "IX Series MODEL (...) Software, Version X, ... SOFTWARE" line in the input`)
	}
	return v, nil
}

// parseUptime reads "6 days 21 hours 45 minutes" (units singular or
// plural, weeks to seconds, each at most once and in that order).
func parseUptime(s string) (int64, bool) {
	f := strings.Fields(s)
	if len(f) == 0 || len(f)%2 != 0 {
		return 0, false
	}
	units := []struct {
		name string
		secs int64
	}{{"week", 7 * 86400}, {"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}}
	var total int64
	next := 0
	for k := 0; k < len(f); k += 2 {
		n, ok := atoi(f[k])
		if !ok {
			return 0, false
		}
		name := strings.TrimSuffix(f[k+1], "s")
		u := next
		for u < len(units) && units[u].name != name {
			u++
		}
		if u == len(units) {
			return 0, false
		}
		total += int64(n) * units[u].secs
		next = u + 1
	}
	return total, true
}
