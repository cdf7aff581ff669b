//go:build tools

// Pins the Pulumi YAML language host that the real-engine tests build.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
