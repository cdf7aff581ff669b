#!/usr/bin/env bash
# The Go suite: the SDK's tests under pulumi.WithMocks, go vet over the generated SDK, and
# the Go example built and vetted against it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/tests/support/require.sh"
require_tool "the Go suite" "it needs Go" go version
(cd "$root/tests/go" && go test -count=1 ./...)
(cd "$root/sdk" && go vet ./...)
(cd "$root/examples/gcp-go" && go vet ./...)
