import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The real-Airflow tests create their virtualenvs on first run (minutes); later runs reuse them.
    hookTimeout: 30 * 60 * 1000,
    // A hang guard, not a speed limit (test/helpers/hang-guard.ts: HANG_GUARD_MS): no test comes near it, even on
    // a loaded 2-core machine. Tests whose work grows with a batch size derive theirs from it (hangGuardFor).
    testTimeout: 20 * 60 * 1000,
    pool: "forks",
  },
});
