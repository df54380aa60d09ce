package plan

import "fmt"

// Option names, as the With function that sets the option is named: an
// OptionError says which one it refuses, so a caller that took the value
// from elsewhere (a site file field, a flag) can name its own source.
const (
	OptLAN              = "LAN"
	OptVPC              = "VPC"
	OptWANInterface     = "WANInterface"
	OptWANIP            = "WANIP"
	OptTunnelInterfaces = "TunnelInterfaces"
	OptCrypto           = "Crypto"
	OptNAT              = "NAT"
	OptDPD              = "DPD"
	OptMSS              = "MSS"
	OptNamePrefix       = "NamePrefix"
	OptSelectors        = "Selectors"
)

// OptionError is an option New refuses. It wraps ErrInvalid.
type OptionError struct {
	Option string // one of the Opt names
	// Index is the offending entry of a list option (LAN, VPC,
	// TunnelInterfaces); -1 when the list as a whole is refused or the
	// option is not a list.
	Index int
	Msg   string // what is wrong, naming the value
}

func (e *OptionError) Error() string { return fmt.Sprintf("%v: %s", ErrInvalid, e.Msg) }

// Unwrap makes every OptionError an ErrInvalid.
func (e *OptionError) Unwrap() error { return ErrInvalid }

// CheckOptions validates opts as New would, without a connection or a
// running-config, so a caller can refuse bad options before it connects to
// the router. The error is an *OptionError.
func CheckOptions(opts ...Option) error {
	o := defaults()
	for _, opt := range opts {
		opt(&o)
	}
	return o.validate()
}

func optErr(option string, index int, format string, args ...any) error {
	return &OptionError{Option: option, Index: index, Msg: fmt.Sprintf(format, args...)}
}
