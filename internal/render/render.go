package render

import (
	"fmt"
	"strings"
	"time"
)

// Options are the presentation choices the caller decides once, from the
// terminal and the flags.
type Options struct {
	// Color enables ANSI colour (text only); the caller decides it from the
	// terminal, NO_COLOR and --no-color.
	Color bool
	// Width is the column text output wraps at; 0 means 80, readable on
	// any terminal and in CI logs.
	Width int
	// Today is the day an output dates itself to (the profile template's
	// answered_on); zero leaves the date out.
	Today time.Time
}

// format is one output format: its name, and the drawer it makes for a
// caller's options. The drawer implements the interface of each output
// the format draws (AdviceRenderer, CheckFormat, QuestionsRenderer,
// RulesRenderer, GraphRenderer); an output's formats are those whose
// drawer implements its interface.
type format struct {
	name string
	new  func(Options) any
}

// formats are every output format, in the order that flag help,
// completion and messages list them. A new format is a file that defines
// its drawer and a line here.
var formats = []format{
	{"text", newText},
	{"json", newJSON},
	{"yaml", newYAML},
	{"junit", newJUnit},
	{"sarif", newSARIF},
	{"github", newGitHub},
	{"markdown", newMarkdown},
	{"mermaid", newMermaid},
	{"dot", newDot},
}

// Output is one kind of output (advice, check results, a listing), drawn
// by the formats whose drawer implements R. Its formats are what a
// --format flag offers, completes and names in its error.
type Output[R any] struct{}

// The outputs of socpick's commands.
var (
	// AdviceOutput draws `advise`.
	AdviceOutput Output[AdviceRenderer]
	// CheckOutput draws `check`; NewCheck starts a run's drawing.
	CheckOutput Output[CheckFormat]
	// QuestionsOutput draws `questions`.
	QuestionsOutput Output[QuestionsRenderer]
	// RulesOutput draws `rules list` and `rules show`.
	RulesOutput Output[RulesRenderer]
	// GraphOutput draws `rules graph`.
	GraphOutput Output[GraphRenderer]
)

// Formats names the formats that draw this output, in the order of the
// registry.
func (Output[R]) Formats() []string {
	var names []string
	for _, f := range formats {
		if _, ok := f.new(Options{}).(R); ok {
			names = append(names, f.name)
		}
	}
	return names
}

// Want lists the formats for a person: "text or json" for two, "text,
// json, yaml, markdown" for more.
func (o Output[R]) Want() string {
	names := o.Formats()
	if len(names) == 2 {
		return names[0] + " or " + names[1]
	}
	return strings.Join(names, ", ")
}

// Get returns the drawer of a format made for opts, or an error naming
// the formats that draw this output.
func (o Output[R]) Get(name string, opts Options) (R, error) {
	for _, f := range formats {
		if f.name != name {
			continue
		}
		if r, ok := f.new(opts).(R); ok {
			return r, nil
		}
		break
	}
	var none R
	return none, fmt.Errorf("unknown format %q (want %s)", name, o.Want())
}
