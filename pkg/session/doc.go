// Package session dials SSH and drives an interactive shell with
// github.com/google/goexpect. It knows SSH, terminals and prompts, not any
// particular router: the caller supplies the prompt and pager patterns.
//
// Dial resolves ~/.ssh/config aliases (HostName, Port, User, IdentityFile,
// ProxyJump), checks the host key strictly against known_hosts and
// authenticates with keys, ssh-agent, password or keyboard-interactive.
// Conn.Shell opens a pty shell; Shell.Exchange sends one line and returns
// what came back before the next prompt; Shell.Pipeline types several lines
// in one write and matches every echo, output and prompt in order.
//
// The echo of each line is consumed, whatever way the device wraps it
// (compared with whitespace removed), and the prompt is only ever looked for
// at the start of the last line in the buffer, never by sleeping.
package session
