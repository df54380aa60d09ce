// Package dialect is the tool's one statement of the NEC UNIVERGE IX CLI.
// What lives here, by file:
//
//   - prompt.go: the prompt grammar (PromptPattern, ParsePrompt, Prompt and
//     its mode tests, CapturedPrompt for saved output);
//   - modes.go: the mode table (ModeTable, ModeOf, Entered), which lines
//     open a sub-mode (OpensSubMode at top level, EntersSubMode anywhere)
//     and which commands exist in global configuration only
//     (GlobalOnlyPrefixes, IsGlobalOnly);
//   - messages.go: the error and notice lines (ErrorPatterns,
//     NoticePatterns) and Classify with the typed ErrorKind constants;
//   - secrets.go: the keywords a secret follows, Redact, RedactOutput,
//     Secrets and the tool's only mask string, Mask;
//   - lines.go: the two-space plan-line format (Blocks, Flatten, LineError);
//   - commands.go: the command strings the tool types (CmdConfigure,
//     CmdSave...), the pager, the terminal widths, the lines typed on open
//     (OnOpen) and the show commands read (ShowRunningConfig.Command...).
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
