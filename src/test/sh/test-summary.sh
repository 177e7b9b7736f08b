#!/usr/bin/env bash
# Sums the JUnit XML reports of surefire (unit) and failsafe (end-to-end) into one line, 'N passed, N failed',
# the line CI reads (", N skipped" follows when there are some). Exit 1 when a test failed or none ran.
set -euo pipefail
dir=${1:-target}
tests=0 failures=0 errors=0 skipped=0
shopt -s nullglob
for f in "$dir"/surefire-reports/TEST-*.xml "$dir"/failsafe-reports/TEST-*.xml; do
  # the attributes of the first <testsuite ...> element
  line=$(grep -m1 -o '<testsuite [^>]*' "$f" || true)
  for attr in tests failures errors skipped; do
    v=$(printf '%s' "$line" | grep -o " $attr=\"[0-9]*\"" | grep -o '[0-9]*' || true)
    v=${v:-0}
    case $attr in
      tests) tests=$((tests + v)) ;;
      failures) failures=$((failures + v)) ;;
      errors) errors=$((errors + v)) ;;
      skipped) skipped=$((skipped + v)) ;;
    esac
  done
done
failed=$((failures + errors))
passed=$((tests - failed - skipped))
printf '%d passed, %d failed%s\n' "$passed" "$failed" "$([ "$skipped" -gt 0 ] && printf ', %d skipped' "$skipped")"
[ "$failed" -eq 0 ] && [ "$tests" -gt 0 ]
