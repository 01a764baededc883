import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_LINES as LINE_FACTS } from "../../src/knowledge/airflow-lines";
import { analyzeTemplate, findUndeclaredVariables } from "../../src/knowledge/jinja/index";
import { AIRFLOW_LINES, askOracle } from "./airflow-env";

/** Hand-written templates, realistic first, and whether Jinja parses them (checked against Jinja too). */
const CORPUS: [string, boolean][] = [
  ["{{ ds }}", true],
  ["{{ ds_nodash }}/{{ ts_nodash }}", true],
  ["{{ macros.ds_add(ds, -1) }}", true],
  ["{{ macros.ds_format(ds, '%Y-%m-%d', '%Y/%m/%d') }}", true],
  ["{{ data_interval_start | ds }}", true],
  ["{{ data_interval_end | ts_nodash_with_tz }}", true],
  ["{{ ti.xcom_pull(task_ids='extract')['rows'] }}", true],
  ["{{ task_instance.xcom_pull(task_ids=['a', 'b'], key='counts') | tojson }}", true],
  ["{{ ti.xcom_pull('extract').path }}", true],
  ["{{ params.region }}", true],
  ["{{ params['batch-size'] | int * 2 }}", true],
  ["{% for r in params.regions %}{{ r }}{% if not loop.last %},{% endif %}{% endfor %}", true],
  ["{{ var.value.bucket }}/{{ var.json.settings.prefix }}", true],
  ["{{ conn.warehouse.host }}:{{ conn.warehouse.port }}", true],
  ["{{ dag_run.conf.get('date', ds) }}", true],
  ["{{ run_id | replace(':', '_') }}", true],
  ["{{ logical_date.strftime('%H') if logical_date else 'none' }}", true],
  ["s3://bucket/{{ dag.dag_id }}/{{ task.task_id }}/{{ ds }}/", true],
  ["{% set day = ds | replace('-', '') %}--day={{ day }}", true],
  ["{% if params.full %}{% set mode = 'full' %}{% else %}{% set mode = 'delta' %}{% endif %}--mode={{ mode }}", true],
  ["{% set ns = namespace(total=0) %}{% for x in params.items %}{% set ns.total = ns.total + x %}{% endfor %}{{ ns.total }}", true],
  ["{% for k, v in params.env.items() if v %}{{ k }}={{ v }} {% else %}none{% endfor %}", true],
  ["{% for x in range(3) recursive %}{{ loop.depth }}{% endfor %}", true],
  ["{% with start = data_interval_start, end = data_interval_end %}{{ start }}..{{ end }}{% endwith %}", true],
  ["{% filter upper %}{{ ds }}{% endfilter %}", true],
  ["{% macro path(p, sep='/') %}{{ p }}{{ sep }}{{ ds }}{% endmacro %}{{ path('raw') }}", true],
  ["{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}{{ ts }}{% endcall %}", true],
  ["{% do params.items.append(1) %}", true],
  ["{% raw %}{{ not a template }}{% endraw %}", true],
  ["{# a comment with {{ braces }} #}{{ ds }}", true],
  ["{%- if ds -%} {{- ds -}} {%- endif -%}", true],
  ["{{-1}}", true],
  ["{{ 'a' 'b' \"c\" }}{{ 'it\\'s' }}", true],
  ["{{ 1_000 + 0x1F + 0b10 + 1.5e3 + .5 if false }}", false],
  ["{{ [1, 2,][0] }}{{ (1,) }}{{ {'a': 1}.a }}{{ x[1:2:3] }}{{ x[::] }}", true],
  ["{{ f(1, a=2, *args, **kwargs) }}", true],
  ["{{ x is divisibleby 3 }}{{ x is not none }}{{ x in y }}{{ x not in y }}", true],
  ["{{ a ~ b ** c // d % e }}", true],
  ["{% block body %}{{ self }}{{ super() }}{% endblock %}", true],
  ["{% include 'query.sql' ignore missing with context %}", true],
  ["{% from 'macros.j2' import q as query %}{{ query() }}", true],
  ["{% set x %}{{ y }}{% endset %}{{ x }}", true],
  ["{% if c %}{% set x = 1 %}{% endif %}{{ x }}", true],
  ["{{ x }}{% set x = 1 %}{{ x }}", true],
  ["{% for a in b %}{{ x }}{% endfor %}{% set x = 1 %}", true],
  ["plain text with } and { and %} and #}", true],
  ["{{ a if x is defined else b }}{{ x is defined and y }}", true],
  ["{{ x }}\r\n", true],
  ["{#\n", true], // Jinja drops one trailing newline first, and a comment opened at the very end is no error
  ["{# \n", false],
  ["{% for a, in b %}{% endfor %}", false], // `in` is parsed as a second target: Jinja ignores extra_end_rules
  ["{{ \u0301a }}", false],
  ["{{ ds }", false],
  ["{{ ds | }}", false],
  ["{% if x %}", false],
  ["{{ 'abc }}", false],
  ["{{ a b }}", false],
  ["{{ (a }}", false],
  ["{{ f(a }}", false],
  ["{{ }}", false],
  ["{{ ds", false],
  ["{% for a in b %}{% endif %}", false],
  ["{% endfor %}", false],
  ["{% for a in b %}{% break %}{% endfor %}", false],
  ["{% set 1 = x %}", false],
  ["{{ f(a=1, b) }}", false],
  ["{{ x is defined is none }}", false],
  ["{# never closed", false],
  ["{% raw %}never closed", false],
  ["{{ '\\x4' }}", false],
  ["{{ a.(b) }}", false],
  ["{% macro m(a=1, b) %}{% endmacro %}", false],
  ["{% block a-b %}{% endblock %}", false],
  ["{{ x|upper }}}", true],
];

