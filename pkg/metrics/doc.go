// Package metrics turns verify reports into Prometheus metrics. It is the
// only package that imports client_golang: cmd/ixpush writes a Fleet's
// registry as a node_exporter textfile or stdout, and serves it from the
// exporter; pkg/health stays free of any exposition format.
//
// A Fleet keeps the last report of each site and renders it on every
// gather, so a site re-verified with other tunnels or prefixes never leaves
// a stale series behind, and a fact the report does not know (an Unknown
// verdict, a tunnel whose state was not read) is an absent series, not a 0
// that would read as "down".
package metrics
