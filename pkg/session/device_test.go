package session

import "regexp"

// The test device of these tests (echoCLI, and the literal streams of the
// screen tests) is a generic line-editing CLI: its prompt is a name, an
// optional mode in parentheses and '#' ("R1# ", "R1(config)# "), and its
// only secret words are "key X" and "key char X". session knows no
// device's prompt or secrets; each caller states its own, as here.
const (
	testPrompt = `\w[\w.-]*(?:\([\w.-]*\))?# ?`
	testPager  = `\s*--More--\s*`
	testMask   = "********"
)

var testSecret = regexp.MustCompile(`(^|\s)(key(?:\s+char)?)(\s+)(\S+)`)

// testRedact is the test device's redactor: it masks the word after "key"
// (or "key char").
func testRedact(line string) string {
	return testSecret.ReplaceAllString(line, "${1}${2}${3}"+testMask)
}

// testShellOptions are the options of a Shell on the test device.
func testShellOptions() shellOptions {
	o := defaultShellOptions()
	for _, opt := range []ShellOption{WithPrompt(testPrompt), WithPager(testPager, " "), WithRedactor(testMask, testRedact)} {
		opt(&o)
	}
	return o
}

func testPrompts() prompts { return compilePrompts(testPrompt, testPager) }
