// Tests for erf, erfc, sigmoid and gelu against values from Python's math
// module (erf/erfc of the C library) to within two ulps.

import assert from "node:assert/strict";
import { erf, erfc, gelu, sigmoid } from "./special_math.ts";

// [x, erf(x), erfc(x)] from Python's math.erf / math.erfc.
const TABLE: [number, number, number][] = [
  [-30, -1.0, 2.0],
  [-7, -1.0, 2.0],
  [-5.5, -0.9999999999999927, 1.9999999999999927],
  [-3, -0.9999779095030014, 1.9999779095030015],
  [-1.3, -0.9340079449406524, 1.9340079449406524],
  [-1, -0.8427007929497149, 1.842700792949715],
  [-0.9, -0.7969082124228322, 1.7969082124228322],
  [-0.5, -0.5204998778130465, 1.5204998778130465],
  [-0.2, -0.22270258921047847, 1.2227025892104786],
  [-1e-10, -1.1283791670955126e-10, 1.000000000112838],
  [0, 0.0, 1.0],
  [1e-300, 1.1283791670955126e-300, 1.0],
  [0.1, 0.1124629160182849, 0.8875370839817152],
  [0.3, 0.3286267594591274, 0.6713732405408726],
  [0.84, 0.7651427114549946, 0.23485728854500548],
  [0.85, 0.7706680576083526, 0.2293319423916475],
  [1.0, 0.8427007929497149, 0.15729920705028513],
  [1.2, 0.9103139782296353, 0.08968602177036465],
  [1.26, 0.9252359418101295, 0.0747640581898705],
  [2, 0.9953222650189527, 0.004677734981047265],
  [2.857, 0.9999466417399131, 5.3358260086846374e-05],
  [2.86, 0.9999475988269556, 5.240117304439781e-05],
  [4, 0.9999999845827421, 1.541725790028002e-08],
  [5.9, 0.9999999999999999, 7.190409783550478e-17],
  [6.1, 1.0, 6.314602150193718e-18],
  [10, 1.0, 2.088487583762545e-45],
  [29, 1.0, 0.0],
];

function close(
  actual: number,
  expected: number,
  what: string,
  rel = 4.5e-16,
): void {
  const tol = Math.max(Math.abs(expected) * rel, 1e-320);
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: got ${actual}, expected ${expected}`,
  );
}

Deno.test("erf and erfc match the C library within 2 ulps", () => {
  for (const [x, e, ec] of TABLE) {
    close(erf(x), e, `erf(${x})`);
    close(erfc(x), ec, `erfc(${x})`);
  }
});

Deno.test("erf and erfc special values", () => {
  assert.equal(erf(Infinity), 1);
  assert.equal(erf(-Infinity), -1);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erfc(-Infinity), 2);
  assert.ok(Number.isNaN(erf(NaN)));
  assert.ok(Number.isNaN(erfc(NaN)));
  assert.ok(Object.is(erf(-0), -0));
});

Deno.test("sigmoid is stable at the extremes", () => {
  assert.equal(sigmoid(0), 0.5);
  assert.equal(sigmoid(1000), 1);
  assert.equal(sigmoid(-1000), 0);
  close(sigmoid(-745), 0, "sigmoid(-745)");
  close(sigmoid(2), 1 / (1 + Math.exp(-2)), "sigmoid(2)");
  close(sigmoid(-2), Math.exp(-2) / (1 + Math.exp(-2)), "sigmoid(-2)");
});

Deno.test("gelu is the exact erf form (PyTorch default)", () => {
  const cases: [number, number][] = [
    [-10, -7.619853024160593e-23],
    [-3, -0.004049694094890287],
    [-1, -0.15865525393145707],
    [-0.5, -0.15426876936299344],
    [0, 0],
    [0.5, 0.34573123063700656],
    [1, 0.8413447460685429],
    [3, 2.99595030590511],
    [10, 10],
  ];
  // x/√2 rounds differently from Python's; erfc's steep tail magnifies it.
  for (const [x, e] of cases) close(gelu(x), e, `gelu(${x})`, 1e-13);
});
