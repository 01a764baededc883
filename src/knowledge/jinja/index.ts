/**
 * Jinja templates as Airflow renders them, checked at compile time: a port of Jinja2 3.1's lexer, parser and
 * identifier tracking (jinja2/lexer.py, parser.py, idtracking.py, compiler.py), so that `errors` is empty exactly
 * when Airflow's template environment would parse the string, and `reads` are the names it would look up in the
 * task's context. test/airflow/jinja.test.ts proves both against the real Jinja2 of each pinned Airflow line.
 *
 * The environment ported is the one `DAG.get_template_env()` builds on Airflow 3.3 and 2.11: default delimiters,
 * no line statements, no trim_blocks/lstrip_blocks, and the `do` extension (`{% do expr %}`). Loop controls
 * (`{% break %}`), i18n (`{% trans %}`) and `{% debug %}` are not enabled there, so they are unknown tags here too.
 *
 * Known divergences from Jinja (all on inputs no DAG author writes):
 * - digits and identifiers: ASCII digits only (Python's `\d` also takes other scripts' digits); identifier
 *   characters follow Unicode ID_Start/ID_Continue where Python uses XID_Start/XID_Continue;
 * - `'\N{...}'` escapes are accepted for any non-empty name (Python checks it against the Unicode database);
 * - nesting: Jinja fails with a RecursionError on brackets or tags nested more than about 70 deep (the exact depth
 *   depends on Python's stack); here only nesting that exhausts JavaScript's stack is an error;
 * - errors found only when Jinja compiles a parsed template (unknown filter or test names, assigning to `loop` in
 *   a for loop, a block defined twice) are not syntax errors, so they are not in `errors`;
 * - `reads` follow the order statements run in, where `jinja2.meta.find_undeclared_variables` does not: a name
 *   set in an `{% if %}` branch is not a read afterwards when every branch sets it (Jinja still resolves it from
 *   the context first), and a name only ever assigned is never a read. {@link findUndeclaredVariables} gives
 *   Jinja's own answer.
 *
 * The work runs one way through this folder: lexer.ts turns the text into tokens, token-stream.ts feeds them to the
 * parser (expressions.ts and statements.ts) that builds the syntax tree of ast.ts, and symbols.ts with scope.ts
 * walk that tree as Jinja's compiler would to find the context reads. This file holds the entry points.
 */

import type { TemplateAnalysis, TemplateError } from "./analysis";
import type { TemplateNode } from "./ast";
import { tokenize } from "./lexer";
import { scanTemplate } from "./scope";
import { Parser } from "./statements";
import { JinjaSyntaxError } from "./token-stream";

export type { ContextRead, TemplateAnalysis, TemplateError, XcomPull } from "./analysis";

/** True when the string contains Jinja markup at all ({{, {% or {#): plain strings skip analysis. */
export function hasJinja(text: string): boolean {
  return /\{[{%#]/.test(text);
}

export function analyzeTemplate(text: string): TemplateAnalysis {
  const analysis = guardDepth(() => {
    const parsed = parseTemplate(text);
    if ("error" in parsed) return { errors: [parsed.error], reads: [], xcomPulls: [], paramReads: [] };
    const scan = scanTemplate(parsed.template);
    return { errors: [], reads: scan.reads, xcomPulls: scan.xcomPulls, paramReads: scan.paramReads };
  });
  return analysis ?? { errors: [{ message: "the template nests too deeply to analyze", offset: 0 }], reads: [], xcomPulls: [], paramReads: [] };
}

/**
 * What `jinja2.meta.find_undeclared_variables` returns for the template (before it drops the environment's
 * globals), sorted; undefined when Jinja cannot parse it. Kept to prove the identifier tracking against Jinja;
 * checks use {@link analyzeTemplate}'s `reads`, which leave out names the template always sets itself.
 */
export function findUndeclaredVariables(text: string): string[] | undefined {
  return guardDepth(() => {
    const parsed = parseTemplate(text);
    return "error" in parsed ? undefined : [...scanTemplate(parsed.template).undeclared].sort();
  });
}

/** The parser and scanner recurse once per nesting level: only absurd nesting exhausts the stack (Jinja itself
 * gives up near 80 levels with a RecursionError, earlier than this). */
function guardDepth<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

function parseTemplate(text: string): { template: TemplateNode } | { error: TemplateError } {
  try {
    return { template: new Parser(tokenize(text)).parse() };
  } catch (e) {
    if (e instanceof JinjaSyntaxError) return { error: { message: e.message, offset: e.offset } };
    throw e;
  }
}
