// mocha's spec reporter (suite and test names, failures under their suite and test), plus
// the time each file's suite and its direct sub-suites took, so a slow suite is named rather than guessed.
"use strict";
const Mocha = require("mocha");
const { EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

class SpecWithSuiteTimes extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        const started = new Map();
        runner.on(EVENT_SUITE_BEGIN, (suite) => started.set(suite, Date.now()));
        const depth = (suite) => (suite.parent ? depth(suite.parent) + 1 : 0);
        runner.on(EVENT_SUITE_END, (suite) => {
            const level = depth(suite);
            if (level >= 1 && level <= 2 && started.has(suite)) {
                const seconds = (Date.now() - started.get(suite)) / 1000;
                Mocha.reporters.Base.consoleLog(
                    Mocha.reporters.Base.color(
                        "light",
                        `${"  ".repeat(level)}${suite.title}: ${seconds.toFixed(1)} s`,
                    ),
                );
            }
        });
    }
}

module.exports = SpecWithSuiteTimes;
