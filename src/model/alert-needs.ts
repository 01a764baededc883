import { NOTIFIER_CLASSES } from "../knowledge/notifiers";
import type { ValidNotifier } from "../tasks/shared/notify-schema";
import type { Pipeline } from "./pipeline";

/** An Airflow connection a notification uses: the deploy must create it (Airflow cannot send without it). */
export interface ConnectionNeed {
  readonly id: string;
  /** The connection type the notifier's hook reads (`slackwebhook`, `smtp`, `http`). */
  readonly type: string;
  /** The provider package whose notifier uses it. */
  readonly provider: string;
  /** The pipelines (and tasks, for task callbacks) that notify through it. */
  readonly usedBy: readonly { readonly pipeline: string; readonly task?: string }[];
}

/** What the pipelines' alerts need of the Airflow installation: provider packages and connections. */
export interface AlertNeeds {
  /** Provider packages, sorted: the Airflow image must have them. */
  readonly providers: readonly string[];
  /** Connections by id, sorted. */
  readonly connections: readonly ConnectionNeed[];
}

/** Every notifier of the pipelines (run callbacks, deadlines, task callbacks), folded into what they need. */
export function alertNeeds(pipelines: readonly Pipeline[]): AlertNeeds {
  const connections = new Map<string, { id: string; type: string; provider: string; usedBy: { pipeline: string; task?: string }[] }>();
  const add = (notifiers: readonly ValidNotifier[] | undefined, pipeline: string, task?: string) => {
    for (const n of notifiers ?? []) {
      const { connectionType, provider } = NOTIFIER_CLASSES[n.kind];
      const need = connections.get(n.connection) ?? { id: n.connection, type: connectionType, provider, usedBy: [] };
      connections.set(n.connection, need);
      if (!need.usedBy.some((u) => u.pipeline === pipeline && u.task === task)) need.usedBy.push({ pipeline, ...(task !== undefined && { task }) });
    }
  };
  for (const p of pipelines) {
    add(p.notify?.failure, p.dagId);
    add(p.notify?.success, p.dagId);
    for (const d of p.deadlines ?? []) add(d.notify, p.dagId);
    for (const t of p.tasks) for (const list of Object.values(t.notify ?? {})) add(list, p.dagId, t.taskId);
  }
  const sorted = [...connections.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { providers: [...new Set(sorted.map((c) => c.provider))].sort(), connections: sorted };
}
