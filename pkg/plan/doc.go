// Package plan turns a validated AWS VPN connection (package awsvpn) and the
// router's running-config (package showparse) into a Plan: the IX
// configuration the connection needs, the exact lines to type to get there,
// and the lines that undo them. It is pure: no I/O, no clock. New checks
// the connection again (awsvpn.Connection.Check): one built by hand cannot
// put a line break, a '?' or a zero address into a line to type.
//
// The IX facts the planner relies on — the two-space plan-line format, which
// lines open a sub-mode, the secret keywords and the mask — come from
// package dialect (pkg/ixcli/dialect); rules.go keeps only the planner's own
// facts (object keys, undo forms, rollback ranks).
//
// # Contract with the executor (pkg/ixcli, pkg/agent)
//
// The plan is data; apply executes exactly the plan and nothing else.
//
//   - Plan.Commands and Plan.Rollback are the lines to type, starting from
//     global config mode `(config)#`. A line with no indentation is a global
//     command or a mode entry (`interface Tunnel0.0`, `router bgp 65000`).
//     Sub-mode lines are indented two spaces per level under their entry
//     line, exactly like running-config (`  address-family ipv4 unicast`,
//     `    network 192.168.2.0/24`). The executor uses the indentation to know
//     which lines belong to a block, may strip it before typing, and returns
//     to global config (`configure`) after each block. Inside a block, a
//     nested block (address-family) always comes after the block's own
//     lines, so the typed lines never need to climb back to an outer
//     sub-mode: `configure` before the next unindented line is enough.
//   - Commands hold nothing the router already has, in dependency order;
//     a plan computed against a router that already has it has no commands.
//   - Rollback removes what did not exist before, in reverse dependency order
//     (tunnel interfaces, BGP, IPsec ids, autokey-maps, autokey-proposal,
//     ike keepalive/nat-traversal, ike policies, ike proposal, ACL), and
//     re-enters the prior form of every line the plan overwrote. The `no`
//     forms are guesses documented in one table (rules.go).
//   - Lines in Commands/Rollback/Desired hold the pre-shared keys in clear:
//     they are what must be typed. Every printed form — JSON (MarshalJSON),
//     String, WriteText without reveal — shows ******** instead; only
//     MarshalJSONRevealed and WriteText(w, true) show keys. Loggers must
//     redact lines (dialect.Redact) themselves.
//   - Prior is the running-config the plan was computed against. The agent
//     should re-read running-config right before applying and re-plan if it
//     differs (Touched sections are the ones that matter).
//   - ApplyLines is the config model used for prediction: ApplyLines(Prior,
//     Commands) is what the router should show after apply, and
//     ApplyLines(that, Rollback) equals Prior up to Normalize. After a real
//     rollback, CheckRestored(current) says whether every section the plan
//     touched matches the backup.
//
// Conflicts — another `router bgp` AS, a tunnel interface with another
// address, tunnel mode or IPsec policy, a tunnel address overlapping another
// interface's, an AWS endpoint already used by another ike policy or
// autokey-map, another interface bound to the plan's IPsec map, proxy ids
// (ipsec local-id/remote-id) on that map that the plan does not want, an object
// name (IKE proposal/policy, ACL, IPsec proposal/map, BGP neighbour) that
// exists with different content, more than 100 prefixes announced by the
// BGP process once the plan's are added (AWS's quota) — are errors wrapping ErrConflict
// (*ConflictError names the object), never silent overwrites. Lines that are
// settings of an object the plan owns (ike keepalive, ip tcp adjust-mss,
// neighbour timers, shutdown state) are overwritten and restored on rollback.
package plan
