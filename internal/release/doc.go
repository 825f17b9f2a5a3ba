// Package release holds no code: its tests check the files a team adopts
// socpick with (the Dockerfile, action.yml, the pre-commit hooks, the
// goreleaser configuration) against the program they ship, statically,
// and by building the image where a Docker daemon runs.
package release
