// Warnings at preview time for edits that replace or delete an address holder. A component
// sees only its new inputs, so it records what decides its holders (model/holders.ts) as its
// own inputs, and a before-update resource hook, which the engine also runs in previews when
// asked (`onDryRun`), gets the deployed record and the new one (docs/day2.md).
import * as pulumi from "@pulumi/pulumi";
import * as state from "@pulumi/pulumi/runtime/state";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import { HolderWatch, holderWarnings } from "../model/holders";

/**
 * Whether this engine takes resource hooks: the SDK reads the monitor's features before a
 * program or a Construct runs (@pulumi/pulumi runtime/settings.js `awaitFeatureSupport`, into
 * its internal store); an engine before hooks, or a test's own monitor, has none, and the
 * mock runtime claims them without taking any (runtime/mocks.js has no registerResourceHook).
 */
function engineTakesHooks(): boolean {
    const store = (state as { getStore?: () => { supportsResourceHooks?: boolean } }).getStore?.();
    const monitor = pulumi.runtime.getMonitor() as { registerResourceHook?: unknown } | undefined;
    return (
        store?.supportsResourceHooks === true && typeof monitor?.registerResourceHook === "function"
    );
}

/**
 * The component's inputs and options: `watch` recorded, and the hook that compares it with
 * the deployed record and warns, naming each input whose change replaces or deletes a holder.
 */
export function watchHolders(
    component: string,
    name: string,
    watch: HolderWatch,
    opts: pulumi.ComponentResourceOptions = {},
): [pulumi.Inputs, pulumi.ComponentResourceOptions] {
    if (!engineTakesHooks()) return [{ addressHolders: watch }, opts];
    // The hook runs outside the program's context, where an inline program's engine is not
    // found (@pulumi/pulumi log/index.js falls back to the console): log through this one.
    const engine = pulumi.runtime.getEngine();
    const hook = new pulumi.ResourceHook(
        `hacluster-${component}-${name}-holders`,
        async (args) => {
            const was = args.oldInputs?.addressHolders as HolderWatch | undefined;
            const now = args.newInputs?.addressHolders as HolderWatch | undefined;
            if (!was || !now) return;
            for (const warning of holderWarnings(was, now))
                await warn(engine, args.urn, `${component} ${name}: ${warning}`);
        },
        { onDryRun: true },
    );
    const hooks = opts.hooks ?? {};
    return [
        { addressHolders: watch },
        { ...opts, hooks: { ...hooks, beforeUpdate: [...(hooks.beforeUpdate ?? []), hook] } },
    ];
}

/** A warning on the component's URN, through `engine` (the console without one). */
function warn(
    engine: ReturnType<typeof pulumi.runtime.getEngine>,
    urn: string,
    message: string,
): Promise<void> {
    if (!engine) return Promise.resolve(pulumi.log.warn(message));
    const request = new engineProto.LogRequest()
        .setSeverity(engineProto.LogSeverity.WARNING)
        .setMessage(message)
        .setUrn(urn);
    return new Promise((resolve) => engine.log(request, () => resolve()));
}
