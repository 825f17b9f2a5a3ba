// Package cli holds socpick's commands: the only place that knows about
// flags, arguments, terminals and exit codes. Each command has an options
// struct and a run function that does the work, so tests can call it
// without Cobra; exit codes are decided in one place (exitCode).
package cli
