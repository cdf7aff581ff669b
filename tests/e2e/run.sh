#!/usr/bin/env bash
# The real-engine suite (npm run test:e2e): builds what it needs (bin/ for the provider, the
# Python venv, the Pulumi CLI and YAML host in their version-keyed cache), then runs mocha
# over tests/e2e/*.e2e.ts.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
npm run --silent build
venv="$root/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps sdk/python
bash tests/e2e/tools/build.sh >/dev/null
exec mocha --config tests/e2e/.mocharc.json "$@"
