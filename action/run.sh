#!/usr/bin/env bash
# The GitHub Action's check step (action.yml runs it): socpick check on the
# paths given, annotations in the log, a SARIF file for code scanning and a
# markdown job summary, from one run. Inputs come as SOCPICK_INPUT_*
# variables; socpick must be on PATH (action.yml installs it).
set -euo pipefail

paths=${SOCPICK_INPUT_PATHS:-.}
fail_on=${SOCPICK_INPUT_FAIL_ON:-error}
format=${SOCPICK_INPUT_FORMAT:-github}
sarif=${SOCPICK_INPUT_SARIF:-socpick.sarif}
args=(check --fail-on "$fail_on")
if [[ -n ${SOCPICK_INPUT_AS_OF:-} ]]; then
  args+=(--as-of "$SOCPICK_INPUT_AS_OF")
fi
if [[ -n ${SOCPICK_INPUT_RULES:-} ]]; then
  args=(--rules "$SOCPICK_INPUT_RULES" "${args[@]}")
fi
# Paths are whitespace-separated, as a workflow writes a list in one input.
read -r -a path_list <<< "$paths"

status=0
socpick "${args[@]}" --format "$format" -- "${path_list[@]}" || status=$?
if (( status == 2 )); then
  exit 2 # a file or the rules could not be read: the log says which
fi
# The same check as SARIF and as a job summary; their exit status is the
# first run's.
if [[ -n $sarif ]]; then
  socpick "${args[@]}" --format sarif -- "${path_list[@]}" > "$sarif" || true
  echo "sarif=$sarif" >> "${GITHUB_OUTPUT:-/dev/null}"
fi
if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  socpick "${args[@]}" --format markdown -- "${path_list[@]}" >> "$GITHUB_STEP_SUMMARY" || true
fi
exit "$status"
