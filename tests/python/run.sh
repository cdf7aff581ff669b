#!/usr/bin/env bash
# The Python suite: a venv with the pinned requirements and the generated SDK (installed
# like a user would, with pip), then pytest under mocks and mypy over the Python example.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/tests/support/require.sh"
require_tool "the Python suite" "it needs python3 with venv" python3 -c "import venv, ensurepip"
venv="$root/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/tests/python/requirements.txt"
# --no-deps: the SDK's dependencies are pinned above; always reinstall the current SDK.
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$root/sdk/python"
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$root/tests/python"
"$venv/bin/mypy" --config-file "$root/tests/python/mypy.ini" --no-incremental "$root/examples/aws-py/__main__.py"
