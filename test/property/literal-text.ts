/**
 * The text a string written with `literal()` (src/dsl/context.ts) renders to: the generator writes every hostile
 * string of a templated field through literal(), so this is what Airflow must hand the Spark operator after
 * rendering. It reads exactly literal()'s three forms and nothing else: raw blocks, a brace escaped as
 * `{{ '{' }}`, and line breaks as `{{ '\r' }}` / `{{ '\n' }}`. A string literal() leaves alone has no `{{`, `{%`
 * or `{#` and is returned as is.
 */
export function renderedLiteral(written: string): string {
  const RAW = "{% raw %}";
  const END_RAW = "{% endraw %}";
  const escapes: Readonly<Record<string, string>> = { "{{ '{' }}": "{", "{{ '\\r' }}": "\r", "{{ '\\n' }}": "\n" };
  let text = "";
  let at = 0;
  while (at < written.length) {
    if (written.startsWith(RAW, at)) {
      const end = written.indexOf(END_RAW, at + RAW.length);
      if (end < 0) throw new Error(`not literal()'s output (raw block not closed): ${JSON.stringify(written)}`);
      text += written.slice(at + RAW.length, end);
      at = end + END_RAW.length;
      continue;
    }
    const escape = Object.keys(escapes).find((e) => written.startsWith(e, at));
    if (escape) {
      text += escapes[escape];
      at += escape.length;
      continue;
    }
    if (/^\{[{%#]/.test(written.slice(at, at + 2))) throw new Error(`not literal()'s output (Jinja outside its forms): ${JSON.stringify(written)}`);
    text += written[at];
    at += 1;
  }
  return text;
}

/** Every string of a JSON value through renderedLiteral (keys too: the generator writes none that need it). */
export function renderedLiterals(value: unknown): unknown {
  if (typeof value === "string") return renderedLiteral(value);
  if (Array.isArray(value)) return value.map(renderedLiterals);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderedLiterals(v)]));
  return value;
}