const KNOWN_FILTERS = ["upper", "lower", "default", "join", "replace('a', 'b')", "ds", "ds_nodash", "length", "first", "int", "trim", "tojson", "default(none)", "join(',')", "map(attribute='x')"];
const KNOWN_TESTS = ["defined", "undefined", "none", "divisibleby 3", "sameas none", "string", "number", "eq(1)", "in([1])", "even"];
const NAMES = ["ds", "ti", "task_instance", "params", "x", "y", "a", "b", "loop", "range", "ns", "caller", "self", "in", "if", "not"];
const TARGETS = ["x", "y", "a", "b", "k, v", "(a, b)", "ns.total", "item"];

const ws = fc.constantFrom("", " ", "  ", "\n");
const name = fc.constantFrom(...NAMES);
const literal = fc.oneof(
  fc.constantFrom("1", "0", "1_000", "0x1f", "1.5", "1e3", "true", "None", "none", "'a'", '"b"', "'x\\'y'", "'a' 'b'", "'\\n'", "'\\x41'", "'\\u00e9'", "[]", "()", "{}", "(1,)"),
  fc.stringMatching(/^[a-z_]{1,6}$/).map((s) => `'${s}'`),
);

/** Expressions from Jinja's grammar, some in odd but valid spellings; the mutations below break them. */
const { expr } = fc.letrec<{ expr: string; compound: string }>((tie) => ({
  expr: fc.oneof({ maxDepth: 3, depthIdentifier: "expr" }, name, literal, tie("compound")),
  compound: fc.oneof(
    { depthIdentifier: "expr" },
    fc.tuple(tie("expr"), fc.constantFrom("+", "-", "*", "/", "//", "%", "**", "~", "and", "or", "==", "!=", "<", ">=", "in", "not in"), tie("expr")).map(([l, op, r]) => `${l} ${op} ${r}`),
    fc.tuple(fc.constantFrom("not ", "-", "+"), tie("expr")).map(([op, e]) => `${op}${e}`),
    fc.tuple(tie("expr"), tie("expr"), fc.option(tie("expr"))).map(([a, t, b]) => (b === null ? `${a} if ${t}` : `${a} if ${t} else ${b}`)),
    fc.tuple(tie("expr"), fc.constantFrom("attr", "xcom_pull", "0", "items")).map(([e, attr]) => `${e}.${attr}`),
    fc.tuple(tie("expr"), tie("expr")).map(([e, i]) => `${e}[${i}]`),
    fc.tuple(tie("expr"), fc.option(tie("expr")), fc.option(tie("expr"))).map(([e, lo, hi]) => `${e}[${lo ?? ""}:${hi ?? ""}]`),
    fc.tuple(tie("expr"), fc.array(tie("expr"), { maxLength: 2 }), fc.option(tie("expr")), fc.boolean()).map(([f, args, kw, star]) => `${f}(${[...args, ...(kw === null ? [] : [`task_ids=${kw}`]), ...(star ? ["**kw"] : [])].join(", ")})`),
    fc.tuple(fc.constantFrom("ti", "task_instance"), fc.constantFrom("'extract'", "['a', 'b']", "('a',)", "task_ids='t'", "key='k'", "x", "")).map(([ti, arg]) => `${ti}.xcom_pull(${arg})`),
    fc.tuple(tie("expr"), fc.constantFrom(...KNOWN_FILTERS)).map(([e, f]) => `${e} | ${f}`),
    fc.tuple(tie("expr"), fc.constantFrom("is ", "is not "), fc.constantFrom(...KNOWN_TESTS)).map(([e, is, t]) => `${e} ${is}${t}`),
    fc.array(tie("expr"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
    fc.array(tie("expr"), { minLength: 2, maxLength: 3 }).map((items) => `(${items.join(", ")})`),
    fc.array(fc.tuple(tie("expr"), tie("expr")), { maxLength: 2 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(", ")}}`),
    tie("expr").map((e) => `(${e})`),
  ),
}));

/** Template statements nested a few levels deep: every tag Airflow's environment knows, and text. */
const { body } = fc.letrec<{ body: string; statement: string }>((tie) => {
  const block = tie("body");
  return {
    body: fc.array(tie("statement"), { maxLength: 3 }).map((parts) => parts.join("")),
    statement: fc.oneof(
      { maxDepth: 2, depthIdentifier: "statement" },
      fc.tuple(fc.constantFrom("", "-", "+"), ws, expr, ws, fc.constantFrom("", "-")).map(([l, s1, e, s2, r]) => `{{${l}${s1 || " "}${e}${s2 || " "}${r}}}`),
      fc.constantFrom("text ", "\n", "} { ", "a%}b", "#}", "{# note #}", "{% raw %}{{ x }}{% endraw %}", "{%- raw -%}{% if %}{%- endraw %}"),
      fc.tuple(fc.constantFrom(...TARGETS), expr).map(([t, e]) => `{% set ${t} = ${e} %}`),
      fc.tuple(fc.constantFrom("x", "y", "a"), fc.constantFrom("", " | upper", " | replace('a', 'b')"), block).map(([t, f, b]) => `{% set ${t}${f} %}${b}{% endset %}`),
      fc.tuple(expr, block, fc.option(fc.tuple(expr, block)), fc.option(block)).map(([t, b, elif, els]) => `{% if ${t} %}${b}${elif ? `{% elif ${elif[0]} %}${elif[1]}` : ""}${els !== null ? `{% else %}${els}` : ""}{% endif %}`),
      fc.tuple(fc.constantFrom(...TARGETS.filter((t) => !t.includes("."))), expr, fc.option(expr), fc.boolean(), block, fc.option(block)).map(
        ([t, it, test, rec, b, els]) => `{% for ${t} in ${it}${test !== null ? ` if ${test}` : ""}${rec ? " recursive" : ""} %}${b}${els !== null ? `{% else %}${els}` : ""}{% endfor %}`,
      ),
      fc.tuple(expr, expr, block).map(([e1, e2, b]) => `{% with a = ${e1}, b = ${e2} %}${b}{% endwith %}`),
      fc.tuple(fc.constantFrom("upper", "replace('a', 'b')", "default('x')"), block).map(([f, b]) => `{% filter ${f} %}${b}{% endfilter %}`),
      fc.tuple(fc.constantFrom("m", "path"), expr, block).map(([m, d, b]) => `{% macro ${m}(a, b=${d}) %}${b}{% endmacro %}`),
      fc.tuple(fc.constantFrom("", "(a)"), expr, block).map(([sig, e, b]) => `{% call${sig} m(${e}) %}${b}{% endcall %}`),
      fc.tuple(expr, expr).map(([e1, e2]) => `{% do ${e1} %}{% print ${e2} %}`),
      fc.tuple(expr, block).map(([e, b]) => `{% autoescape ${e} %}${b}{% endautoescape %}`),
    ),
  };
});

const SNIPPETS = ["{", "}", "{{", "}}", "{%", "%}", "{#", "(", ")", "[", "]", "'", '"', "|", ",", ".", "-", "=", " if ", " else ", " in ", "{% endif %}", "{% else %}", "{% endfor %}", " is ", " not ", "\\", "$"];

/** A valid-ish template with one edit: a character deleted, a snippet inserted, or the tail cut off. */
const mutated = fc.tuple(body, fc.nat(), fc.constantFrom("delete", "insert", "truncate"), fc.constantFrom(...SNIPPETS)).map(([t, n, edit, snippet]) => {
  const at = t.length === 0 ? 0 : n % t.length;
  if (edit === "delete") return t.slice(0, at) + t.slice(at + 1);
  if (edit === "insert") return t.slice(0, at) + snippet + t.slice(at);
  return t.slice(0, at);
});

const GENERATED = fc.sample(fc.oneof(body, mutated), { seed: 20260601, numRuns: 600 });

interface OracleResult {
  ok: boolean;
  error?: string;
  undeclared?: string[] | null;
  compile_error?: string | null;
  assigned?: string[];
}
interface Oracle {
  context: string[];
  globals: string[];
  results: OracleResult[];
}

function askJinja(line: (typeof AIRFLOW_LINES)[number], templates: readonly string[]): Oracle {
  return askOracle<Oracle>(line, "jinja_oracle.py", templates);
}

/**
 * Where our analysis and Jinja's disagree on one template (empty when they agree):
 * - parse: our errors are empty exactly when Jinja parses it;
 * - undeclared: our port of Jinja's identifier tracking gives find_undeclared_variables' set, globals aside;
 * - reads: every read is a name Jinja resolves from the context, and a name Jinja resolves that is never read is
 *   one the template assigns itself (set in an if branch, or assigned before every read: see jinja/scope.ts).
 */
function disagreements(template: string, jinja: OracleResult, globals: readonly string[]): string[] {
  const ours = analyzeTemplate(template);
  const problems: string[] = [];
  if ((ours.errors.length === 0) !== jinja.ok) problems.push(`parse: ours ${JSON.stringify(ours.errors[0]?.message ?? "ok")}, Jinja ${jinja.ok ? "ok" : jinja.error}`);
  if (!jinja.ok || ours.errors.length > 0 || !jinja.undeclared) return problems;
  const undeclared = findUndeclaredVariables(template)!.filter((n) => !globals.includes(n));
  if (JSON.stringify(undeclared) !== JSON.stringify(jinja.undeclared)) problems.push(`undeclared: ours ${JSON.stringify(undeclared)}, Jinja ${JSON.stringify(jinja.undeclared)}`);
  const readNames = new Set(ours.reads.map((r) => r.name).filter((n) => !globals.includes(n)));
  const notResolved = [...readNames].filter((n) => !jinja.undeclared!.includes(n));
  if (notResolved.length) problems.push(`reads ${JSON.stringify(notResolved)} that Jinja does not resolve`);
  const unexplained = jinja.undeclared.filter((n) => !readNames.has(n) && !jinja.assigned!.includes(n));
  if (unexplained.length) problems.push(`no read of ${JSON.stringify(unexplained)}, which the template never assigns`);
  return problems;
}

describe.each(AIRFLOW_LINES)("Jinja templates as Airflow's own template environment parses them (%s)", (line) => {
  let jinja: Oracle;
  beforeAll(() => {
    jinja = askJinja(line, [...CORPUS.map(([t]) => t), ...GENERATED]);
  });
  const result = (i: number) => jinja.results[i]!;

  it("the context names and template globals in airflow-context.ts are the ones this Airflow has", () => {
    expect(LINE_FACTS[line].contextNames).toEqual(jinja.context);
    expect(LINE_FACTS[line].templateGlobals).toEqual(jinja.globals);
  });

  it("the hand-written corpus: Jinja agrees with the table, and we agree with Jinja", () => {
    expect(CORPUS.map(([t], i) => [t, result(i).ok])).toEqual(CORPUS);
    const problems = CORPUS.flatMap(([t], i) => disagreements(t, result(i), jinja.globals).map((p) => `${JSON.stringify(t)}: ${p}`));
    expect(problems).toEqual([]);
  });

  it(`${GENERATED.length} generated templates (grammar-built, some with one edit): we agree with Jinja on each`, () => {
    const offset = CORPUS.length;
    const problems = GENERATED.flatMap((t, i) => disagreements(t, result(offset + i), jinja.globals).map((p) => `${JSON.stringify(t)}: ${p}`));
    expect(problems.slice(0, 20)).toEqual([]);
    // The sample must exercise both outcomes, and the identifier tracking on templates Jinja compiles.
    const outcomes = GENERATED.map((_, i) => result(offset + i));
    const parsed = outcomes.filter((r) => r.ok).length;
    expect(parsed).toBeGreaterThan(GENERATED.length * 0.3);
    expect(GENERATED.length - parsed).toBeGreaterThan(GENERATED.length * 0.2);
    expect(outcomes.filter((r) => r.ok && r.undeclared).length).toBeGreaterThan(parsed * 0.9);
  });
});
