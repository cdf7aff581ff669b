// Pulumi captures a stack trace for every resource and promise; under ts-node each one is
// source-mapped, which makes a mock build ~10x slower. The validators need no stacks.
export function fastStacks(): () => void {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    return () => {
        Error.stackTraceLimit = limit;
    };
}
