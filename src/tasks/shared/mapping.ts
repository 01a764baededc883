import type { TaskInputOf } from "../../dsl/pipeline";
import { ITEM_PLACEHOLDER } from "../../dsl/mapping";
import { formatPy, pyList, pyStr } from "../../python/python-literals";

/** One argument of a mapped task, as text and the item (or one of its fields) in between. */
export type ArgTemplate = readonly ({ readonly text: string } | { readonly itemField: string | null })[];

/** How a mapped task's instances get their `args`: one list per item. */
export type MappingModel =
  | { readonly kind: "static"; readonly argsPerItem: readonly (readonly string[])[]; readonly maxParallel?: number }
  | { readonly kind: "result"; readonly sourceTaskId: string; readonly args: readonly ArgTemplate[]; readonly maxParallel?: number };

/** A mapped task's args per item (a list written in the pipeline) or as templates of the item (a result). */
export function buildMapping(task: TaskInputOf, args: readonly string[] | undefined): MappingModel | undefined {
  const mapping = task.mapping;
  if (!mapping) return undefined;
  const templates = (args ?? []).map(argTemplate);
  const cap = mapping.maxParallel === undefined ? {} : { maxParallel: mapping.maxParallel };
  if (mapping.over.kind === "result") return { kind: "result", sourceTaskId: mapping.over.task.id, args: templates, ...cap };
  const fill = (item: unknown) => (arg: ArgTemplate) =>
    arg.map((part) => ("text" in part ? part.text : String(part.itemField === null ? item : (item as Record<string, unknown>)[part.itemField] ?? ""))).join("");
  return { kind: "static", argsPerItem: mapping.over.items.map((item) => templates.map(fill(item))), ...cap };
}

function argTemplate(arg: string): ArgTemplate {
  const parts: ({ text: string } | { itemField: string | null })[] = [];
  let last = 0;
  for (const match of arg.matchAll(ITEM_PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: arg.slice(last, match.index) });
    parts.push({ itemField: match[1] ?? null });
    last = match.index + match[0].length;
  }
  if (last < arg.length || parts.length === 0) parts.push({ text: arg.slice(last) });
  return parts;
}

/**
 * The body of a mapped task's item function: its args with the item's value (or a field of it) in place.
 * Only literals and `str(item[...])` are written: user text never becomes code.
 */
export function itemArgsExpression(args: readonly ArgTemplate[]): string {
  const argument = (arg: ArgTemplate) =>
    arg.map((part) => ("text" in part ? pyStr(part.text) : part.itemField === null ? "str(item)" : `str(item[${pyStr(part.itemField)}])`)).join(" + ");
  return formatPy(pyList(args.map(argument)), "    ");
}
