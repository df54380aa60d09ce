package awsvpn

import "fmt"

// FormatMismatchError is an explicit format the file is not in, when the
// content says which format it is: the caller can name its setting and say
// what to set it to.
type FormatMismatchError struct {
	Want  Format // what the caller asked for
	Looks Format // what Detect finds in the content
	Err   error  // the parser's own error for Want
}

func (e *FormatMismatchError) Error() string {
	return fmt.Sprintf("the file is not %s: it looks like %s", e.Want.Describe(), e.Looks.Describe())
}

func (e *FormatMismatchError) Unwrap() error { return e.Err }

// Describe names a format in the words of the AWS console.
func (f Format) Describe() string {
	switch f {
	case FormatCisco:
		return "the Cisco IOS 12.4+ sample text"
	case FormatXML:
		return "CustomerGatewayConfiguration XML"
	case FormatYAML:
		return "ixpush YAML"
	}
	return string(f)
}

// mismatch turns the failure to read b as want into a FormatMismatchError
// when b is recognisably another format.
func mismatch(b []byte, want Format, err error) error {
	if err == nil {
		return nil
	}
	if looks, derr := Detect(b); derr == nil && looks != want {
		return &FormatMismatchError{Want: want, Looks: looks, Err: err}
	}
	return err
}
