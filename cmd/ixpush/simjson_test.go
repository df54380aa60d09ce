package main

import "github.com/ixpush/ixpush/pkg/ixsim"

// simRouterJSON is one line of `ixpush sim --json`, as the tests read it back.
type simRouterJSON = ixsim.Endpoint
