// Runs the Go example's program (examples/gcp-go/frontdoor) through the Go Automation API as
// an inline program (the SDK serves the language runtime in-process; only the CLI is needed)
// and writes the engine's steps and the stack outputs as JSON. Called by tests/e2e/engine.ts
// with one JSON argument: {op, stack, project, config, workDir, cli, out, env}; workDir holds
// the example's Pulumi.yaml, whose plugins section names our provider.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hacluster/pulumi-hacluster/examples/gcp-go/frontdoor"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

type job struct {
	Op      string            `json:"op"`
	Stack   string            `json:"stack"`
	Project string            `json:"project"`
	Config  map[string]string `json:"config"`
	WorkDir string            `json:"workDir"`
	CLI     string            `json:"cli"`
	Out     string            `json:"out"`
	Env     map[string]string `json:"env"`
}

type step struct {
	Op     string         `json:"op"`
	URN    string         `json:"urn"`
	Type   string         `json:"type"`
	Name   string         `json:"name"`
	Diffs  []string       `json:"diffs"`
	Inputs map[string]any `json:"inputs,omitempty"`
}

func run(j job) error {
	ctx := context.Background()
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: j.CLI})
	if err != nil {
		return err
	}
	proj, err := workspace.LoadProject(filepath.Join(j.WorkDir, "Pulumi.yaml"))
	if err != nil {
		return err
	}
	stack, err := auto.UpsertStackInlineSource(ctx, j.Stack, j.Project, frontdoor.Program,
		auto.WorkDir(j.WorkDir), auto.Project(*proj), auto.Pulumi(cmd), auto.EnvVars(j.Env))
	if err != nil {
		return err
	}
	config := auto.ConfigMap{}
	for k, v := range j.Config {
		config[k] = auto.ConfigValue{Value: v}
	}
	if err := stack.SetAllConfig(ctx, config); err != nil {
		return err
	}
	evts := make(chan events.EngineEvent)
	steps := []step{}
	done := make(chan struct{})
	go func() {
		for e := range evts {
			if e.ResourcePreEvent != nil {
				m := e.ResourcePreEvent.Metadata
				parts := strings.Split(m.URN, "::")
				s := step{Op: string(m.Op), URN: m.URN, Type: m.Type, Name: parts[len(parts)-1], Diffs: m.Diffs}
				if m.New != nil {
					s.Inputs = m.New.Inputs
				}
				steps = append(steps, s)
			}
		}
		close(done)
	}()
	outputs := map[string]any{}
	stdout := ""
	switch j.Op {
	case "preview":
		r, err := stack.Preview(ctx, optpreview.EventStreams(evts), optpreview.Diff())
		if err != nil {
			return err
		}
		stdout = r.StdOut
	case "up":
		r, err := stack.Up(ctx, optup.EventStreams(evts))
		if err != nil {
			return err
		}
		stdout = r.StdOut
		for k, v := range r.Outputs {
			outputs[k] = v.Value
		}
	default:
		r, err := stack.Destroy(ctx, optdestroy.EventStreams(evts))
		if err != nil {
			return err
		}
		stdout = r.StdOut
	}
	<-done
	data, err := json.Marshal(map[string]any{"steps": steps, "outputs": outputs, "stdout": stdout})
	if err != nil {
		return err
	}
	return os.WriteFile(j.Out, data, 0o600)
}

func main() {
	var j job
	if err := json.Unmarshal([]byte(os.Args[1]), &j); err != nil {
		panic(err)
	}
	if err := run(j); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
