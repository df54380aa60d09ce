package dialect

// KnownNotices are the harmless '%' lines captured on valid input, one
// example of each NoticePatterns entry (ix-cli.md §3, §11): a push goes on
// past them.
var KnownNotices = []string{
	"% Warning: do NOT enter CNTL/Z while saving to avoid config corruption.",
	"% User 'user01' has been added.",
	"% You may use 'svintr-config' command with administrator privilege.",
	"% You must restart the router for this configuration to take effect.",
	"% Software update completed.",
}

// UnrecognisedAdvice is what to do about a '%' line that is neither a known
// error nor a known notice. The tool's policy: such a line may report a
// failure, so a push stops on it, rolls back, and names the line.
const UnrecognisedAdvice = "ixpush stops on a '%' line it does not know, as it may report a failure: " +
	"check on the router what that command did; if the line is a harmless notice, add it to the known notices " +
	"(pkg/ixcli/dialect NoticePatterns), then run apply again"
