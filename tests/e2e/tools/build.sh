#!/usr/bin/env bash
# Builds the Pulumi CLI and the Pulumi YAML language host from the Go module proxy (the
# versions pinned in pulumi/go.mod and pulumi-yaml/go.mod) into a cache outside the
# repository, keyed by version, once; later runs reuse it. Prints the cache directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${HACLUSTER_E2E_CACHE:-$HOME/.cache/hacluster-e2e}"
version() { sed -n "s|^require $1 \(v[^ ]*\)$|\1|p" "$2"; }

build() { # <tool module dir> <module> <package> <binary> <version ldflag variable>
    local v dir
    v="$(version "$2" "$here/$1/go.mod")"
    dir="$cache/$1-$v/bin"
    if [ ! -x "$dir/$4" ]; then
        echo "building $4 $v (once; cached in $dir)" >&2
        local start=$SECONDS
        mkdir -p "$dir"
        (cd "$here/$1" && go build -o "$dir/$4.tmp" -ldflags "-X $5=$v" "$3")
        mv "$dir/$4.tmp" "$dir/$4"
        echo "built $4 in $((SECONDS - start)) s" >&2
    fi
}

build pulumi github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/pkg/v3/cmd/pulumi pulumi \
    github.com/pulumi/pulumi/sdk/v3/go/common/version.Version
build pulumi-yaml github.com/pulumi/pulumi-yaml github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml pulumi-language-yaml \
    github.com/pulumi/pulumi-yaml/pkg/version.Version
echo "$cache"
