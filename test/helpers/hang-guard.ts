/**
 * Time limits in tests catch hangs; they never measure speed. The suite must pass on a loaded 2-core machine, where
 * a step can take ten times as long as on an idle one (the 200-pipeline round trips once took over 120 s there and
 * failed on vitest's limit with 0 mismatches). vitest.config.mts gives every test the fixed guard; a test whose
 * work grows with a batch size adds a generous allowance per item, so a bigger AIRFLOW_TS_RUNS does not fail on time.
 */
export const HANG_GUARD_MS = 20 * 60 * 1000;

export function hangGuardFor(items: number, perItemMs: number): number {
  return HANG_GUARD_MS + items * perItemMs;
}
