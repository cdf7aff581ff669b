// Wall-clock times of engine operations, printed after the run (docs/performance.md quotes them).
const times: [string, number][] = [];

export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
        return await fn();
    } finally {
        times.push([label, (Date.now() - start) / 1000]);
    }
}

after(() => {
    if (times.length)
        console.log(
            "\n  engine timings (s):\n" +
                times.map(([l, s]) => `    ${l.padEnd(40)} ${s.toFixed(1)}`).join("\n"),
        );
});
