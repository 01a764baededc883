import { fixCommands, type FixContext } from "./fix-commands";
import type { KubeApi } from "./kube-client";
import type { PodRule, Requirement } from "./requirements";

/** What preflight found for one requirement. */
export interface Finding {
  /** `missing`: absent or incomplete (exit 1); `unchecked`: the API server would not tell (exit 1 too). */
  readonly status: "ok" | "missing" | "unchecked";
  readonly requirement: Requirement;
  /** Why it is not ok, for a person: "does not exist", `has no key "username"`, "may not create pods". */
  readonly problem?: string;
  /** Shell commands that create or grant what is missing. */
  readonly fix: readonly string[];
}

const seg = encodeURIComponent;

/**
 * Checks each requirement against the live cluster, in order. A Secret's values never leave `keysOf`: the API
 * has no way to ask for a Secret's key names alone (metadata-only answers have no keys, the Table form only a
 * count), so the Secret is read and only the names of its keys are kept; values are neither stored, printed nor
 * returned.
 */
export async function checkCluster(api: KubeApi, requirements: readonly Requirement[], context: FixContext = {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  // One at a time: a few dozen small requests, and the report keeps the requirements' order.
  for (const r of requirements) findings.push(await checkOne(api, r, context));
  return findings;
}

async function checkOne(api: KubeApi, r: Requirement, context: FixContext): Promise<Finding> {
  const found = (problem?: string, status: Finding["status"] = problem ? "missing" : "ok"): Finding => ({
    status,
    requirement: r,
    ...(problem && { problem }),
    fix: status === "missing" ? fixCommands(r, problem!, context) : [],
  });
  switch (r.kind) {
    case "namespace":
      return existence(await api.get(`/api/v1/namespaces/${seg(r.name)}`), found);
    case "serviceAccount":
      return existence(await api.get(`/api/v1/namespaces/${seg(r.namespace)}/serviceaccounts/${seg(r.name)}`), found);
    case "secret":
    case "configMap": {
      const read = await keysOf(api, r.kind === "secret" ? "secrets" : "configmaps", r.namespace, r.name);
      if (read.status !== 200) return existence(read, found);
      const absent = r.keys.filter((k) => !read.keys.includes(k));
      if (absent.length) return found(`has no key${absent.length > 1 ? "s" : ""} ${absent.map((k) => JSON.stringify(k)).join(", ")}`);
      if (r.allKeys && read.keys.length === 0) return found("has no keys, and its keys are read as environment variables");
      return found();
    }
    case "imagePullSecret": {
      const read = await keysOf(api, "secrets", r.namespace, r.name);
      if (read.status !== 200) return existence(read, found);
      if (read.type !== "kubernetes.io/dockerconfigjson" && read.type !== "kubernetes.io/dockercfg") return found(`is of type ${read.type ?? "Opaque"}, not kubernetes.io/dockerconfigjson`);
      return found();
    }
    case "claim": {
      const res = await api.get(`/api/v1/namespaces/${seg(r.namespace)}/persistentvolumeclaims/${seg(r.name)}`);
      if (res.status !== 200) return existence(res, found);
      const phase = (res.body.status as { phase?: string } | undefined)?.phase ?? "Pending";
      if (phase === "Bound") return found();
      const storageClass = (res.body.spec as { storageClassName?: string } | undefined)?.storageClassName;
      // A WaitForFirstConsumer class binds when the first pod that mounts the claim is scheduled: Pending is normal.
      if (phase === "Pending" && storageClass && (await bindsOnFirstConsumer(api, storageClass))) return found();
      return found(`is ${phase}, not bound to a volume`);
    }
    case "podLaunching": {
      const denied: string[] = [];
      for (const rule of r.rules) {
        const answer = await mayDo(api, r.account, r.namespace, rule);
        if (answer === "unknown") return found(`cannot be checked: your account may not create SubjectAccessReviews`, "unchecked");
        if (!answer) denied.push(ruleText(rule));
      }
      return found(denied.length ? `may not ${denied.join(", ")} in namespace ${r.namespace}` : undefined);
    }
  }
}

/** 200 ok, 404 missing, anything else (403: this account may not look) unchecked. */
function existence(res: { status: number; body?: Record<string, unknown> }, found: (problem?: string, status?: Finding["status"]) => Finding): Finding {
  if (res.status === 200) return found();
  if (res.status === 404) return found("does not exist");
  return found(`cannot be checked: the API server answered ${res.status}${res.body?.message ? ` (${String(res.body.message)})` : ""}`, "unchecked");
}

/** The names of a Secret's or ConfigMap's keys (and its type); the values are dropped here, unread. */
async function keysOf(api: KubeApi, resource: "secrets" | "configmaps", namespace: string, name: string): Promise<{ status: number; body?: Record<string, unknown>; keys: string[]; type?: string }> {
  const res = await api.get(`/api/v1/namespaces/${seg(namespace)}/${resource}/${seg(name)}`);
  if (res.status !== 200) return { status: res.status, body: res.body, keys: [] };
  const { data, binaryData, stringData, type } = res.body as Record<string, Record<string, unknown> | string | undefined>;
  const keys = [data, binaryData, stringData].flatMap((m) => (m && typeof m === "object" ? Object.keys(m) : []));
  return { status: 200, keys: [...new Set(keys)].sort(), ...(typeof type === "string" && { type }) };
}

async function bindsOnFirstConsumer(api: KubeApi, storageClass: string): Promise<boolean> {
  const res = await api.get(`/apis/storage.k8s.io/v1/storageclasses/${seg(storageClass)}`);
  return res.status === 200 && res.body.volumeBindingMode === "WaitForFirstConsumer";
}

/** The API server's own RBAC verdict for a ServiceAccount (SubjectAccessReview), or "unknown" when we may not ask. */
async function mayDo(api: KubeApi, account: { namespace: string; name: string }, namespace: string, rule: PodRule): Promise<boolean | "unknown"> {
  const res = await api.post("/apis/authorization.k8s.io/v1/subjectaccessreviews", {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec: {
      user: `system:serviceaccount:${account.namespace}:${account.name}`,
      groups: ["system:serviceaccounts", `system:serviceaccounts:${account.namespace}`, "system:authenticated"],
      resourceAttributes: { namespace, verb: rule.verb, group: rule.group ?? "", resource: rule.resource, ...(rule.subresource && { subresource: rule.subresource }) },
    },
  });
  if (res.status !== 201 && res.status !== 200) return "unknown";
  return (res.body.status as { allowed?: boolean } | undefined)?.allowed === true;
}

export function ruleText(rule: PodRule): string {
  return `${rule.verb} ${rule.resource}${rule.group ? `.${rule.group}` : ""}${rule.subresource ? `/${rule.subresource}` : ""}`;
}
