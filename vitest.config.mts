import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The real-Airflow tests create their virtualenvs on first run (minutes); later runs reuse them.
    hookTimeout: 30 * 60 * 1000,
    testTimeout: 120 * 1000,
    pool: "forks",
  },
});
