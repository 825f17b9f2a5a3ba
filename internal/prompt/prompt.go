package prompt

import "errors"

// ErrInterrupted is returned when the user interrupts a prompt (Ctrl-C) or
// input ends (Ctrl-D, a closed terminal).
var ErrInterrupted = errors.New("interrupted")

// Option is one choice offered by Select and MultiSelect.
type Option struct {
	// Value is what the prompt returns; Label is what the user reads, with
	// the Description beside it.
	Value, Label, Description string
	// Exclusive marks an option that goes with no other ("None of
	// these").
	Exclusive bool
}

// Select asks for one of Options.
type Select struct {
	Message, Help string
	Options       []Option
	// Default is the Value preselected; "" for the first option.
	Default string
}

// MultiSelect asks for any number of Options.
type MultiSelect struct {
	Message, Help string
	Options       []Option
	// Default are the Values preselected.
	Default []string
	// Validate checks the chosen values; its error is shown and the
	// question asked again.
	Validate func([]string) error
}

// Input asks for a line of text.
type Input struct {
	Message, Help, Default string
	// Validate checks the text; its error is shown and the question asked
	// again.
	Validate func(string) error
}

// Prompter asks one question at a time on a terminal. The survey
// implementation is the real one; tests use a fake that records what was
// asked. Every method returns ErrInterrupted when the user cancels.
type Prompter interface {
	Select(Select) (string, error)
	MultiSelect(MultiSelect) ([]string, error)
	Input(Input) (string, error)
	Confirm(message string, def bool) (bool, error)
}
