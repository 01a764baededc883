import type { Affinity, LabelSelector, NodeSelectorTerm, PodAffinity } from "../../dsl/task-settings";
import type { FieldPath } from "../../diagnostics/source-location";
import type { Issue } from "../../diagnostics/issue";
import { checkDns1123Label, checkLabelValue, checkQualifiedName } from "../../knowledge/kubernetes";

/**
 * The API server's rules for affinity (pkg/apis/core/validation: ValidateNodeSelectorRequirement,
 * validatePodAffinityTerm, weights): the pod would be rejected at launch otherwise. Types are TypeScript's job.
 */
export function checkAffinity(affinity: Affinity | undefined, at: FieldPath): Issue[] {
  if (!affinity) return [];
  const issues: Issue[] = [];
  const fail = (field: FieldPath, message: string, hint: string) => issues.push({ code: "invalid-affinity", field, message, hint });
  const weight = (value: unknown, field: FieldPath) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 100) fail(field, `weight ${String(value)} is not a whole number from 1 to 100`, "weights of preferred terms run from 1 to 100");
  };

  const nodeTerm = (term: NodeSelectorTerm, field: FieldPath) => {
    for (const kind of ["matchExpressions", "matchFields"] as const) {
      (term[kind] ?? []).forEach((req, i) => {
        const where = [...field, kind, i];
        if (kind === "matchExpressions" && checkQualifiedName(req.key)) fail([...where, "key"], checkQualifiedName(req.key)!, 'node label keys look like "node-pool" or "topology.kubernetes.io/zone"');
        const values = req.values ?? [];
        if ((req.operator === "In" || req.operator === "NotIn") && values.length === 0) fail([...where, "values"], `operator ${req.operator} needs at least one value`, "list the values, or use Exists / DoesNotExist");
        if ((req.operator === "Exists" || req.operator === "DoesNotExist") && values.length > 0) fail([...where, "values"], `operator ${req.operator} takes no values`, "remove values, or use In / NotIn");
        if ((req.operator === "Gt" || req.operator === "Lt") && (values.length !== 1 || !/^-?\d+$/.test(values[0]!))) fail([...where, "values"], `operator ${req.operator} needs exactly one whole number`, 'e.g. values: ["4"]');
      });
    }
  };

  const labelSelector = (selector: LabelSelector | undefined, field: FieldPath) => {
    for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
      const problem = checkQualifiedName(key) ?? checkLabelValue(value);
      if (problem) fail([...field, "matchLabels", key], problem, "label keys and values follow the label rules");
    }
    (selector?.matchExpressions ?? []).forEach((req, i) => {
      const where = [...field, "matchExpressions", i];
      const values = req.values ?? [];
      if (checkQualifiedName(req.key)) fail([...where, "key"], checkQualifiedName(req.key)!, 'label keys look like "team" or "example.com/team"');
      if ((req.operator === "In" || req.operator === "NotIn") && values.length === 0) fail([...where, "values"], `operator ${req.operator} needs at least one value`, "list the values, or use Exists / DoesNotExist");
      if ((req.operator === "Exists" || req.operator === "DoesNotExist") && values.length > 0) fail([...where, "values"], `operator ${req.operator} takes no values`, "remove values, or use In / NotIn");
      values.forEach((v, j) => checkLabelValue(v) && fail([...where, "values", j], checkLabelValue(v)!, "values are label values"));
    });
  };

  const podAffinity = (affinityOf: PodAffinity | undefined, field: FieldPath) => {
    const term = (t: { labelSelector?: LabelSelector; namespaces?: readonly string[]; topologyKey: string }, where: FieldPath) => {
      const problem = t.topologyKey ? checkQualifiedName(t.topologyKey) : "topologyKey is empty";
      if (problem) fail([...where, "topologyKey"], problem, 'e.g. "kubernetes.io/hostname" or "topology.kubernetes.io/zone"');
      labelSelector(t.labelSelector, [...where, "labelSelector"]);
      (t.namespaces ?? []).forEach((ns, j) => checkDns1123Label(ns) && fail([...where, "namespaces", j], checkDns1123Label(ns)!, "namespaces are DNS-1123 labels"));
    };
    (affinityOf?.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => term(t, [...field, "requiredDuringSchedulingIgnoredDuringExecution", i]));
    (affinityOf?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, i) => {
      const where = [...field, "preferredDuringSchedulingIgnoredDuringExecution", i];
      weight(w.weight, [...where, "weight"]);
      term(w.podAffinityTerm, [...where, "podAffinityTerm"]);
    });
  };

  const node = affinity.nodeAffinity;
  const required = node?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const where = [...at, "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"];
    if (required.nodeSelectorTerms.length === 0) fail(where, "nodeSelectorTerms is empty", "give at least one term, or leave out requiredDuringSchedulingIgnoredDuringExecution");
    required.nodeSelectorTerms.forEach((t, i) => nodeTerm(t, [...where, i]));
  }
  (node?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((p, i) => {
    const where = [...at, "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution", i];
    weight(p.weight, [...where, "weight"]);
    nodeTerm(p.preference, [...where, "preference"]);
  });
  podAffinity(affinity.podAffinity, [...at, "podAffinity"]);
  podAffinity(affinity.podAntiAffinity, [...at, "podAntiAffinity"]);
  return issues;
}
