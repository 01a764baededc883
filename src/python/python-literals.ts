/**
 * The one place where values become Python source. Every user string passes through `pyStr`, so no value can
 * end a literal early or run as code, whatever quotes, backslashes, newlines or `{{ }}` it holds.
 */

/** Characters that must not appear raw in a literal: controls, format characters, line/paragraph separators. */
const NEEDS_ESCAPE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}]/u;

/** A Python `str` literal in double quotes. Printable unicode (accents, CJK, emoji) is kept as written. */
export function pyStr(value: string): string {
  let out = '"';
  for (const char of value) {
    if (char === "\\") out += "\\\\";
    else if (char === '"') out += '\\"';
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (NEEDS_ESCAPE.test(char)) out += escapeCodePoint(char.codePointAt(0)!);
    else out += char;
  }
  return out + '"';
}

function escapeCodePoint(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}

export function pyBool(value: boolean): string {
  return value ? "True" : "False";
}

export function pyInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`internal: ${value} is not an integer`);
  return String(value);
}

/**
 * A Python expression as a tree, so nested calls, lists and dicts are laid out with consistent indentation
 * by one function ({@link formatPy}) whatever their depth.
 */
export type PyExpr =
  | string
  | { readonly call: string; readonly args?: readonly PyExpr[]; readonly kwargs: readonly (readonly [string, PyExpr])[] }
  | { readonly list: readonly PyExpr[] }
  | { readonly dict: readonly (readonly [string, PyExpr])[] };

/** A call with keyword arguments (undefined ones are left out), after optional positional ones. */
export function pyCall(callee: string, kwargs: Readonly<Record<string, PyExpr | undefined>>, args: readonly PyExpr[] = []): PyExpr {
  return { call: callee, ...(args.length > 0 && { args }), kwargs: Object.entries(kwargs).filter((e): e is [string, PyExpr] => e[1] !== undefined) };
}

export function pyList(items: readonly PyExpr[]): PyExpr {
  return { list: items };
}

/** A dict with string keys, in the given order. */
export function pyDict(entries: readonly (readonly [string, PyExpr])[]): PyExpr {
  return { dict: entries };
}

/** Plain data (as from JSON) as a Python expression: dicts keep the given key order. */
export function pyValue(value: unknown): PyExpr {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return pyStr(value);
  if (typeof value === "boolean") return pyBool(value);
  if (typeof value === "number") return Number.isInteger(value) ? pyInt(value) : String(value);
  if (Array.isArray(value)) return pyList(value.map(pyValue));
  if (typeof value === "object") return pyDict(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, pyValue(v)]));
  throw new Error(`internal: cannot write ${typeof value} as Python`);
}

const LINE_WIDTH = 110;

/**
 * Source text of an expression that starts at column `indent.length` (plus `lead`, the width of what precedes it
 * on its first line, such as `NAME = `): one line when it fits, else one item per line.
 */
export function formatPy(expr: PyExpr, indent = "", lead = 0): string {
  if (typeof expr === "string") return expr;
  const inner = indent + "    ";
  const [open, close, items] =
    "call" in expr
      ? [`${expr.call}(`, ")", [...(expr.args ?? []).map((v) => (w: string) => formatPy(v, w)), ...expr.kwargs.map(([k, v]) => (w: string) => `${k}=${formatPy(v, w)}`)]]
      : "list" in expr
        ? ["[", "]", expr.list.map((v) => (w: string) => formatPy(v, w))]
        : ["{", "}", expr.dict.map(([k, v]) => (w: string) => `${pyStr(k)}: ${formatPy(v, w)}`)];
  // Each item is formatted once, at the inner indent, for both layouts: formatting it again for the second one
  // doubled the work at every level of nesting (a Kubernetes env var is five levels deep).
  const parts = items.map((item) => item(inner));
  const flat = `${open}${parts.join(", ")}${close}`;
  if (items.length === 0 || (indent.length + lead + flat.length <= LINE_WIDTH && !flat.includes("\n"))) return flat;
  return `${open}\n${parts.map((part) => `${inner}${part},`).join("\n")}\n${indent}${close}`;
}

/** A `timedelta(...)` with the largest whole units: 5400 -> `timedelta(hours=1, minutes=30)`. */
export function pyTimedelta(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [["days", 86400], ["hours", 3600], ["minutes", 60], ["seconds", 1]] as const) {
    const amount = Math.floor(rest / size);
    if (amount > 0) parts.push(`${unit}=${amount}`);
    rest -= amount * size;
  }
  return `timedelta(${parts.join(", ") || "seconds=0"})`;
}

/** A Python identifier for a name: invalid characters become "_", keywords and `taken` names get a suffix. */
export function pyIdentifier(name: string, taken: ReadonlySet<string>): string {
  let base = name.replace(/[^A-Za-z0-9_]/g, "_");
  if (/^[0-9]/.test(base) || base === "") base = `task_${base}`;
  if (PYTHON_KEYWORDS.has(base) || AMBIGUOUS.has(base)) base = `${base}_`;
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
  return candidate;
}

/** Names PEP 8 (and ruff's E741) rule out: l, O and I read as 1 and 0. */
const AMBIGUOUS = new Set(["l", "O", "I"]);

const PYTHON_KEYWORDS = new Set(
  ("False None True and as assert async await break class continue def del elif else except finally for from " +
    "global if import in is lambda nonlocal not or pass raise return try while with yield match case type _").split(" "),
);
