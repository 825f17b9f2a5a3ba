package prompt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
	"golang.org/x/term"

	"github.com/socpick/socpick/internal/prose"
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

// askMu makes prompts in one process take turns: survey keeps its
// templates, which useTemplates sets for each prompt's terminal, in package
// variables that it reads while a prompt is drawn.
var askMu sync.Mutex

func (s *Survey) ask(lk look, p survey.Prompt, response any, opts ...survey.AskOpt) error {
	opts = append(opts, survey.WithStdio(s.in, s.out, s.err), survey.WithPageSize(pageSize))
	err := func() error {
		askMu.Lock()
		defer askMu.Unlock()
		useTemplates(lk)
		return survey.AskOne(p, response, opts...)
	}()
	if errors.Is(err, io.EOF) {
		// Ctrl-D leaves the cursor on the prompt's line: what follows
		// ("socpick: cancelled") starts on its own.
		io.WriteString(s.out, "\n")
	}
	if errors.Is(err, terminal.InterruptErr) || errors.Is(err, io.EOF) {
		return ErrInterrupted
	}
	return err
}

// size is the terminal's width and height, 80×24 when it does not say.
func (s *Survey) size() (int, int) {
	w, h, err := term.GetSize(int(s.out.Fd()))
	if err != nil || w <= 0 || h <= 0 {
		return 80, 24
	}
	return w, h
}

// message is a question wrapped to the terminal at spaces, the lines
// after the first indented under it ("? " is two columns).
func message(text string, width int) string {
	return strings.TrimSuffix(prose.Wrap(text, width, "  ", "  "), "\n")[2:]
}

// helpText is a question's help wrapped to the terminal, paragraph by
// paragraph, under survey's "ⓘ " (two columns).
func helpText(text string, width int) string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		out = append(out, strings.TrimSuffix(prose.Wrap(para, width, "  ", "  "), "\n"))
	}
	return strings.Join(out, "\n\n")[2:]
}

// labels returns the options' labels and a function that describes the
// option at an index, for survey's Select and MultiSelect; a description
// is clipped so that its option, after prefix columns of cursor and tick
// box, stays on one line of a terminal width columns wide (the whole of it
// is in the question's help).
func labels(opts []Option, width, prefix int) ([]string, func(string, int) string) {
	ls := make([]string, len(opts))
	for i, o := range opts {
		ls[i] = o.Label
	}
	return ls, func(_ string, i int) string {
		room := width - prefix - 4 - prose.VisibleLen(opts[i].Label) // " - " and a column to spare
		if room < 4 && room < len([]rune(opts[i].Description)) {
			return "" // no room to say anything of it
		}
		return clip(opts[i].Description, room)
	}
}

// hint is a line of keys under a question, wrapped to the terminal.
func hint(text string, width int) string {
	return strings.TrimSuffix(prose.Wrap(text, width, "  ", "  "), "\n")
}

// look is how a prompt is drawn: the terminal's width, and which keys its
// hint offers.
type look struct {
	width int
	// help: the question has help (?); selectAll: a MultiSelect offers
	// "all".
	help, selectAll bool
}

// useTemplates sets survey's templates for a prompt: the key hints on
// their own line, wrapped at spaces to the terminal, so that nothing
// breaks mid-word. survey keeps its templates in package variables: only
// under askMu.
func useTemplates(lk look) {
	width, help, selectAll := lk.width, lk.help, lk.selectAll
	registerFuncs.Do(func() {
		core.TemplateFuncsWithColor["answer"] = answerAfter
		core.TemplateFuncsNoColor["answer"] = answerAfter
	})
	answerWidth = width
	helpKey := ""
	if help {
		helpKey = ", ?: help"
	}
	survey.SelectQuestionTemplate = strings.Replace(selectTemplate, "HINT", hint("[arrows: move, enter: choose, type: filter"+helpKey+"]", width), 1)
	all := "right: all, "
	if !selectAll {
		all = ""
	}
	survey.MultiSelectQuestionTemplate = strings.Replace(multiSelectTemplate, "HINT", hint("[space: tick, enter: done, "+all+"left: none, type: filter"+helpKey+"]", width), 1)
	inputHelp := ""
	if help {
		inputHelp = ", ? then enter: help" // survey's Input reads ? as a line
	}
	survey.InputQuestionTemplate = strings.Replace(inputTemplate, "HINT", hint("[enter: done"+inputHelp+"]", width), 1)
	survey.ErrorTemplate = errorTemplate
}

