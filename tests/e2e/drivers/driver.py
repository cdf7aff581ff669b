"""Runs a Python program through the Python Automation API as an inline program (the SDK
serves the language runtime in-process; only the CLI is needed) and writes the engine's steps
and the stack outputs as JSON. Called by tests/e2e/engine.ts with one JSON argument:
{op, stack, project, config, program, workDir, cli, out, env}; workDir holds the example's
Pulumi.yaml, whose plugins section names our provider."""

import json
import runpy
import sys

from pulumi import automation as auto


def main(job: dict) -> None:
    steps = []

    def on_event(event: auto.EngineEvent) -> None:
        pre = event.resource_pre_event
        if pre is not None:
            m = pre.metadata
            steps.append({"op": m.op.value, "urn": m.urn, "type": m.type, "name": m.urn.split("::")[-1], "diffs": m.diffs or [], "inputs": m.new.inputs if m.new else None})

    stack = auto.create_or_select_stack(
        stack_name=job["stack"],
        project_name=job["project"],
        # The program file as `pulumi up` would run it: as __main__.
        program=lambda: runpy.run_path(job["program"], run_name="__main__"),
        opts=auto.LocalWorkspaceOptions(
            work_dir=job["workDir"], env_vars=job["env"], pulumi_command=auto.PulumiCommand(root=job["cli"])
        ),
    )
    stack.set_all_config({k: auto.ConfigValue(value=v) for k, v in job["config"].items()})
    outputs: dict = {}
    stdout = ""
    if job["op"] == "preview":
        stdout = stack.preview(on_event=on_event, diff=True).stdout
    elif job["op"] == "up":
        result = stack.up(on_event=on_event)
        stdout = result.stdout
        outputs = {k: v.value for k, v in result.outputs.items()}
    else:
        stdout = stack.destroy(on_event=on_event).stdout
    with open(job["out"], "w") as f:
        json.dump({"steps": steps, "outputs": outputs, "stdout": stdout}, f)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
