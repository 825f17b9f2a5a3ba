package prompt

import (
	"bytes"
	"errors"
	"io"
	"slices"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// pageSize is how many options a list shows at once; longer lists scroll.
const pageSize = 8

// Survey is the Prompter of a real terminal, drawn with survey/v2.
type Survey struct {
	in  terminal.FileReader
	out terminal.FileWriter
	err io.Writer
}

// NewSurvey returns a Prompter that reads keys from in and draws on out;
// both must be the terminal.
func NewSurvey(in terminal.FileReader, out terminal.FileWriter, errOut io.Writer) *Survey {
	return &Survey{in: &eotReader{FileReader: in}, out: out, err: errOut}
}

// eotReader ends input at Ctrl-D. survey reads the terminal raw and takes
// Ctrl-D as Enter; on a terminal it means end of input, which cancels.
type eotReader struct {
	terminal.FileReader
	ended bool
}

const keyEOT = 0x04

func (r *eotReader) Read(p []byte) (int, error) {
	if r.ended {
		return 0, io.EOF
	}
	n, err := r.FileReader.Read(p)
	if i := bytes.IndexByte(p[:n], keyEOT); i >= 0 {
		r.ended = true
		if i == 0 {
			return 0, io.EOF
		}
		return i, nil
	}
	return n, err
}

func (s *Survey) ask(p survey.Prompt, response any, opts ...survey.AskOpt) error {
	opts = append(opts, survey.WithStdio(s.in, s.out, s.err), survey.WithPageSize(pageSize))
	err := survey.AskOne(p, response, opts...)
	if errors.Is(err, terminal.InterruptErr) || errors.Is(err, io.EOF) {
		return ErrInterrupted
	}
	return err
}

// labels returns the options' labels and a function that describes the
// option at an index, for survey's Select and MultiSelect.
func labels(opts []Option) ([]string, func(string, int) string) {
	ls := make([]string, len(opts))
	for i, o := range opts {
		ls[i] = o.Label
	}
	return ls, func(_ string, i int) string { return opts[i].Description }
}

func labelOf(opts []Option, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return ""
}

func valueOf(opts []Option, label string) string {
	for _, o := range opts {
		if o.Label == label {
			return o.Value
		}
	}
	return label
}

// Select asks for one option. survey panics on a default that is not an
// option, so an unknown default falls back to the first option.
func (s *Survey) Select(q Select) (string, error) {
	ls, describe := labels(q.Options)
	p := &survey.Select{Message: q.Message, Help: q.Help, Options: ls, Description: describe}
	if d := labelOf(q.Options, q.Default); d != "" {
		p.Default = d
	}
	var answer string
	if err := s.ask(p, &answer); err != nil {
		return "", err
	}
	return valueOf(q.Options, answer), nil
}

// MultiSelect asks for any number of options; space toggles, enter
// accepts.
func (s *Survey) MultiSelect(q MultiSelect) ([]string, error) {
	ls, describe := labels(q.Options)
	p := &survey.MultiSelect{Message: q.Message, Help: q.Help, Options: ls, Description: describe}
	var defaults []string
	for _, v := range q.Default {
		if l := labelOf(q.Options, v); l != "" {
			defaults = append(defaults, l)
		}
	}
	if len(defaults) > 0 {
		p.Default = defaults
	}
	var opts []survey.AskOpt
	if q.Validate != nil {
		opts = append(opts, survey.WithValidator(func(ans any) error {
			chosen, _ := ans.([]core.OptionAnswer)
			values := make([]string, len(chosen))
			for i, c := range chosen {
				values[i] = valueOf(q.Options, c.Value)
			}
			return q.Validate(values)
		}))
	}
	var answer []string
	if err := s.ask(p, &answer, opts...); err != nil {
		return nil, err
	}
	values := make([]string, len(answer))
	for i, l := range answer {
		values[i] = valueOf(q.Options, l)
	}
	// survey returns them in the options' order already; keep it so.
	slices.SortStableFunc(values, func(a, b string) int {
		return slices.IndexFunc(q.Options, func(o Option) bool { return o.Value == a }) -
			slices.IndexFunc(q.Options, func(o Option) bool { return o.Value == b })
	})
	return values, nil
}

// Input asks for a line of text, again until Validate accepts it.
func (s *Survey) Input(q Input) (string, error) {
	p := &survey.Input{Message: q.Message, Help: q.Help, Default: q.Default}
	var opts []survey.AskOpt
	if q.Validate != nil {
		opts = append(opts, survey.WithValidator(func(ans any) error {
			text, _ := ans.(string)
			return q.Validate(text)
		}))
	}
	var answer string
	if err := s.ask(p, &answer, opts...); err != nil {
		return "", err
	}
	return answer, nil
}

// Confirm asks a yes/no question.
func (s *Survey) Confirm(message string, def bool) (bool, error) {
	var answer bool
	if err := s.ask(&survey.Confirm{Message: message, Default: def}, &answer); err != nil {
		return false, err
	}
	return answer, nil
}