var (
	registerFuncs sync.Once
	// answerWidth is the width of the terminal of the prompt being asked,
	// for answerAfter.
	answerWidth = 80
)

// answerAfter places an answer after its question, as survey shows it once
// given: on the question's last line when it fits there, else on lines of
// its own, wrapped, so that no word of it breaks.
func answerAfter(message, answer string) string {
	last := message[strings.LastIndex(message, "\n")+1:]
	if prose.VisibleLen("? "+last+" "+answer) <= answerWidth {
		return " " + answer
	}
	return "\n" + strings.TrimSuffix(prose.Wrap(answer, answerWidth, "  ", "  "), "\n")
}

// invalid is the error survey shows for an answer a validator refused,
// wrapped to the terminal under survey's "X " (two columns).
func invalid(err error, width int) error {
	return errors.New(strings.TrimSuffix(prose.Wrap(err.Error(), width, "  ", "  "), "\n")[2:])
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
	width, height := s.size()
	ls, describe := labels(q.Options, width, len("> "))
	p := &survey.Select{Message: message(q.Message, width), Help: helpText(q.Help, width), Options: ls, Description: describe, PageSize: fit(len(ls), height)}
	if d := labelOf(q.Options, q.Default); d != "" {
		p.Default = d
	}
	var answer string
	if err := s.ask(look{width: width, help: q.Help != ""}, p, &answer); err != nil {
		return "", err
	}
	return valueOf(q.Options, answer), nil
}

// MultiSelect asks for any number of options; space toggles, enter
// accepts.
func (s *Survey) MultiSelect(q MultiSelect) ([]string, error) {
	width, height := s.size()
	// "All" would tick an option that excludes the others ("None of
	// these") with them: not offered where there is one.
	selectAll := !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Exclusive })
	ls, describe := labels(q.Options, width, len("> [x]  "))
	msg := q.Message
	page := fit(len(ls), height)
	var defaults []string
	for _, v := range q.Default {
		if l := labelOf(q.Options, v); l != "" {
			defaults = append(defaults, l)
		}
	}
	if len(defaults) > 0 && page < len(ls) {
		// Ticked options below the window would go unseen.
		msg += fmt.Sprintf(" (%d ticked)", len(defaults))
	}
	p := &survey.MultiSelect{Message: message(msg, width), Help: helpText(q.Help, width), Options: ls, Description: describe, PageSize: page}
	if len(defaults) > 0 {
		p.Default = defaults
	}
	// A filter typed stays after a tick: the person sees what they ticked
	// among what they looked for (survey would jump back to the top).
	opts := []survey.AskOpt{survey.WithKeepFilter(true)}
	if !selectAll {
		opts = append(opts, survey.WithRemoveSelectAll())
	}
	if q.Validate != nil {
		opts = append(opts, survey.WithValidator(func(ans any) error {
			chosen, _ := ans.([]core.OptionAnswer)
			values := make([]string, len(chosen))
			ticked := make([]string, len(chosen))
			for i, c := range chosen {
				values[i] = valueOf(q.Options, c.Value)
				ticked[i] = c.Value
			}
			err := q.Validate(values)
			if err != nil {
				// survey asks again from the defaults: keep what was
				// ticked, so that only the conflict needs undoing.
				p.Default = ticked
				return invalid(err, width)
			}
			return nil
		}))
	}
	var answer []string
	if err := s.ask(look{width: width, help: q.Help != "", selectAll: selectAll}, p, &answer, opts...); err != nil {
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
	width, _ := s.size()
	p := &survey.Input{Message: message(q.Message, width), Help: helpText(q.Help, width), Default: q.Default}
	var opts []survey.AskOpt
	if q.Validate != nil {
		opts = append(opts, survey.WithValidator(func(ans any) error {
			text, _ := ans.(string)
			if err := q.Validate(text); err != nil {
				return invalid(err, width)
			}
			return nil
		}))
	}
	var answer string
	if err := s.ask(look{width: width, help: q.Help != ""}, p, &answer, opts...); err != nil {
		return "", err
	}
	return answer, nil
}

