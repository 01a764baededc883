import type { Issue } from "../../diagnostics/issue";
import type { FieldPath } from "../../diagnostics/source-location";

/**
 * An asset wait (`p.waitFor(asset)`) for an asset no pipeline of the project produces: a warning, with the asset
 * graph's code and wording (checks/asset-graph.ts), since it may be produced elsewhere. Unlike a schedule, the wait
 * does run: it times out (or skips, with softFail) when nothing updates the asset. `uri` is the asset's key (as
 * Airflow 3 stores it), `produced` the keys the project's tasks produce.
 */
export function checkAwaitedAsset(uri: string, produced: ReadonlySet<string>, field: FieldPath, dagId: string): Issue | undefined {
  if (produced.has(uri)) return undefined;
  return {
    code: "asset-not-produced",
    severity: "warning",
    field: [...field, "uri"],
    message: `no pipeline of this project produces ${JSON.stringify(uri)}: ${dagId}'s wait for it succeeds only if something else does (another project, a hand-written DAG, or the REST API), and otherwise times out`,
    hint: "if a task of this project writes it, add it to that task's produces: [...]; if it is produced elsewhere, nothing to do",
  };
}
