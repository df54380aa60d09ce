package showparse

import (
	"errors"
	"strings"
	"testing"
)

func TestLineErrShortensAndRedacts(t *testing.T) {
	long := "ike policy p peer 1.2.3.4 key s3cr3t " + strings.Repeat("é", 80)
	err := lineErr(Line{No: 7, Text: long}, "bad %s", "thing")
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrParse) {
		t.Fatalf("error %v is not a *ParseError wrapping ErrParse", err)
	}
	want := "cannot parse show output: line 7 \"ike policy p peer 1.2.3.4 key ******** " + strings.Repeat("é", 30) + "...\": bad thing"
	if got := err.Error(); got != want {
		t.Errorf("Error() =\n%q\nwant\n%q", got, want)
	}
	if pe.Line != 7 || strings.Contains(pe.Text, "s3cr3t") {
		t.Errorf("ParseError = %+v", pe)
	}
}