// Confirm asks a yes/no question.
func (s *Survey) Confirm(msg string, def bool) (bool, error) {
	width, _ := s.size()
	var answer bool
	// "(y/N)" follows the question's last line.
	if err := s.ask(look{width: width}, &survey.Confirm{Message: message(msg, width-len(" (y/N)")), Default: def}, &answer); err != nil {
		return false, err
	}
	return answer, nil
}

// fit is how many of n options a list shows at once: all of them when the
// terminal is tall enough (a ticked option never hides below the window),
// else as many as fit, and never fewer than pageSize.
func fit(n, height int) int {
	return max(min(n, height-6), min(n, pageSize))
}

// errorTemplate is survey's, without "Sorry, your reply was invalid:":
// socpick's messages say what is wrong and what to do.
const errorTemplate = `{{color .Icon.Format }}{{ .Icon.Text }} {{ .Error.Error }}{{color "reset"}}
`

// The templates of survey's Select, MultiSelect and Input, with the key
// hints (HINT) on their own line under the question. Select and
// MultiSelect differ only in how an option is drawn (a tick box).
const (
	selectTemplate = `
{{- define "option"}}
    {{- if eq .SelectedIndex .CurrentIndex }}{{color .Config.Icons.SelectFocus.Format }}{{ .Config.Icons.SelectFocus.Text }} {{else}}{{color "default"}}  {{end}}
    {{- .CurrentOpt.Value}}{{ if ne ($.GetDescription .CurrentOpt) "" }} - {{color "cyan"}}{{ $.GetDescription .CurrentOpt }}{{end}}
    {{- color "reset"}}
{{end}}` + listTemplate

	multiSelectTemplate = `
{{- define "option"}}
    {{- if eq .SelectedIndex .CurrentIndex }}{{color .Config.Icons.SelectFocus.Format }}{{ .Config.Icons.SelectFocus.Text }}{{color "reset"}}{{else}} {{end}}
    {{- if index .Checked .CurrentOpt.Index }}{{color .Config.Icons.MarkedOption.Format }} {{ .Config.Icons.MarkedOption.Text }} {{else}}{{color .Config.Icons.UnmarkedOption.Format }} {{ .Config.Icons.UnmarkedOption.Text }} {{end}}
    {{- color "reset"}}
    {{- " "}}{{- .CurrentOpt.Value}}{{ if ne ($.GetDescription .CurrentOpt) "" }} - {{color "cyan"}}{{ $.GetDescription .CurrentOpt }}{{color "reset"}}{{end}}
{{end}}` + listTemplate

	// listTemplate is a list prompt after its "option" template: help,
	// question, then the answer, or the hint and the page of options.
	listTemplate = `
{{- if .ShowHelp }}{{- color .Config.Icons.Help.Format }}{{ .Config.Icons.Help.Text }} {{ .Help }}{{color "reset"}}{{"\n"}}{{end}}
{{- color .Config.Icons.Question.Format }}{{ .Config.Icons.Question.Text }} {{color "reset"}}
{{- color "default+hb"}}{{ .Message }}{{ .FilterMessage }}{{color "reset"}}
{{- if .ShowAnswer}}{{color "cyan"}}{{ answer .Message .Answer }}{{color "reset"}}{{"\n"}}
{{- else}}
  {{- "\n"}}{{- color "cyan"}}HINT{{color "reset"}}
  {{- "\n"}}
  {{- range $ix, $option := .PageEntries}}
    {{- template "option" $.IterateOption $ix $option}}
  {{- end}}
{{- end}}`

	inputTemplate = `
{{- if .ShowHelp }}{{- color .Config.Icons.Help.Format }}{{ .Config.Icons.Help.Text }} {{ .Help }}{{color "reset"}}{{"\n"}}{{end}}
{{- color .Config.Icons.Question.Format }}{{ .Config.Icons.Question.Text }} {{color "reset"}}
{{- color "default+hb"}}{{ .Message }}{{color "reset"}}
{{- if .ShowAnswer}}
  {{- color "cyan"}}{{ answer .Message .Answer }}{{color "reset"}}{{"\n"}}
{{- else }}
  {{- "\n"}}{{- color "cyan"}}HINT{{color "reset"}}{{"\n"}}
  {{- "  "}}{{- if .Default}}{{color "white"}}({{.Default}}) {{color "reset"}}{{end}}
{{- end}}`
)
