#!/usr/bin/env bash
# Writes the API reference (docs/api/) from schema.yaml with pulumi-docs-hacluster (Pulumi's
# resource docs generator, pinned in provider/cmd/pulumi-docs-hacluster/go.mod).
#   gen-docs.sh        regenerate docs/api
#   gen-docs.sh DIR    generate into DIR only (the drift test compares DIR with docs/api)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/docs/api}"
gen="$root/provider/cmd/pulumi-docs-hacluster"
schema="$(mktemp --suffix=.json)"
trap 'rm -f "$schema"' EXIT

(cd "$gen" && go build -o pulumi-docs-hacluster .)
# The schema as the provider serves it (GetSchema): JSON, with the version from package.json.
(cd "$root" && node -e '
    const { loadSchema, packageVersion } = require("ts-node/register/transpile-only") && require("./provider/src/schema");
    require("fs").writeFileSync(process.argv[1], JSON.stringify({ ...loadSchema(), version: packageVersion() }));
' "$schema")
rm -rf "$out"
"$gen/pulumi-docs-hacluster" --schema "$schema" | node -e '
    const fs = require("fs"), path = require("path");
    const files = JSON.parse(fs.readFileSync(0, "utf8"));
    for (const name of Object.keys(files).sort()) {
        fs.mkdirSync(path.dirname(path.join(process.argv[1], name)), { recursive: true });
        fs.writeFileSync(path.join(process.argv[1], name), files[name]);
    }
' "$out"
