// Package demo is `ixpush demo`: the tool's whole happy path, and its two
// commonest failures, run against the built-in simulator so that a new user
// sees what ixpush does before pointing it at a router.
//
// Run boots the simulator's seed scenario (an IX2015 behind NAT, two AWS
// tunnels) on a loopback port, reads the seed's AWS Cisco sample, applies it
// over real SSH with a throwaway backup store, prints the steps, the site
// drawing and the verdict, then runs the verify a scheduled job would. No
// network and nothing to install: the simulator, the login and the pinned
// host key all live in the process.
//
// A Break makes the run fail on purpose, so the degraded and down paths, and
// the rollback that follows them, can be seen too. The demo wires the same
// packages the apply and verify commands do (agent, report, health), so what
// it shows is what those commands do, not a replica of them.
package demo
