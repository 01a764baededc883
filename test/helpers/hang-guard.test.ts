import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { HANG_GUARD_MS } from "./hang-guard";

const TEST_DIR = path.resolve(__dirname, "..");

/** `2 * 60_000` -> 120000. */
function product(expression: string): number {
  return expression.split("*").reduce((total, factor) => total * Number(factor.trim().replaceAll("_", "")), 1);
}

/** Every literal time limit given to a test or hook (`}, 120_000);`) or to a wait (its timeout option), in ms. */
function literalLimits(): { where: string; ms: number }[] {
  const files = (fs.readdirSync(TEST_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && !f.includes("golden/cases"));
  return files.flatMap((file) => {
    const text = fs.readFileSync(path.join(TEST_DIR, file), "utf8");
    // A timeout of one attempt inside a retry loop bounded by a deadline is not a limit on the test: it is marked by
    // a comment starting "per attempt" on the line above, and skipped.
    return [...text.matchAll(/^\s*\}, ([\d_]+(?:\s*\*\s*[\d_]+)*)\);$|timeout: ([\d_]+(?:\s*\*\s*[\d_]+)*)/gm)].filter((m) => !/\/\/ per attempt\b[^\n]*\n[^\n]*$/.test(text.slice(0, m.index! + m[0].length))).map((m) => ({
      where: `${file}:${text.slice(0, m.index).split("\n").length}`,
      ms: product(m[1] ?? m[2]!),
    }));
  });
}

describe("time limits in tests guard against hangs, never measure speed", () => {
  it("the default limit is the hang guard", () => {
    const config = fs.readFileSync(path.resolve(TEST_DIR, "..", "vitest.config.mts"), "utf8");
    const limit = /testTimeout: ([\d_]+(?:\s*\*\s*[\d_]+)*),/.exec(config)?.[1];
    expect(limit && product(limit)).toBeGreaterThanOrEqual(HANG_GUARD_MS);
  });

  it("no test, hook or wait sets a tighter literal limit (a slow, loaded machine must not fail the suite)", () => {
    // Waits inside a test (a browser locator) may be shorter than the test's guard, but not under 5 minutes.
    expect(literalLimits().filter((l) => l.ms < 5 * 60_000)).toEqual([]);
  });
});
