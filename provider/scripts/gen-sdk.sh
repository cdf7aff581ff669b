#!/usr/bin/env bash
# Writes the Python and Go SDKs from schema.yaml with pulumi-gen-hacluster (Pulumi's own
# codegen, pinned in provider/cmd/pulumi-gen-hacluster/go.mod).
#   gen-sdk.sh            regenerate sdk/python and sdk/go, and tidy sdk/go.mod and go.sum
#   gen-sdk.sh DIR        generate into DIR only (the drift test compares DIR with sdk/)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/sdk}"
gen="$root/provider/cmd/pulumi-gen-hacluster"
version="$(node -p 'require(process.argv[1]).version' "$root/package.json")"

(cd "$gen" && go build -o pulumi-gen-hacluster .)
rm -rf "$out/python" "$out/go"
"$gen/pulumi-gen-hacluster" --schema "$root/schema.yaml" --version "$version" --out "$out"

if [ $# -eq 0 ]; then
    # The Go module of the SDK is sdk/, module path github.com/hacluster/pulumi-hacluster/sdk.
    if [ ! -f "$out/go.mod" ]; then
        printf 'module github.com/hacluster/pulumi-hacluster/sdk\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.259.0\n' > "$out/go.mod"
    fi
    (cd "$out" && go mod tidy)
fi
