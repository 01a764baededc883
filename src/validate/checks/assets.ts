import type { Asset, AssetCondition } from "../../dsl/asset";
import type { PipelineInput } from "../../tasks";
import type { FieldPath } from "../../diagnostics/source-location";
import type { Issue, IssueTarget } from "../../diagnostics/issue";
import { AIRFLOW_LINES, lineName, type AirflowLine } from "../../knowledge/airflow-lines";
import { checkAssetIdentifier, sanitizeAssetUri } from "../../knowledge/asset-uri";

/** An asset as one pipeline names it: in its schedule or a task's `produces`, with where. */
export interface AssetUse {
  readonly asset: Asset;
  readonly role: "consumes" | "produces";
  readonly target: IssueTarget;
  readonly field: FieldPath;
}

/** Every asset a pipeline names, where it names it; malformed values are the schemas' to report. */
export function assetUses(input: PipelineInput): AssetUse[] {
  const uses: AssetUse[] = [];
  const schedule = input.options.schedule;
  if (schedule?.kind === "assets") walkCondition(schedule.condition, ["schedule", "condition"], (asset, field) => uses.push({ asset, role: "consumes", target: { kind: "pipeline" }, field }));
  input.tasks.forEach((task, index) => {
    const produces = (task.options as { produces?: unknown }).produces;
    if (!Array.isArray(produces)) return;
    produces.forEach((asset, i) => {
      if (isAsset(asset)) uses.push({ asset, role: "produces", target: { kind: "task", index }, field: ["produces", i] });
    });
  });
  return uses;
}

function walkCondition(condition: AssetCondition, field: FieldPath, visit: (asset: Asset, field: FieldPath) => void): void {
  if (isAsset(condition)) visit(condition, field);
  else if ((condition?.kind === "all" || condition?.kind === "any") && Array.isArray(condition.of)) condition.of.forEach((c, i) => walkCondition(c, [...field, "of", i], visit));
}

function isAsset(value: unknown): value is Asset {
  return typeof value === "object" && value !== null && (value as Asset).kind === "asset" && typeof (value as Asset).uri === "string";
}

/**
 * What the targeted lines refuse (errors) or change (warnings) of each asset's URI, name and group, as their asset
 * classes would when the DAG file is imported; and a partitioned schedule on a line without partitions.
 */
export function checkAssets(input: PipelineInput, lines: readonly AirflowLine[]): { target: IssueTarget; issue: Issue }[] {
  const found: { target: IssueTarget; issue: Issue }[] = [];
  for (const use of assetUses(input)) {
    const { asset } = use;
    for (const line of lines) {
      const { noun } = AIRFLOW_LINES[line].assets;
      for (const problem of sanitizeAssetUri(asset.uri, line, asset.name !== undefined).problems) {
        found.push({
          target: use.target,
          issue: {
            code: problem.severity === "error" ? "invalid-asset-uri" : "asset-uri-changed",
            severity: problem.severity,
            field: [...use.field, "uri"],
            message: `${lineName(line)} ${problem.severity === "error" ? "refuses" : "changes"} the ${noun} URI ${JSON.stringify(clip(asset.uri))}: ${problem.message}`,
            hint: problem.severity === "error" ? URI_HINT : "leave credentials out of the URI: Airflow keeps them in connections",
          },
        });
      }
      for (const what of ["name", "group"] as const) {
        // An asset without a name is named by its URI, which the URI's own checks cover.
        const value = asset[what];
        const problem = value === undefined ? undefined : checkAssetIdentifier(what, value, line);
        if (problem) {
          found.push({ target: use.target, issue: { code: `invalid-asset-${what}`, field: [...use.field, what], message: `${lineName(line)} refuses the asset ${what} ${JSON.stringify(clip(value!))}: ${problem.message}`, hint: `an asset ${what} is 1 to 1500 characters, not only whitespace${what === "name" ? ', and not "self" or "context"' : ""}` } });
        }
      }
    }
  }
  const schedule = input.options.schedule;
  if (schedule?.kind === "assets" && schedule.partitioned === true) {
    for (const line of lines.filter((l) => AIRFLOW_LINES[l].assets.partitioned === undefined)) {
      found.push({
        target: { kind: "pipeline" },
        issue: {
          code: "partitioned-assets-unsupported",
          field: ["schedule", "partitioned"],
          message: `${lineName(line)} has no partitioned assets (they came with Airflow 3.2)`,
          hint: 'target Airflow 3.2 or later (deployment: { airflowVersion: "3.3.2" }), or drop { partitioned: true }',
        },
      });
    }
  }
  return found;
}

const URI_HINT = 'an asset URI is ASCII, at most 1500 characters, not only whitespace, and its scheme is not "airflow" (reserved); e.g. "s3://lake/sales/daily"';

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
