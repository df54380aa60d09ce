package awsvpn

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
)

// maxInput bounds what a reader consumes; the real files are under 20 KiB.
const maxInput = 1 << 20

var (
	yamlTunnelsRE = regexp.MustCompile(`(?m)^tunnels\s*:`)
	ciscoHintRE   = regexp.MustCompile(`(?m)^\s*(crypto (keyring|isakmp)|! IPSec Tunnel #)`)
	genericHintRE = regexp.MustCompile(`(?m)^IPSec Tunnel #\d+\s*$`)
)

// ParseFormat maps a --aws-format value to a Format.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatAuto, FormatCisco, FormatXML, FormatYAML:
		return f, nil
	case "":
		return FormatAuto, nil
	}
	return "", fmt.Errorf("%w: unknown AWS input format %q (want auto, cisco, xml or yaml)", ErrInvalid, s)
}

// Parse reads an AWS VPN configuration in format f; FormatAuto detects the
// format from the content.
func Parse(r io.Reader, f Format) (Connection, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return Connection{}, fmt.Errorf("%w: reading input: %v", ErrInvalid, err)
	}
	if len(b) > maxInput {
		return Connection{}, connErrorf("", "input larger than %d bytes: not an AWS VPN configuration", maxInput)
	}
	explicit := f != FormatAuto && f != ""
	if !explicit {
		if f, err = Detect(b); err != nil {
			return Connection{}, err
		}
	}
	var c Connection
	switch f {
	case FormatCisco:
		c, err = ParseCisco(bytes.NewReader(b))
	case FormatXML:
		c, err = ParseXML(bytes.NewReader(b))
	case FormatYAML:
		c, err = ParseYAML(bytes.NewReader(b))
	default:
		_, err = ParseFormat(string(f))
		return Connection{}, err
	}
	if explicit {
		err = mismatch(b, f, err)
	}
	return c, err
}

// Detect names the format of b from its content.
func Detect(b []byte) (Format, error) {
	trimmed := bytes.TrimLeft(b, " \t\r\n\ufeff")
	switch {
	case len(trimmed) == 0:
		return "", connErrorf("", "empty input: not an AWS VPN configuration")
	case trimmed[0] == '<':
		return FormatXML, nil
	case ciscoHintRE.Match(b):
		return FormatCisco, nil
	case yamlTunnelsRE.Match(b):
		return FormatYAML, nil
	case genericHintRE.Match(b):
		return "", connErrorf("", "this is the AWS Generic sample, which ixpush does not read; download the Cisco IOS 12.4+ sample or use the XML")
	}
	return "", connErrorf("", "unrecognised input: not AWS Cisco IOS sample text, CustomerGatewayConfiguration XML or ixpush YAML (use --aws-format to force one)")
}
