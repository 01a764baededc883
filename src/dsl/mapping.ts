import type { ResultList } from "./result";

/**
 * Where a mapped task's instances come from: a list written in the pipeline (one instance per item), or an
 * upstream task's result when that result is a list (`extract.result`), known only at run time.
 */
export type MapSource<Item> = readonly Item[] | ResultList<Item>;

/** The items a task can be mapped over: text and numbers, or objects of them (one field per argument). */
export type MapItem = string | number | { readonly [field: string]: string | number };

/**
 * The item of one mapped instance, for use in `args`: a string, or for object items one string per field.
 * `"--region", item.region` passes each instance its own region.
 */
export type ItemRef<Item> = Item extends object ? { readonly [K in keyof Item]-?: string } : string;

export interface MapOptions<Item extends MapItem> {
  /** The items: one task instance each. @example ["emea", "amer", "apac"] @example extract.result */
  readonly over: MapSource<Item>;
  /** Instances of this task running at once in a run (`max_active_tis_per_dagrun`). @default unlimited @example 4 */
  readonly maxParallel?: number;
}

/**
 * The item inside the strings the options callback returns. Characters from Unicode's private use area, so no
 * user text can contain them by accident; the model replaces them with each item's value.
 */
const OPEN = "\uE000";
const CLOSE = "\uE001";
export const ITEM_PLACEHOLDER = new RegExp(`${OPEN}item(?:\\.([^${CLOSE}]*))?${CLOSE}`, "g");

/** The placeholder item the options callback receives: the whole item, or one per field of the first object item. */
export function itemRef(fields: readonly string[] | undefined): unknown {
  if (fields === undefined) return `${OPEN}item${CLOSE}`;
  return Object.fromEntries(fields.map((field) => [field, `${OPEN}item.${field}${CLOSE}`]));
}

export function hasItemPlaceholder(text: string): boolean {
  return text.includes(OPEN);
}
