// Package check compares what a vendor holds with what it needs.
//
// Findings is the pure part: a profile's held reports and expect block,
// the Decision the rules made for its answers, and an as-of date give the
// findings of docs/formats.md, "Check results", each at the YAML position it is about.
// Runner is the batch part behind `socpick check`: it reads many profiles,
// evaluates and checks them on a bounded pool of workers, and hands the
// results back in path order, one at a time: a file's contents are dropped
// once it is checked, so memory does not grow with the inventory.
//
// Options (the as-of date, the severity that fails a profile) are decided
// once by the caller; the runner checks with them, and render reads them
// with the results to draw them. Results hold what was found, never drawn
// output: drawing is render's.
package check
