package render

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/socpick/socpick/internal/calendar"
	"github.com/socpick/socpick/internal/check"
)

// sarif draws check results as SARIF 2.1.0, the format GitHub code
// scanning and other tools read: one rule per finding code, one result
// per finding at the profile's path and line, with a fingerprint that
// follows a finding across commits.
type sarif struct{}

func newSARIF(Options) any { return sarif{} }

func (sarif) check(run CheckRun) CheckRenderer {
	return &sarifRun{run: run, results: jsonArray{sep: ",\n        "}}
}

// SARIFSchema is the schema a SARIF log names; SARIFHelpURI the page each
// rule's help links to, with the code as its anchor.
const (
	SARIFSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	SARIFHelpURI = "https://github.com/socpick/socpick/blob/main/docs/findings.md"
)

type sarifRun struct {
	run     CheckRun
	results jsonArray
}

// listsEveryProfile: a SARIF log lists every finding whatever --quiet
// says; code scanning closes an alert that a new log no longer has.
func (*sarifRun) listsEveryProfile() bool { return true }

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string    `json:"id"`
	Name                 string    `json:"name"`
	ShortDescription     sarifText `json:"shortDescription"`
	FullDescription      sarifText `json:"fullDescription"`
	HelpURI              string    `json:"helpUri"`
	Help                 sarifText `json:"help"`
	DefaultConfiguration struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region *sarifRegion `json:"region,omitempty"`
	} `json:"physicalLocation"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

var sarifLevel = map[check.Severity]string{check.Error: "error", check.Warning: "warning", check.Info: "note"}

func sarifRules() []sarifRule {
	rules := make([]sarifRule, len(check.Codes))
	for i, code := range check.Codes {
		r := sarifRule{ID: code, Name: ruleName(code), HelpURI: SARIFHelpURI + "#" + code}
		r.ShortDescription.Text = check.CodeHelp[code]
		r.FullDescription.Text = check.CodeHelp[code]
		r.Help.Text = check.CodeHelp[code] + " See " + r.HelpURI + " for what to do."
		r.Help.Markdown = check.CodeHelp[code] + " [What to do](" + r.HelpURI + ")."
		r.DefaultConfiguration.Level = sarifLevel[check.DefaultSeverity(code)]
		rules[i] = r
	}
	return rules
}

// ruleName is a code in the form SARIF's rule names take: "MissingReport".
func ruleName(code string) string {
	var b strings.Builder
	for _, part := range strings.Split(code, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	if strings.EqualFold(b.String(), code) {
		// A name the same as the id says nothing more (SARIF 3.49.7):
		// "waived" is a WaivedFinding.
		b.WriteString("Finding")
	}
	return b.String()
}

// artifactURI is a profile's path as a SARIF artifact location: a
// relative reference, percent-encoded, for a path relative to where check
// ran (code scanning resolves it against the checkout); a file: URI for an
// absolute path.
func artifactURI(path string) string {
	p := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive, C:/...
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

func (s *sarifRun) Begin(w io.Writer) error {
	driver := map[string]any{
		"name":           "socpick",
		"version":        strings.TrimPrefix(s.run.Tool.Version, "v"), // SARIF wants it to start with a number
		"informationUri": "https://github.com/socpick/socpick",
		"rules":          sarifRules(),
		"properties":     map[string]string{"rules": s.run.Tool.Rules, "rulesetDigest": s.run.Tool.RulesetDigest},
	}
	tool, err := indentedJSON(map[string]any{"driver": driver}, "      ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "{\n  \"$schema\": %q,\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": %s,\n      \"properties\": {\"asOf\": %q, \"failOn\": %q},\n      \"results\": [",
		SARIFSchema, tool, calendar.Day(s.run.AsOf), s.run.FailOn.String())
	return err
}

func (s *sarifRun) Result(w io.Writer, r *check.Result) error {
	for _, f := range r.Findings {
		for _, each := range f.Each() {
			res := sarifResult{
				RuleID: each.Code, RuleIndex: slices.Index(check.Codes, each.Code), Level: sarifLevel[each.Severity],
				Message:             sarifText{Text: each.Message},
				PartialFingerprints: map[string]string{"socpickFinding/v1": fingerprint(r.File, each)},
			}
			if each.Report != "" || r.Profile != "" {
				res.Properties = map[string]string{}
				if each.Report != "" {
					res.Properties["report"] = each.Report
				}
				if r.Profile != "" {
					res.Properties["profile"] = r.Profile
				}
			}
			if r.File != check.StdinName {
				var loc sarifLocation
				loc.PhysicalLocation.ArtifactLocation.URI = artifactURI(r.File)
				if each.Line > 0 {
					loc.PhysicalLocation.Region = &sarifRegion{StartLine: each.Line, StartColumn: each.Column}
				}
				res.Locations = []sarifLocation{loc}
			}
			b, err := indentedJSON(res, "        ")
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(w, "%s%s", s.results.next(), b); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *sarifRun) End(w io.Writer, _ check.Summary) error {
	_, err := fmt.Fprintf(w, "%s\n    }\n  ]\n}\n", s.results.end())
	return err
}

// fingerprint identifies a finding across commits: the file, the code and
// the report it is about, not its line, which moves as a profile is
// edited; nor its message, which carries dates.
func fingerprint(file string, f check.Finding) string {
	sum := sha256.Sum256([]byte(filepath.ToSlash(file) + "\x00" + f.Code + "\x00" + f.Report))
	return fmt.Sprintf("%x", sum[:16])
}
