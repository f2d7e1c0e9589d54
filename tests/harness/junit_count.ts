// Counts passed and failed tests in a `deno test --junit-path` report, test
// steps individually: every leaf test case (a test without steps, or a step
// without sub-steps) counts once. Run as a script it prints the counts.

/** Totals from a JUnit report. */
export interface JunitCounts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Case {
  suite: string;
  name: string;
  failure?: string;
  skipped: boolean;
}

const SUITE_RE =
  /<testsuite\s[^>]*?name="([^"]*)"|<testcase\s[^>]*?name="([^"]*)"[^>]*?(\/?)>/g;

function parseCases(xml: string): Case[] {
  const cases: Case[] = [];
  let suite = "";
  for (const m of xml.matchAll(SUITE_RE)) {
    if (m[1] !== undefined) {
      suite = m[1];
      continue;
    }
    const c: Case = { suite, name: m[2], skipped: false };
    cases.push(c);
    if (m[3] === "/") continue;
    const bodyEnd = xml.indexOf("</testcase>", m.index);
    const body = xml.slice(
      m.index + m[0].length,
      bodyEnd < 0 ? undefined : bodyEnd,
    );
    const failure = /<(?:failure|error)\b[^>]*?message="([^"]*)"/.exec(body) ??
      (/<(?:failure|error)\b/.test(body) ? ["", ""] : null);
    if (failure) c.failure = failure[1];
    if (/<skipped\b/.test(body)) c.skipped = true;
  }
  return cases;
}

/** Counts leaf test cases; a parent that failed for its own reason counts as one more failure. */
export function countJunit(xml: string): JunitCounts {
  const cases = parseCases(xml);
  const parents = new Set<string>();
  for (const c of cases) {
    const parts = c.name.split(" &gt; ");
    for (let k = 1; k < parts.length; k++) {
      parents.add(c.suite + "\0" + parts.slice(0, k).join(" &gt; "));
    }
  }
  const counts: JunitCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const c of cases) {
    const isParent = parents.has(c.suite + "\0" + c.name);
    if (isParent) {
      const ownFailure = c.failure !== undefined &&
        !/^\d+ test steps? failed/.test(c.failure);
      if (ownFailure) counts.failed++;
      continue;
    }
    if (c.skipped) counts.skipped++;
    else if (c.failure !== undefined) counts.failed++;
    else counts.passed++;
  }
  return counts;
}

if (import.meta.main) {
  const [path] = Deno.args;
  let xml = "";
  try {
    xml = await Deno.readTextFile(path);
  } catch (_) {
    // no report: deno test failed before running anything
  }
  const c = countJunit(xml);
  console.log(`${c.passed} ${c.failed} ${c.skipped}`);
}
