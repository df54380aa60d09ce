package site

// UnsetError is a password variable the site names that the environment
// does not set. It is bad input (it wraps ErrInvalid, for the exit code) but
// the file is fine, so the message says what to do rather than "invalid site
// file".
type UnsetError struct {
	Field string // router.password_env
	Env   string // the variable's name, never its value
}

func (e *UnsetError) Error() string {
	return e.Field + ": $" + e.Env + " is not set: export it or use router.password_file"
}

// Unwrap makes an UnsetError an ErrInvalid.
func (e *UnsetError) Unwrap() error { return ErrInvalid }

// authSource says where the credentials come from, for the message when the
// router refuses them: a description, never the secret.
func (s *Site) authSource() string {
	switch r := s.Router; {
	case r.PasswordEnv != "":
		return "$" + r.PasswordEnv
	case r.PasswordFile != "":
		return "the password in " + r.PasswordFile
	case r.KeyFile != "":
		return "the key " + r.KeyFile
	}
	return ""
}
