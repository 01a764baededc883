import { z } from "zod";
import type { PipelineInput } from "../../tasks";
import { visitStrings } from "../../diagnostics/field-strings";
import type { FieldPath } from "../../diagnostics/source-location";
import type { Issue } from "../../diagnostics/issue";
import type { TargetedIssue } from "./graph";

/**
 * Strings that neither Kubernetes nor a UTF-8 Python file can carry unchanged: NUL bytes and unpaired UTF-16
 * surrogates. Rejected rather than silently altered. Walks plain data, keys included, and zod schemas as the JSON
 * Schema they are written out as (params); not functions or symbols.
 */
export function checkCarryableStrings(value: unknown, at: FieldPath = []): Issue[] {
  const issues: Issue[] = [];
  const report = (text: string, path: FieldPath) => {
    const problem = stringProblem(text);
    if (problem) issues.push({ code: problem.code, field: [...path], message: problem.message, hint: problem.hint });
  };
  visitStrings(value, report, { at, keys: true, expand: (node) => (isZodSchema(node) ? schemaAsJson(node) : undefined) });
  return issues;
}

function stringProblem(value: string): { code: string; message: string; hint: string } | undefined {
  if (value.includes("\u0000")) {
    return { code: "unrepresentable-string", message: "the value contains a NUL character, which Kubernetes cannot carry", hint: "remove the \\0 from the string" };
  }
  if (!value.isWellFormed()) {
    return { code: "unrepresentable-string", message: "the value contains an unpaired UTF-16 surrogate, which UTF-8 cannot encode", hint: "check how the string was built (a cut emoji?)" };
  }
  return undefined;
}

/**
 * Every string of a pipeline as written, in one pass: whatever the user wrote reaches the DAG file, the manifests
 * or manifest.json, so no field is left out and an option added later is walked without a change here. Only what
 * the pipeline derives from other fields is skipped, so one bad character is reported once, where it was written:
 * a task's or group's full `id` and `groupPath` (its groups' ids), dependencies (task ids, or ids that name no
 * task: an unknown-upstream error) and source locations.
 */
export function checkPipelineStrings(input: PipelineInput): TargetedIssue[] {
  const issues: TargetedIssue[] = [];
  const add = (target: TargetedIssue["target"], found: readonly Issue[], argument?: number) =>
    issues.push(...found.map((issue) => ({ ...issue, target, ...(argument !== undefined && { argument }) })));

  add({ kind: "pipeline" }, checkCarryableStrings(input.options), 0);
  input.tasks.forEach((task, index) => {
    const target = { kind: "task", index } as const;
    for (const [key, value] of ownParts(task)) {
      if (key === "localId") add(target, checkCarryableStrings(value), 0);
      // A mapped task's options are what its third argument returns; its list is the second's `over`.
      else if (key === "options") add(target, checkCarryableStrings(value), task.mapping ? 2 : 1);
      // A list result's `over` names a task: derived, like dependencies.
      else if (key === "mapping") add(target, checkCarryableStrings({ ...task.mapping, over: task.mapping?.over.kind === "static" ? task.mapping.over.items : undefined }), 1);
      else add(target, checkCarryableStrings(value, [key]), 0);
    }
  });
  input.groups.forEach((group, index) => {
    const target = { kind: "group", index } as const;
    for (const [key, value] of ownParts(group)) {
      // `p.group(id, body, options)`: the id is the first argument, the options (tooltip, ...) the third.
      add(target, checkCarryableStrings(value, key === "localId" ? [] : [key]), key === "localId" ? 0 : 2);
    }
  });
  return issues;
}

const DERIVED = new Set(["id", "groupPath", "location", "kind"]);

function ownParts(record: object): [string, unknown][] {
  return Object.entries(record).filter(([key]) => !DERIVED.has(key));
}

function isZodSchema(value: object): value is z.ZodType {
  return "_zod" in value;
}

/** An object schema as its fields' JSON Schemas (so paths read `params.region.description`), any other as its own. */
function schemaAsJson(schema: z.ZodType): unknown {
  const def = schema._zod.def as unknown as { type: string; shape?: Record<string, z.ZodType> };
  if (def.type === "object" && def.shape) return Object.fromEntries(Object.entries(def.shape).map(([name, field]) => [name, jsonSchema(field)]));
  return jsonSchema(schema);
}

function jsonSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { target: "draft-7", io: "input", unrepresentable: "any" });
  } catch {
    // A schema JSON Schema cannot express is reported by the params and result checks.
    return undefined;
  }
}
