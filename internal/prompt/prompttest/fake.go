// Package prompttest provides a fake Prompter that answers from a script
// and records what was asked, for tests of code that asks questions.
package prompttest

import (
	"fmt"
	"strings"

	"github.com/socpick/socpick/internal/prompt"
)

// Fake is a scripted prompt.Prompter. A question whose message contains a
// key of Responses gets that key's responses in turn (lists comma-separated,
// confirmations "y" or "n"); a response that Validate rejects is recorded
// in Rejected and the next one given, as a terminal asks again. Other
// questions get their default, or the first option. A message containing
// Interrupt returns prompt.ErrInterrupted, as Ctrl-C does.
type Fake struct {
	Responses map[string][]string
	Interrupt string

	// Asked holds every message asked, in order; Defaults the default each
	// was offered (lists comma-separated).
	Asked    []string
	Defaults []string
	Rejected []string
}

var _ prompt.Prompter = (*Fake)(nil)

// next returns the scripted response for message, if any.
func (f *Fake) next(message, def string) (string, bool, error) {
	f.Asked = append(f.Asked, message)
	f.Defaults = append(f.Defaults, def)
	if f.Interrupt != "" && strings.Contains(message, f.Interrupt) {
		return "", false, prompt.ErrInterrupted
	}
	for part, rs := range f.Responses {
		if strings.Contains(message, part) && len(rs) > 0 {
			f.Responses[part] = rs[1:]
			return rs[0], true, nil
		}
	}
	return "", false, nil
}

func (f *Fake) exhausted(message string) error {
	return fmt.Errorf("prompttest: every scripted response for %q was rejected", message)
}

// Select answers with the scripted value, the default, or the first option.
func (f *Fake) Select(q prompt.Select) (string, error) {
	r, ok, err := f.next(q.Message, q.Default)
	switch {
	case err != nil:
		return "", err
	case ok:
		return r, nil
	case q.Default != "":
		return q.Default, nil
	}
	return q.Options[0].Value, nil
}

// MultiSelect answers with the scripted values, the defaults, or the first
// option, validating as the terminal does.
func (f *Fake) MultiSelect(q prompt.MultiSelect) ([]string, error) {
	for {
		r, ok, err := f.next(q.Message, strings.Join(q.Default, ","))
		if err != nil {
			return nil, err
		}
		values := q.Default
		switch {
		case ok && r == "":
			values = nil
		case ok:
			values = strings.Split(r, ",")
		case len(values) == 0:
			values = []string{q.Options[0].Value}
		}
		if q.Validate != nil {
			if err := q.Validate(values); err != nil {
				f.Rejected = append(f.Rejected, err.Error())
				if !ok {
					return nil, f.exhausted(q.Message)
				}
				continue
			}
		}
		return values, nil
	}
}

// Input answers with the scripted text or the default, validating as the
// terminal does.
func (f *Fake) Input(q prompt.Input) (string, error) {
	for {
		r, ok, err := f.next(q.Message, q.Default)
		if err != nil {
			return "", err
		}
		if !ok {
			r = q.Default
		}
		if q.Validate != nil {
			if err := q.Validate(r); err != nil {
				f.Rejected = append(f.Rejected, err.Error())
				if !ok {
					return "", f.exhausted(q.Message)
				}
				continue
			}
		}
		return r, nil
	}
}

// Confirm answers "y" or "n" as scripted, or the default.
func (f *Fake) Confirm(message string, def bool) (bool, error) {
	r, ok, err := f.next(message, fmt.Sprint(def))
	if err != nil || !ok {
		return def, err
	}
	return r == "y", nil
}
