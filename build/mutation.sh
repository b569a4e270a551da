#!/usr/bin/env bash
# Mutation testing of the domain rules: Stryker.NET (local tool, dotnet-tools.json) mutates
# src/CaseCoordination.Domain and runs tests/CaseCoordination.Domain.Tests against every mutant
# (Microsoft.Testing.Platform runner). A surviving mutant is a rule no domain test pins.
# Prints "mutation: score N %" and the surviving mutants per file; exits non-zero below the threshold.
# Usage: build/mutation.sh [break-at %, default 80]
# Reports (JSON + HTML) go to artifacts/mutation/ (gitignored). About a minute on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
break_at="${1:-80}"
out="$PWD/artifacts/mutation"
rm -rf "$out"
mkdir -p "$out"
dotnet tool restore >/dev/null
status=0
(
  cd tests/CaseCoordination.Domain.Tests
  dotnet dotnet-stryker \
    --project CaseCoordination.Domain.csproj \
    --test-runner mtp \
    --concurrency "${MUTATION_CONCURRENCY:-2}" \
    --reporter progress --reporter cleartext --reporter json --reporter html \
    --break-at "$break_at" \
    --output "$out"
) || status=$?
report="$(find "$out" -name 'mutation-report.json' | head -n 1)"
if [ -z "$report" ]; then
  echo "mutation: no report written (Stryker exit $status)" >&2
  exit 1
fi
# The score as Stryker counts it: killed + timeout over killed + timeout + survived + no coverage
# (compile errors and ignored mutants do not count).
python3 - "$report" <<'PY'
import json, sys, collections
report = json.load(open(sys.argv[1]))
counts = collections.Counter()
survivors = collections.defaultdict(list)
for path, f in report["files"].items():
    name = path.split("src/CaseCoordination.Domain/")[-1]
    for m in f["mutants"]:
        counts[m["status"]] += 1
        if m["status"] in ("Survived", "NoCoverage"):
            line = m["location"]["start"]["line"]
            survivors[name].append(f'{line}: {m["mutatorName"]} ({m["status"]}) -> {m.get("replacement", "")!r}')
detected = counts["Killed"] + counts["Timeout"]
valid = detected + counts["Survived"] + counts["NoCoverage"]
for name in sorted(survivors):
    print(f"survivors in {name}:")
    for s in survivors[name]:
        print("  " + s)
print("mutants: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
print(f"mutation: score {100 * detected / valid:.2f} %" if valid else "mutation: no mutants")
PY
echo "report: ${report%/*}/mutation-report.html"
exit "$status"
