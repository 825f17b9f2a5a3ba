// Package questionnaire owns the questions: it loads the questions file of
// a ruleset (the single source of questions, flags and validation), checks
// and normalises answers from profiles and flags, decides which questions
// are asked (ask_if) and compiles expressions over the answers for the
// engine.
package questionnaire
