import type { z } from "zod";
import { jinjaString } from "./context";

/**
 * The JSON a pod task writes to `/airflow/xcom/return.json` as its result, as a zod schema. Declaring it turns
 * on KubernetesPodOperator's XCom sidecar, which reads the file when the container ends and pushes it as the
 * task's XCom; downstream tasks read fields of it through typed references (`extract.result.rows`).
 * @example z.object({ rows: z.number().int(), partitions: z.array(z.string()) })
 */
export type ResultSchema = z.ZodType;

/**
 * Typed references to a result's fields, each the Jinja that pulls it from XCom at run time. Strings and numbers
 * render as they are; booleans, lists and objects as JSON (`| tojson`). A result that is a list is a
 * `ResultList`: a task can be mapped over it.
 */
export type ResultRefs<T> = [T] extends [readonly (infer E)[]] ? ResultList<E> : FieldRef<T>;

type FieldRef<T> = [T] extends [string | number | bigint | boolean | null | undefined]
  ? TypedField<T>
  : [T] extends [readonly unknown[]]
    ? string
    : [T] extends [object]
      ? { readonly [K in keyof T]-?: FieldRef<T[K]> }
      : string;

declare const FIELD_TYPE: unique symbol;

/**
 * A reference to one scalar field of a result: the Jinja string that pulls it (usable wherever a string is), which
 * also carries the field's type for the type checker, so `p.when` takes only booleans and `p.switch` knows the
 * cases of an enum. The type exists only at compile time; at run time it is the plain string.
 */
export type TypedField<T> = string & { readonly [FIELD_TYPE]?: T };

/** One scalar field of a result, as a branch reads it: the producer, the path of keys, and its schema. */
export interface ResultField {
  readonly taskId: string;
  /** Keys from the result's root to the field; empty when the whole result is the value. */
  readonly path: readonly string[];
  readonly schema: z.ZodType;
  /** The reference `task.result.<path>` evaluates to, by which a branch finds the field it was given. */
  readonly ref: string;
}

/** An upstream task's whole result when it is a list: what `p.map(..., { over })` expands over. */
export interface ResultList<Item> {
  readonly kind: "resultList";
  /** The producing task's id. */
  readonly taskId: string;
  /** The whole list, as JSON. */
  readonly json: string;
  /** The fields of the items, when the items are objects. */
  readonly itemFields?: readonly string[];
  /** Only for typing the items of a task mapped over the list. */
  readonly __item?: Item;
}

export function isResultList(value: unknown): value is ResultList<unknown> {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "resultList";
}

/** `ti.xcom_pull(task_ids='<id>')`: the producer's `return_value`, which the sidecar pushed. */
export function xcomPullOf(taskId: string): string {
  return `ti.xcom_pull(task_ids=${jinjaString(taskId)})`;
}

/** The references of a result schema, built by walking the schema as it is at run time. */
export function resultRefs(taskId: string, schema: ResultSchema): unknown {
  const pull = xcomPullOf(taskId);
  const root = unwrap(schema);
  if (kindOf(root) === "array") {
    const item = unwrap((root as z.ZodArray).element as z.ZodType);
    const itemFields = kindOf(item) === "object" ? Object.keys((item as z.ZodObject).shape) : undefined;
    return { kind: "resultList", taskId, json: `{{ ${pull} | tojson }}`, ...(itemFields && { itemFields }) };
  }
  return fieldRefs(root, pull);
}

function fieldRefs(schema: z.ZodType, expression: string): unknown {
  const inner = unwrap(schema);
  const kind = kindOf(inner);
  if (kind === "object") {
    const shape = (inner as z.ZodObject).shape as Record<string, z.ZodType>;
    return Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, fieldRefs(field, `${expression}[${jinjaString(key)}]`)]));
  }
  return valueTemplate(inner, expression);
}

/** Every scalar field of a result (objects walked, lists left whole), with the reference `resultRefs` gives it. */
export function resultFields(taskId: string, schema: ResultSchema): ResultField[] {
  const walk = (field: z.ZodType, path: readonly string[], expression: string): ResultField[] => {
    const inner = unwrap(field);
    const kind = kindOf(inner);
    if (kind === "object") {
      const shape = (inner as z.ZodObject).shape as Record<string, z.ZodType>;
      return Object.entries(shape).flatMap(([key, child]) => walk(child, [...path, key], `${expression}[${jinjaString(key)}]`));
    }
    return kind === "array" ? [] : [{ taskId, path, schema: field, ref: valueTemplate(inner, expression) }];
  };
  return walk(schema, [], xcomPullOf(taskId));
}

/**
 * The Jinja printing a value of this schema: text and numbers as they are, anything else as JSON, since
 * Python would print `True` and `['a', 'b']`, which a program in the pod cannot parse as JSON.
 */
export function valueTemplate(schema: z.ZodType, expression: string): string {
  const verbatim = ["string", "number", "int", "bigint", "enum", "literal"].includes(kindOf(unwrap(schema)));
  return verbatim ? `{{ ${expression} }}` : `{{ ${expression} | tojson }}`;
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (WRAPPERS.has(kindOf(current))) current = (current as unknown as { def: { innerType: z.ZodType } }).def.innerType;
  return current;
}

function kindOf(schema: z.ZodType): string {
  return (schema as unknown as { def: { type: string } }).def.type;
}
