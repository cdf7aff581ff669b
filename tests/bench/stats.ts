// The bench's summaries of repeated measurements: on a shared machine one run says little, so
// each figure carries its spread.

export interface Spread {
    min: number;
    median: number;
    max: number;
}

/** Minimum, median (the mean of the middle two of an even count) and maximum. */
export function spread(xs: number[]): Spread {
    if (!xs.length) throw new Error("no measurements");
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length / 2;
    const median = s.length % 2 ? s[Math.floor(mid)] : (s[mid - 1] + s[mid]) / 2;
    return { min: s[0], median, max: s[s.length - 1] };
}

/** How much a per-unit cost grows from `small` over `n` units to `large` over `m`: 1 is linear. */
export const perUnitGrowth = (small: number, n: number, large: number, m: number): number =>
    large / m / (small / n);
