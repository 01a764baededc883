import type { z } from "zod";
import { valueTemplate } from "./result";

/**
 * A pipeline's run parameters: a zod object whose fields become Airflow `Param`s. Their JSON Schema (type, enum,
 * minimum/maximum, length, pattern, format, description, default) drives the trigger form in the Airflow UI.
 * @example z.object({ region: z.enum(["emea", "amer", "apac"]).default("emea").describe("Sales region") })
 */
export type ParamsSchema = z.ZodObject;

/** The names a pipeline's params declare (none without params). */
export type ParamName<S> = S extends z.ZodObject ? keyof z.input<S> & string : never;

/**
 * Each declared param as the Jinja that reads it at run time (`p.params.region` is `"{{ params.region }}"`;
 * booleans, lists and objects render as JSON: `"{{ params.regions | tojson }}"`): only declared names exist,
 * so a misspelled param does not compile.
 */
export type ParamRefs<Name extends string> = { readonly [K in Name]: string };

/** `{{ params.<name> }}` for every field of the schema. */
export function paramRefs(schema: ParamsSchema | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(schema?.shape ?? {}).map(([name, field]) => [name, valueTemplate(field as z.ZodType, `params.${name}`)]));
}

/** Type-only brand: the params type a pipeline handle carries for `p.trigger` (no value exists at run time). */
export declare const TRIGGER_PARAMS: unique symbol;

/** A value Airflow renders before the run is triggered: any text with a Jinja expression in it. */
export type JinjaText = `${string}{{${string}}}${string}`;

/** What triggering a pipeline with params `S` may pass: each param's input type, or a template rendered at run time. */
export type TriggerParams<S> = S extends z.ZodObject ? { [K in keyof z.input<S>]: z.input<S>[K] | JinjaText } : Record<string, never>;
