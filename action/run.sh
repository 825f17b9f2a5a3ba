#!/usr/bin/env bash
# The GitHub Action's check step (action.yml runs it): socpick check on the
# paths given, once, writing annotations to the log, a SARIF file for code
# scanning and the markdown job summary. Inputs come as SOCPICK_INPUT_*
# variables; socpick must be on PATH (action.yml installs it).
set -euo pipefail

paths=${SOCPICK_INPUT_PATHS:-.}
args=(check --fail-on "${SOCPICK_INPUT_FAIL_ON:-error}" --format "${SOCPICK_INPUT_FORMAT:-github}")
if [[ -n ${SOCPICK_INPUT_AS_OF:-} ]]; then
  args+=(--as-of "$SOCPICK_INPUT_AS_OF")
fi
if [[ -n ${SOCPICK_INPUT_RULES:-} ]]; then
  args+=(--rules "$SOCPICK_INPUT_RULES")
fi
sarif=${SOCPICK_INPUT_SARIF-socpick.sarif}
if [[ -n $sarif ]]; then
  args+=(--output "sarif=$sarif")
fi
summary=
if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  summary=$(mktemp)
  args+=(--output "markdown=$summary")
fi
# Paths are whitespace-separated: a workflow writes a list in one input.
read -r -a path_list <<< "$paths"

status=0
socpick "${args[@]}" -- "${path_list[@]}" || status=$?
if [[ -n $summary && -s $summary ]]; then
  cat "$summary" >> "$GITHUB_STEP_SUMMARY"
  rm -f "$summary"
fi
if [[ -n $sarif && -f $sarif ]]; then
  echo "sarif=$sarif" >> "${GITHUB_OUTPUT:-/dev/null}"
fi
exit "$status"
