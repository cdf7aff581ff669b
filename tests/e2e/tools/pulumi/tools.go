//go:build tools

// Pins the Pulumi CLI that the real-engine tests build (go build .../cmd/pulumi); the
// version is the one the SDK generator uses (provider/cmd/pulumi-gen-hacluster).
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
