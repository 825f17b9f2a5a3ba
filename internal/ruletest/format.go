package ruletest

import "reflect"

// Format is what the loader decodes a test file into, for the schema of
// test files (socpick schema tests): the file, each item of its tests, and
// the mappings of an expectation it reads later than the case (each of
// expect.reports and of expect.milestones). The keys are those of the
// structs' tags, read as strictyaml.Decode reads them.
type Format struct {
	File, Case, Report, Milestone reflect.Type
}

// FileFormat returns the types a test file is decoded into.
func FileFormat() Format {
	return Format{
		File:      reflect.TypeFor[fileDoc](),
		Case:      reflect.TypeFor[caseDoc](),
		Report:    reflect.TypeFor[reportDoc](),
		Milestone: reflect.TypeFor[milestoneDoc](),
	}
}
