// Package prompt asks questions on a terminal. Prompter is the small
// interface the rest of socpick sees; Survey implements it with survey/v2,
// and nothing else imports survey, so the prompt library could be swapped
// here alone. Asker walks the questionnaire through a Prompter.
package prompt
