// pulumi-gen-hacluster writes the Python and Go SDKs of hacluster from schema.yaml with
// Pulumi's own code generators, pinned through this module's go.mod. Nothing it writes is
// edited by hand; CI regenerates into a temporary folder and compares.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/blang/semver"
	"gopkg.in/yaml.v3"
)

const tool = "pulumi-gen-hacluster"

func main() {
	schemaPath := flag.String("schema", "schema.yaml", "the package schema (YAML or JSON)")
	version := flag.String("version", "", "the package version, from package.json")
	out := flag.String("out", "sdk", "folder that receives python/ and go/")
	flag.Parse()
	if err := run(*schemaPath, *version, *out); err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-gen-hacluster:", err)
		os.Exit(1)
	}
}

func run(schemaPath, version, out string) error {
	pkg, err := bind(schemaPath, version)
	if err != nil {
		return err
	}
	python, err := pygen.GeneratePackage(tool, pkg, nil, selfContained{})
	if err != nil {
		return fmt.Errorf("python: %w", err)
	}
	golang, err := gogen.GeneratePackage(tool, pkg, nil)
	if err != nil {
		return fmt.Errorf("go: %w", err)
	}
	if err := write(filepath.Join(out, "python"), python); err != nil {
		return err
	}
	return write(filepath.Join(out, "go"), golang)
}

// bind reads the schema (YAML anchors included) into Pulumi's PackageSpec through its JSON
// form, the one the spec's field tags describe, and validates it.
func bind(schemaPath, version string) (*schema.Package, error) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	asJSON, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(asJSON, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	if version != "" {
		spec.Version = version
	}
	pkg, diags, err := schema.BindSpec(spec, selfContained{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s is invalid: %s", schemaPath, diags.Error())
	}
	return pkg, nil
}

func write(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// selfContained refuses every other package: the schema must not reference one, so that
// Python and Go users need no cloud SDK and generation needs no plugin or network.
type selfContained struct{}

func refuse(name string) error {
	return fmt.Errorf("schema.yaml references package %q; keep it self-contained", name)
}

func (selfContained) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, refuse(name)
}

func (selfContained) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refuse(d.Name)
}

func (selfContained) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refuse(name)
}

func (selfContained) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, refuse(d.Name)
}
