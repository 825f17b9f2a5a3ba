// Package render is where socpick's output is drawn: the advice of
// `advise`, the results of `check`, the `questions` and `rules list`,
// `rules show`, `rules test` and `rules graph` listings, and the one JSON
// encoder setup every JSON document goes through (WriteJSON).
//
// There is a file per format: text.go (people at a terminal or reading a
// CI log), json.go and yaml.go (programs; the documents of docs/formats.md),
// markdown.go (pull requests, job summaries), junit.go (CI test reports),
// github.go (GitHub Actions annotations), mermaid.go and dot.go (diagrams).
// A format's file holds its drawing of every output it draws. The kinds of
// output are in their own files: advice.go, check.go, listing.go and
// graph.go say what each draws from and the interface a format implements
// to draw it. escape.go escapes what comes from a user's files (a path, a
// name, a value in a message) for the format it lands in: terminal text,
// a line of a CI log, a GitHub workflow command, Markdown.
//
// render.go holds the registry: each format is registered once, in
// formats, and an output's formats are those whose drawer implements the
// output's interface. Commands ask an Output (AdviceOutput, CheckOutput,
// QuestionsOutput, RulesOutput, GraphOutput) for its formats, for their
// --format flag's help and completion, and for a format's drawer, whose
// error for an unknown format names them. A new format is a file and a
// line in formats.
//
// render reads what lower packages decided (an engine.Decision, check's
// results and the check.Options they were judged by) and writes to an
// io.Writer. It knows nothing of flags or terminals: the caller decides
// colour and width once and passes them in Options.
package render
