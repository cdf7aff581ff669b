// pulumi-docs-hacluster writes the API reference of hacluster (docs/api/) from the schema with
// Pulumi's own resource docs generator, the one the Pulumi Registry's pages come from. That
// generator left pulumi/pulumi for pulumi/registry (tools/resourcedocsgen, pulumi/registry#6217,
// December 2024), which the Go module proxy does not serve: github.com/pulumi/pulumi/pkg/v3
// v3.143.0 is the last release that holds it (codegen/docs), so this module pins that release,
// apart from the SDK generator's v3.259.0 (provider/cmd/pulumi-gen-hacluster).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/pkg/v3/codegen/docs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-docs-hacluster"

func main() {
	schemaPath := flag.String("schema", "", "the package schema as JSON (npm run gen:docs writes it)")
	flag.Parse()
	if err := run(*schemaPath); err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-docs-hacluster:", err)
		os.Exit(1)
	}
}

func run(schemaPath string) error {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	// No loader: the schema references no other package (pulumi-gen-hacluster enforces it).
	pkg, diags, err := schema.BindSpec(spec, nil)
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s is invalid: %s", schemaPath, diags.Error())
	}
	files, err := docs.NewContext(tool, pkg).GeneratePackage()
	if err != nil {
		return err
	}
	// The files go to stdout as one JSON object, path to content; gen-docs.sh writes them.
	contents := make(map[string]string, len(files))
	for name, data := range files {
		contents[name] = string(data)
	}
	return json.NewEncoder(os.Stdout).Encode(contents)
}
