/**
 * manifest.json as plan reads it: the current compile's and one committed at a git ref, which may come from an
 * older airflow-ts (fields added later are optional here, and a comparison that needs one is skipped).
 */

import { parseLocalDateTime } from "../knowledge/dates";
import type { ScheduleModel } from "../model/pipeline";
import type { RunSchedule } from "./runs";

export interface ManifestTask {
  readonly taskId: string;
  readonly kind?: string;
  readonly upstream?: readonly string[];
  readonly image?: string;
  readonly resources?: { readonly requests: Readonly<Record<string, string>>; readonly limits: Readonly<Record<string, string>> };
  readonly source: string;
  readonly specHash?: string;
  /** A wait's target (manifest-json.ts): `{ kind: "pipeline", pipeline, task, offsetSeconds }`, time, delta. */
  readonly waitsFor?: Readonly<Record<string, unknown>>;
  /** A trigger's target: `{ pipeline, params, waitForCompletion, deferrable }`. */
  readonly triggers?: { readonly pipeline: string } & Readonly<Record<string, unknown>>;
}

export interface ManifestTimetable extends Record<string, unknown> {
  readonly kind: ScheduleModel["kind"];
  readonly timezone: string;
  readonly start: string;
  readonly end: string | null;
  readonly catchup: boolean;
}

export interface ManifestPipeline {
  readonly dagId: string;
  readonly source: string;
  readonly schedule: string;
  readonly timetable?: ManifestTimetable;
  readonly params?: readonly { readonly name: string; readonly hasDefault: boolean; readonly default?: unknown }[];
  readonly tasks: readonly ManifestTask[];
}

export interface ManifestObject {
  readonly name: string;
  readonly namespace: string | null;
  readonly usedBy: readonly { readonly pipeline: string; readonly task: string }[];
  readonly keys?: readonly string[];
  readonly allKeys?: boolean;
  readonly create?: unknown;
}

export interface ManifestView {
  readonly pipelines: readonly ManifestPipeline[];
  readonly dependsOn: Readonly<Record<string, readonly ManifestObject[]>>;
  readonly deployment?: { readonly secrets?: readonly { readonly name: string; readonly namespace: string; readonly purpose?: string }[] };
}

/** An empty manifest: what a ref without one (before the first compile was committed) compares as. */
export const NO_MANIFEST: ManifestView = { pipelines: [], dependsOn: {} };

/** Parses a manifest's text; a message when it is not one airflow-ts wrote. */
export function readManifest(text: string): ManifestView | { readonly error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `it is not JSON (${(e as Error).message})` };
  }
  const m = data as Partial<ManifestView> & { generatedBy?: unknown };
  if (m?.generatedBy !== "airflow-ts" || !Array.isArray(m.pipelines)) return { error: "it is not a manifest airflow-ts wrote" };
  return { pipelines: m.pipelines, dependsOn: m.dependsOn ?? {}, ...(m.deployment && { deployment: m.deployment }) };
}

/** The pipeline's runs as plan counts them; undefined for a manifest without the timetable. */
export function runScheduleOf(p: ManifestPipeline): RunSchedule | undefined {
  const t = p.timetable;
  const start = t && parseLocalDateTime(t.start.slice(0, 19));
  if (!t || !start) return undefined;
  const end = t.end ? parseLocalDateTime(t.end.slice(0, 19)) : undefined;
  const { timezone: _tz, start: _start, end: _end, catchup: _catchup, ...schedule } = t;
  return { schedule: schedule as unknown as ScheduleModel, timezone: t.timezone, start, ...(end && { end }) };
}
