import type { Issue } from "../../diagnostics/issue";

/**
 * What an asset wait cannot do: be deferred. Its PythonSensor has no deferrable form on either line (no trigger
 * polls asset events), so `deferrable: true` would be refused by Airflow or silently ignored; the asset's URI and
 * name are checked with the project's other assets (validate/checks/assets.ts).
 */
export function checkAssetWait(options: { readonly deferrable?: boolean }): Issue[] {
  if (options.deferrable !== true) return [];
  return [
    {
      code: "asset-wait-not-deferrable",
      field: ["deferrable"],
      message: "a wait for an asset event cannot be deferrable: Airflow has no trigger that watches asset events for a task (the wait is a PythonSensor)",
      hint: 'leave deferrable out; mode: "reschedule" frees the worker slot between checks',
    },
  ];
}
