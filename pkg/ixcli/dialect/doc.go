// Package dialect is the tool's one statement of the NEC UNIVERGE IX CLI: the
// prompt grammar, the mode table (which lines open a sub-mode and the prompt
// they leave), the error and notice lines with their typed kinds, the
// keywords a secret follows and the mask that replaces it, the two-space
// plan-line format, the lines typed when a session opens, and the command
// strings the tool types.
//
// It is data and pure functions: no I/O, no imports beyond the standard
// library. ixcli (the live CLI), showparse (saved output) and plan (the
// configuration model) read the IX through it; session knows nothing of it.
// The simulator (pkg/ixsim) keeps its own, independent copy of every fact on
// purpose: a shared misunderstanding would make the tests prove nothing.
//
// Facts come from shared/docs/ix-cli.md. Each is marked there as confirmed
// [C], reported [R] or guessed [G]; guessed ones are kept loose here (a
// pattern that accepts more) and say so beside them.
package dialect
