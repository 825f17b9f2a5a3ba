package engine

// TrackVars are the plan variables of report id's timeline, for tests.
func TrackVars(id string) ([]string, bool) {
	v, ok := trackVars[id]
	return []string{v.held, v.type1, v.type2}, ok
}
