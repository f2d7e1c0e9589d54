// Tests for the JUnit report counter used by ./test.

import { deepStrictEqual } from "node:assert";
import { countJunit } from "./junit_count.ts";

const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="8" failures="3" errors="0" time="0.009">
    <testsuite name="./a_test.ts" tests="8" disabled="1" errors="0" failures="3">
        <testcase name="plain" classname="./a_test.ts" time="0.000" line="1" col="6">
        </testcase>
        <testcase name="fails" classname="./a_test.ts" time="0.000" line="2" col="6">
            <failure message="Uncaught Error: x">Error: x</failure>
        </testcase>
        <testcase name="with steps" classname="./a_test.ts" time="0.001" line="3" col="6">
            <failure message="1 test step failed">1 test step failed.</failure>
        </testcase>
        <testcase name="ignored" classname="./a_test.ts" time="0.000" line="8" col="6">
            <skipped/>
        </testcase>
        <testcase name="with steps &gt; s1" classname="./a_test.ts" time="0.000" line="4" col="11">
        </testcase>
        <testcase name="with steps &gt; s2" classname="./a_test.ts" time="0.000" line="5" col="11">
            <failure message="Uncaught Error: y">Error: y</failure>
        </testcase>
        <testcase name="with steps &gt; s3" classname="./a_test.ts" time="0.000" line="6" col="11">
        </testcase>
        <testcase name="with steps &gt; s3 &gt; inner" classname="./a_test.ts" time="0.000" line="6" col="47">
        </testcase>
    </testsuite>
    <testsuite name="./b_test.ts" tests="2" disabled="0" errors="0" failures="1">
        <testcase name="parent" classname="./b_test.ts" time="0.000" line="1" col="6">
            <failure message="Uncaught Error: after steps">Error</failure>
        </testcase>
        <testcase name="parent &gt; only" classname="./b_test.ts" time="0.000" line="2" col="6">
        </testcase>
        <testcase name="plain" classname="./b_test.ts" time="0.000" line="3" col="6">
        </testcase>
    </testsuite>
</testsuites>`;

Deno.test("leaf tests and steps count once each", () => {
  // a: plain, s1, inner pass; fails, s2 fail; ignored skipped.
  // b: parent's own failure, only and plain pass.
  deepStrictEqual(countJunit(REPORT), { passed: 5, failed: 3, skipped: 1 });
});

Deno.test("an empty report counts nothing", () => {
  deepStrictEqual(countJunit(""), { passed: 0, failed: 0, skipped: 0 });
});
