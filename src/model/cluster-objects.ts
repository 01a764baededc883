import type { ClaimSpec } from "../dsl/kubernetes-refs";
import { kindOf } from "../tasks";
import type { ClusterUses } from "../tasks/task-kind";
import type { Pipeline } from "./pipeline";

/** A task that uses an object: the basis of every "used by" list. */
export interface TaskUse {
  readonly pipeline: string;
  readonly task: string;
}

/** One Kubernetes or Airflow object the DAGs depend on, with who uses it. */
export interface ObjectUse {
  readonly name: string;
  /** Namespace of the tasks that use it; null for objects that are not namespaced (pools). */
  readonly namespace: string | null;
  readonly usedBy: readonly TaskUse[];
}
export interface KeyedObjectUse extends ObjectUse {
  /** Keys read one by one (`secret(..).key(k)`). */
  readonly keys: readonly string[];
  /** Whether every key is read as variables (`.all()`). */
  readonly allKeys: boolean;
}
export interface ServiceAccountUse extends ObjectUse {
  /** The image pull Secrets of the tasks that run as it: what the account needs when airflow-ts creates it. */
  readonly imagePullSecrets: readonly string[];
}
export interface ClaimUse extends ObjectUse {
  /** Set when airflow-ts creates the claim. */
  readonly create?: ClaimSpec;
}

/** Rights on one API resource that task launchers need in a namespace (a kind's custom objects). */
export interface ApiAccessUse extends ObjectUse {
  /** `sparkapplications.sparkoperator.k8s.io`, `sparkapplications.sparkoperator.k8s.io/status`. */
  readonly name: string;
  readonly group: string;
  /** The resource as RBAC names it, with its subresource: `sparkapplications/status`. */
  readonly resource: string;
  readonly verbs: readonly string[];
}

/** Every object outside the DAG files that the pipelines need, sorted by namespace and name. */
export interface ClusterObjects {
  readonly namespaces: readonly ObjectUse[];
  readonly secrets: readonly KeyedObjectUse[];
  readonly configMaps: readonly KeyedObjectUse[];
  readonly claims: readonly ClaimUse[];
  readonly serviceAccounts: readonly ServiceAccountUse[];
  readonly imagePullSecrets: readonly ObjectUse[];
  readonly pools: readonly ObjectUse[];
  /** What Airflow's task launchers must be allowed beyond pods, per namespace (see ClusterUses.apiAccess). */
  readonly apiAccess: readonly ApiAccessUse[];
}

/**
 * What the pipelines need from the cluster and from Airflow. A task without a namespace runs in
 * `defaultNamespace` (the release's), or in whatever namespace Airflow runs in when that is not known (null).
 */
export function clusterObjects(pipelines: readonly Pipeline[], defaultNamespace: string | null): ClusterObjects {
  const tables = {
    namespaces: new Table(),
    secrets: new Table(),
    configMaps: new Table(),
    claims: new Table(),
    serviceAccounts: new Table(),
    imagePullSecrets: new Table(),
    pools: new Table(),
    apiAccess: new Table(),
  };
  const access = new Map<string, { group: string; resource: string }>();
  const creates = new Map<string, ClaimSpec>();
  for (const pipeline of pipelines) {
    for (const task of pipeline.tasks) {
      const use = { pipeline: pipeline.dagId, task: task.taskId };
      const ns = task.namespace ?? defaultNamespace;
      const uses = clusterUsesOf(task);
      tables.pools.add(null, task.pool ?? "default_pool", use);
      // A task that launches no pod (a wait, a trigger) needs nothing of the cluster but Airflow's pool.
      if (uses.serviceAccount === undefined) continue;
      if (ns !== null) tables.namespaces.add(null, ns, use);
      for (const secret of uses.secrets) tables.secrets.add(ns, secret.name, use, secret.key ?? ALL_KEYS);
      for (const configMap of uses.configMaps) tables.configMaps.add(ns, configMap.name, use, configMap.key ?? ALL_KEYS);
      for (const claim of uses.claims) {
        tables.claims.add(ns, claim.claimName, use);
        if (claim.create) creates.set(claim.claimName, claim.create);
      }
      if (uses.serviceAccount !== undefined) tables.serviceAccounts.add(ns, uses.serviceAccount, use);
      for (const name of uses.imagePullSecrets) {
        tables.imagePullSecrets.add(ns, name, use);
        if (uses.serviceAccount !== undefined) tables.serviceAccounts.add(ns, uses.serviceAccount, use, name);
      }
      for (const a of uses.apiAccess) {
        const [resource, sub] = a.resource.split("/");
        const name = `${resource}.${a.group}${sub ? `/${sub}` : ""}`;
        access.set(name, { group: a.group, resource: a.resource });
        for (const verb of a.verbs) tables.apiAccess.add(ns, name, use, verb);
      }
    }
  }
  const plain = (t: Table) => t.rows().map(({ keys: _, ...row }) => row);
  const keyed = (t: Table) => t.rows().map(({ keys, ...row }) => ({ ...row, keys: [...keys].filter((k) => k !== ALL_KEYS).sort(), allKeys: keys.has(ALL_KEYS) }));
  return {
    namespaces: plain(tables.namespaces),
    secrets: keyed(tables.secrets),
    configMaps: keyed(tables.configMaps),
    claims: plain(tables.claims).map((row) => ({ ...row, ...(creates.has(row.name) && { create: creates.get(row.name)! }) })),
    serviceAccounts: tables.serviceAccounts.rows().map(({ keys, ...row }) => ({ ...row, imagePullSecrets: [...keys].sort() })),
    imagePullSecrets: plain(tables.imagePullSecrets),
    pools: plain(tables.pools),
    apiAccess: tables.apiAccess.rows().map(({ keys, ...row }) => ({ ...row, ...access.get(row.name)!, verbs: [...keys].sort() })),
  };
}

const ALL_KEYS = "\u0000all";

/**
 * A task's uses, kept per model object: models are frozen, and watch hands the same objects for the pipelines it did
 * not redo, so after an edit only the changed pipeline's tasks are asked again.
 */
function clusterUsesOf(task: Pipeline["tasks"][number]) {
  let uses = usesOf.get(task);
  if (!uses) usesOf.set(task, (uses = kindOf(task).clusterUses(task)));
  return uses;
}

const usesOf = new WeakMap<object, ClusterUses>();

class Table {
  // `users` indexes usedBy ("pipeline\0task"), so adding a use is O(1): a Secret shared by 20,000 tasks was O(n²).
  private readonly byKey = new Map<string, { name: string; namespace: string | null; usedBy: TaskUse[]; users: Set<TaskUse>; keys: Set<string> }>();

  /** `use` is one object per task (task ids are unique in a pipeline), so a task is told apart by it. */
  add(namespace: string | null, name: string, use: TaskUse, key?: string): void {
    const id = `${namespace ?? ""}\u0000${name}`;
    let row = this.byKey.get(id);
    if (!row) this.byKey.set(id, (row = { name, namespace, usedBy: [], users: new Set(), keys: new Set() }));
    if (!row.users.has(use)) {
      row.users.add(use);
      row.usedBy.push(use);
    }
    if (key !== undefined) row.keys.add(key);
  }

  rows() {
    return [...this.byKey.values()].map(({ users: _, ...row }) => row).sort((a, b) => compare(a.namespace ?? "", b.namespace ?? "") || compare(a.name, b.name));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
