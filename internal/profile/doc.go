// Package profile reads and validates vendor profile files (docs/formats.md,
// "Vendor profile"): the vendor's name, its answers to the questionnaire, the SOC
// reports it holds and the recommendation its owners expect. Reading is
// strict: every problem of a file is reported at once, each with its file,
// line and column and what would be valid, and the positions of answers,
// held reports and expectations are kept so that later findings can point
// back into the file.
//
// The package checks shape, identifiers and dates only. Whether the held
// reports satisfy the recommendation is the check package's business, and
// which questions must be answered is the questionnaire's.
package profile
