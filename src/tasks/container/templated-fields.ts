import type { Mount } from "../../dsl/kubernetes-refs";
import type { EnvValue, TaskSettings } from "../../dsl/task-settings";
import type { FieldPath } from "../../diagnostics/source-location";

/** A container task's options, or a pipeline's `defaults` (the settings alone). */
export interface ContainerOptions extends TaskSettings {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, EnvValue>>;
  readonly mounts?: readonly Mount[];
}

/**
 * The strings of a task that KubernetesPodOperator renders with Jinja (its `template_fields`, and the nested
 * fields of the Kubernetes objects it renders), with their paths. Mount paths, Secret and ConfigMap names and
 * docs are not rendered by Airflow and are not listed.
 */
export function templatedStrings(options: ContainerOptions): [FieldPath, string][] {
  const found: [FieldPath, string][] = [];
  const add = (path: FieldPath, value: unknown) => {
    if (typeof value === "string") found.push([path, value]);
  };
  const addAll = (path: FieldPath, record: object | undefined) => {
    for (const [key, value] of Object.entries(record ?? {})) add([...path, key], value);
  };
  add(["image"], options.image);
  (options.command ?? []).forEach((value, i) => add(["command", i], value));
  (options.args ?? []).forEach((value, i) => add(["args", i], value));
  addAll(["env"], options.env);
  addAll(["labels"], options.labels);
  addAll(["annotations"], options.annotations);
  addAll(["nodeSelector"], options.nodeSelector);
  add(["namespace"], options.namespace);
  (options.mounts ?? []).forEach((mount, i) => add(["mounts", i, "subPath"], mount?.subPath));
  addAll(["resources", "requests"], options.resources?.requests);
  addAll(["resources", "limits"], options.resources?.limits);
  return found;
}
