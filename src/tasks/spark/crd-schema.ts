import Ajv, { type ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";

/** One violation of the CRD's schema: where in the SparkApplication, and what. */
export interface CrdViolation {
  /** A JSON pointer into the object, e.g. `/spec/driver/cores`. */
  readonly pointer: string;
  readonly message: string;
}

let crdSchema: unknown;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** The Spark operator's CRD schema (crd/sparkapplication.schema.json), read once per process. */
function sparkApplicationSchema(): unknown {
  crdSchema ??= closeObjects(JSON.parse(fs.readFileSync(path.join(__dirname, "crd", "sparkapplication.schema.json"), "utf8")));
  return crdSchema;
}

/**
 * A validator for objects of this shape. ajv takes seconds to compile the whole CRD schema (every pod field of the
 * driver and executors, every volume source): each object is checked against the schema's projection on the
 * fields it has, which gives the same verdict (a field it lacks can only matter through `required`, which is kept)
 * and compiles in milliseconds. Objects of one shape share one validator.
 */
function validatorFor(application: unknown): ValidateFunction {
  const projected = project(sparkApplicationSchema(), application);
  const key = JSON.stringify(projected);
  let validator = validators.get(key);
  if (!validator) {
    // OpenAPI's own keywords (format: int32, x-kubernetes-*) are not JSON Schema's: not strict.
    ajv ??= new Ajv({ strict: false, allErrors: true, validateFormats: false });
    validator = ajv.compile(projected as object);
    validators.set(key, validator);
  }
  return validator;
}

/**
 * Strict like `kubectl apply --validate=strict`: every object schema that lists its properties and does not keep
 * unknown fields refuses others (the API server would drop them silently; here they can only be our mistake).
 */
export function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (typeof schema !== "object" || schema === null) return schema;
  const node: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === "properties" ? mapValues(v, closeObjects) : closeObjects(v)]));
  const open = node["x-kubernetes-preserve-unknown-fields"] === true || "additionalProperties" in node;
  if (node.type === "object" && node.properties && !open) node.additionalProperties = false;
  return node;
}

function mapValues(record: unknown, f: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record as Record<string, unknown>).map(([k, v]) => [k, f(v)]));
}

/** The schema with `properties` cut down to the keys `value` has (recursively, through items, maps and anyOf). */
function project(schema: unknown, value: unknown): unknown {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema;
  const node = { ...(schema as Record<string, unknown>) };
  const values = Array.isArray(value) ? value : [value];
  for (const branch of ["anyOf", "allOf", "oneOf"]) {
    if (Array.isArray(node[branch])) node[branch] = (node[branch] as unknown[]).map((s) => project(s, value));
  }
  if (node.properties && typeof value === "object" && value !== null && !Array.isArray(value)) {
    const properties = node.properties as Record<string, unknown>;
    node.properties = Object.fromEntries(Object.keys(value).filter((k) => k in properties).map((k) => [k, project(properties[k], (value as Record<string, unknown>)[k])]));
  }
  if (node.items && Array.isArray(value)) node.items = projectAll(node.items, values);
  if (typeof node.additionalProperties === "object" && node.additionalProperties !== null && typeof value === "object" && value !== null) {
    node.additionalProperties = projectAll(node.additionalProperties, Object.values(value));
  }
  return node;
}

/** One schema for many values: projected on every key any of them has. */
function projectAll(schema: unknown, values: readonly unknown[]): unknown {
  const objects = values.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v));
  if (objects.length === 0) return project(schema, values.find(Array.isArray) ?? values[0]);
  const keys = new Set(objects.flatMap((o) => Object.keys(o)));
  const merged = Object.fromEntries([...keys].map((k) => [k, mergeValues(objects.map((o) => o[k]).filter((v) => v !== undefined))]));
  return project(schema, merged);
}

/** Values found at one key of several objects, as one value whose keys are all of theirs (arrays concatenated). */
function mergeValues(values: readonly unknown[]): unknown {
  if (values.every(Array.isArray)) return (values as unknown[][]).flat();
  const objects = values.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v));
  if (objects.length === 0) return values[0];
  const keys = new Set(objects.flatMap((o) => Object.keys(o)));
  return Object.fromEntries([...keys].map((k) => [k, mergeValues(objects.map((o) => o[k]).filter((v) => v !== undefined))]));
}

/** The CRD schema's verdict on one SparkApplication: no violations when the API server would accept it. */
export function checkAgainstCrd(application: unknown): CrdViolation[] {
  const check = validatorFor(application);
  if (check(application)) return [];
  return (check.errors ?? []).map((e) => ({
    pointer: e.instancePath || "/",
    message: e.keyword === "additionalProperties" ? `unknown field "${String(e.params.additionalProperty)}"` : (e.message ?? e.keyword),
  }));
}

/**
 * The CRD's verdict on a task's SparkApplication as problems of the task, at the option the field comes from when
 * that is clear. The options' own checks should make this impossible: a violation is a gap in them or a bug.
 */
export function sparkApplicationIssues(application: unknown): { code: string; message: string; field: (string | number)[]; hint: string }[] {
  return checkAgainstCrd(application).map((v) => {
    const parts = v.pointer.split("/").slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, "/").replace(/~0/g, "~")));
    // spec.<field> is the option of that name for most fields; the driver's and executor's are under theirs.
    const field = parts[0] === "spec" ? parts.slice(1) : [];
    return {
      code: "invalid-spark-application",
      message: `the SparkApplication's ${v.pointer.replace(/^\//, "").replace(/\//g, ".") || "top level"} ${v.message}`,
      field,
      hint: "the Spark operator's CRD (sparkoperator.k8s.io/v1beta2) refuses this and the API server would reject the application; if the options passed their checks, this is a bug in airflow-ts: please report it",
    };
  });
}
