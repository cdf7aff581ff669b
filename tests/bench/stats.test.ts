// The bench's summary of repeated measurements.
import * as assert from "assert";
import { perUnitGrowth, spread } from "./stats";

describe("bench spread", () => {
    it("takes the middle value of an odd count, whatever the order", () => {
        assert.deepStrictEqual(spread([30, 10, 20]), { min: 10, median: 20, max: 30 });
    });

    it("takes the mean of the middle two of an even count", () => {
        assert.deepStrictEqual(spread([40, 10, 30, 20]), { min: 10, median: 25, max: 40 });
        assert.deepStrictEqual(spread([7]), { min: 7, median: 7, max: 7 });
    });

    it("refuses an empty set rather than report NaN", () => {
        assert.throws(() => spread([]), /no measurements/);
    });

    it("compares costs per unit, so that linear growth is 1", () => {
        // 20 clusters in 40 s and 50 in 100 s: 2 s each both times.
        assert.strictEqual(perUnitGrowth(40, 20, 100, 50), 1);
        // 50 in 110 s: 2.2 s each against 2 s.
        assert.strictEqual(perUnitGrowth(40, 20, 110, 50).toFixed(2), "1.10");
    });
});
