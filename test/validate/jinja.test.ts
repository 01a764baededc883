import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AIRFLOW_LINES } from "../../src/knowledge/airflow-lines";
import { analyzeTemplate, findUndeclaredVariables, hasJinja } from "../../src/knowledge/jinja/index";

/** Reads as "name@offset", in order. */
const reads = (text: string) => analyzeTemplate(text).reads.map((r) => `${r.name}@${r.offset}`);

describe("analyzeTemplate: reads", () => {
  const cases: [string, { given: string; want: string[] }][] = [
    ["a context variable", { given: "{{ ds }}", want: ["ds@3"] }],
    ["a filter name is not a read", { given: "--date={{ ds }} --next={{ data_interval_end | ds }}", want: ["ds@10", "data_interval_end@26"] }],
    ["every occurrence, each with its offset", { given: "{{ ds }}{{ ds }}", want: ["ds@3", "ds@11"] }],
    ["a for target and loop inside the loop; the target does not leak out", { given: "{% for r in params.regions %}{{ r }}{{ loop.index }}{% endfor %}{{ r }}", want: ["params@12", "r@67"] }],
    ["a for loop's else runs outside the loop", { given: "{% for a in b %}{% else %}{{ a }}{% endfor %}", want: ["b@12", "a@29"] }],
    ["loop in a for's filter is no loop variable yet", { given: "{% for a in b if loop %}{% endfor %}{{ loop }}", want: ["b@12", "loop@17", "loop@39"] }],
    ["a set inside a loop does not leak out", { given: "{% for a in b %}{% set c = a %}{% endfor %}{{ c }}", want: ["b@12", "c@46"] }],
    ["set, then read: not a context read", { given: "{% set x = ds %}{{ x }}", want: ["ds@11"] }],
    ["read, then set: only the first is a context read", { given: "{{ x }}{% set x = 1 %}{{ x }}", want: ["x@3"] }],
    ["set in every branch of an if: not a read afterwards", { given: "{% if c %}{% set m = 'a' %}{% else %}{% set m = 'b' %}{% endif %}{{ m }}", want: ["c@6"] }],
    ["set in one branch only: may still come from the context", { given: "{% if c %}{% set m = 'a' %}{% endif %}{{ m }}", want: ["c@6", "m@41"] }],
    ["a set block assigns its name", { given: "{% set body %}{{ ds }}{% endset %}{{ body }}", want: ["ds@17"] }],
    ["with: values are computed outside, so `a` in `b = a` is the context's", { given: "{% with a = x, b = a %}{{ a }}{{ b }}{% endwith %}", want: ["x@12", "a@19"] }],
    ["macro arguments, defaults and caller", { given: "{% macro m(p, q=ds) %}{{ p }}{{ q }}{{ caller() }}{{ r }}{% endmacro %}{{ m(1) }}", want: ["ds@16", "r@53"] }],
    ["call block: the callee is read, the caller's argument is not", { given: "{% call(x) m() %}{{ x }}{{ caller }}{% endcall %}", want: ["m@11"] }],
    ["globals and tests: range is a read (filtered by TEMPLATE_GLOBALS), `defined` is not", { given: "{{ range(3) | join(',') if x is defined }}", want: ["range@3", "x@27"] }],
    ["assigning a namespace attribute reads the namespace", { given: "{% set ns.total = 1 %}", want: ["ns@7"] }],
    ["a block renders with a fresh frame: the template's own set is not visible", { given: "{% set y = 1 %}{% block body %}{{ y }}{{ self }}{% endblock %}", want: ["y@34"] }],
    ["raw blocks and comments are text", { given: "{% raw %}{{ secret }}{% endraw %}{# {{ note }} #}{{ ds }}", want: ["ds@52"] }],
    ["do", { given: "{% do params.items.append(ds) %}", want: ["params@6", "ds@26"] }],
    ["whitespace control", { given: "{{- ds -}} {%- if ts +%}{%- endif %}", want: ["ds@4", "ts@18"] }],
    ["a syntax error: no reads", { given: "{{ ds }", want: [] }],
  ];
  it.each(cases)("%s", (_, { given, want }) => {
    expect(reads(given)).toEqual(want);
  });

  it("Jinja's own undeclared set also lists names that are only assigned in if branches (see findUndeclaredVariables)", () => {
    expect(findUndeclaredVariables("{% if c %}{% set m = 1 %}{% else %}{% set m = 2 %}{% endif %}{{ m }}")).toEqual(["c", "m"]);
    expect(findUndeclaredVariables("{{ ds }")).toBeUndefined();
  });
});

describe("analyzeTemplate: errors", () => {
  const cases: [string, { given: string; want: { message: string | RegExp; offset: number } }][] = [
    ["a stray closing brace", { given: "{{ ds }", want: { message: "unexpected '}'", offset: 6 } }],
    ["a pipe without a filter", { given: "{{ ds | }}", want: { message: "expected token 'name', got 'end of print statement'", offset: 8 } }],
    ["an if never closed: points at the if", { given: "text {% if x %}", want: { message: /^missing \{% endif %\}: the 'if' tag is never closed/, offset: 5 } }],
    ["an unterminated string", { given: "{{ 'abc }}", want: { message: `unexpected char "'"`, offset: 3 } }],
    ["two expressions", { given: "{{ a b }}", want: { message: "expected token 'end of print statement', got 'b'", offset: 5 } }],
    ["mismatched brackets", { given: "{{ (a }}", want: { message: "unexpected '}', expected ')' to close the '('", offset: 6 } }],
    ["an unclosed parenthesis: points at it", { given: "{{ f(a", want: { message: /^unclosed '\(': unexpected end of template/, offset: 4 } }],
    ["an unclosed print tag: points at it", { given: "x {{ ds", want: { message: /^unclosed '\{\{'/, offset: 2 } }],
    ["a closing tag of another block", { given: "{% for a in b %}{{ a }}{% endif %}", want: { message: "unknown tag 'endif'; Jinja was looking for 'endfor' or 'else'; the innermost block that needs to be closed is 'for'", offset: 26 } }],
    ["a closing tag with nothing open", { given: "{% endfor %}", want: { message: "unknown tag 'endfor'", offset: 3 } }],
    ["a tag of an extension Airflow leaves off", { given: "{% for x in y %}{% break %}{% endfor %}", want: { message: /loopcontrols extension/, offset: 19 } }],
    ["a comment never closed", { given: "{# note", want: { message: "missing end of comment tag '#}'", offset: 0 } }],
    ["a raw block never closed", { given: "{% raw %}x", want: { message: "missing {% endraw %}: the raw block is never closed", offset: 9 } }],
    ["a bad escape in a string", { given: "{{ '\\x4' }}", want: { message: "invalid string literal: truncated \\xXX escape", offset: 3 } }],
    ["assigning to a constant", { given: "{% set 1 = x %}", want: { message: "can't assign to 'const'", offset: 7 } }],
    ["a positional argument after a keyword", { given: "{{ f(a=1, b) }}", want: { message: "invalid syntax for function call expression", offset: 4 } }],
    ["chained tests", { given: "{{ x is defined is none }}", want: { message: "You cannot chain multiple tests with is", offset: 16 } }],
    ["an empty print", { given: "text {{ }}", want: { message: "Expected an expression, got 'end of print statement'", offset: 8 } }],
    ["a character Jinja has no token for", { given: "{{ a $ b }}", want: { message: "unexpected char '$'", offset: 5 } }],
  ];
  it.each(cases)("%s", (_, { given, want }) => {
    const { errors, reads, xcomPulls } = analyzeTemplate(given);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(want.message);
    expect(errors[0]!.offset).toBe(want.offset);
    expect([reads, xcomPulls]).toEqual([[], []]);
  });

  it("valid templates have no errors, including Jinja's odd corners", () => {
    const valid = ["{{-1}}", "{{ in }}", "{{ 'a' \"b\" }}", "{{ foo.0.1 }}", "{{ x }}}}", "{% print %}", "{% raw %}", "{#\n", "{{ a[1:2, ::3] }}", "{{ f(a, b=1, *c, **d,) }}", "{{ {'a': 1,} }}"];
    expect(valid.filter((t) => analyzeTemplate(t).errors.length > 0)).toEqual([]);
  });

  it("never throws: any string gives at most one error, at an offset inside it", () => {
    const jinjaish = fc.string({ unit: fc.constantFrom("{", "}", "%", "#", "(", ")", "[", "]", "'", '"', "\\", "|", ".", ",", ":", "=", "-", "+", "~", " ", "\n", "a", "if", "for", "in", "end", "1", "é") });
    fc.assert(
      fc.property(jinjaish, (text) => {
        const { errors } = analyzeTemplate(text);
        return errors.length <= 1 && errors.every((e) => e.offset >= 0 && e.offset <= text.length);
      }),
      { seed: 7, numRuns: 3000 },
    );
    expect(analyzeTemplate(`{{ ${"(".repeat(50_000)} }}`).errors).toHaveLength(1);
  });
});

describe("analyzeTemplate: xcomPulls", () => {
  const cases: [string, { given: string; want: { taskIds: string[] | "dynamic"; offset: number }[] }][] = [
    ["task_ids= keyword", { given: "{{ ti.xcom_pull(task_ids='extract')['rows'] }}", want: [{ taskIds: ["extract"], offset: 3 }] }],
    ["first positional argument, on task_instance", { given: "{{ task_instance.xcom_pull('a') }}", want: [{ taskIds: ["a"], offset: 3 }] }],
    ["a list of literals", { given: "{{ ti.xcom_pull(task_ids=['a', \"b\"]) }}", want: [{ taskIds: ["a", "b"], offset: 3 }] }],
    ["a tuple of literals, with a key", { given: "{{ ti.xcom_pull(task_ids=('a',), key='k') }}", want: [{ taskIds: ["a"], offset: 3 }] }],
    ["adjacent literals and escapes", { given: "{{ ti.xcom_pull('a' 'b') }}{{ ti.xcom_pull('it\\'s') }}", want: [{ taskIds: ["ab"], offset: 3 }, { taskIds: ["it's"], offset: 30 }] }],
    ["no task ids", { given: "{{ ti.xcom_pull(key='k') }}", want: [{ taskIds: "dynamic", offset: 3 }] }],
    ["computed task ids", { given: "{{ ti.xcom_pull(task_ids=params.t) }}{{ ti.xcom_pull('a' ~ 'b') }}{{ ti.xcom_pull(*ids) }}", want: [{ taskIds: "dynamic", offset: 3 }, { taskIds: "dynamic", offset: 40 }, { taskIds: "dynamic", offset: 69 }] }],
    ["inside statements", { given: "{% for r in ti.xcom_pull('list') %}{{ r }}{% endfor %}", want: [{ taskIds: ["list"], offset: 12 }] }],
    ["a template's own `ti` is not the task instance", { given: "{% for ti in tis %}{{ ti.xcom_pull('a') }}{% endfor %}", want: [] }],
    ["other methods and objects", { given: "{{ ti.xcom_push('a') }}{{ dag_run.xcom_pull('a') }}{{ ti.xcom_pull }}", want: [] }],
  ];
  it.each(cases)("%s", (_, { given, want }) => {
    expect(analyzeTemplate(given).xcomPulls).toEqual(want);
  });
});

describe("hasJinja", () => {
  const cases: [string, boolean][] = [
    ["plain", false],
    ["a {b} c", false],
    ["50% { %", false],
    ["{{ x }}", true],
    ["a {% b", true],
    ["{# note", true],
  ];
  it.each(cases)("%j → %s", (given, want) => {
    expect(hasJinja(given)).toBe(want);
  });
});

describe("airflow-context lists", () => {
  it("are sorted and without duplicates", () => {
    for (const list of [...Object.values(AIRFLOW_LINES).map((l) => l.contextNames), ...Object.values(AIRFLOW_LINES).map((l) => l.templateGlobals)]) expect(list).toEqual([...new Set(list)].sort());
  });

  it("AIRFLOW_LINES.airflow3.removedContext has one hint for each Airflow 2.11 context name that Airflow 3 does not have", () => {
    const removed = AIRFLOW_LINES.airflow2.contextNames.filter((name) => !AIRFLOW_LINES.airflow3.contextNames.includes(name));
    expect(Object.keys(AIRFLOW_LINES.airflow3.removedContext).sort()).toEqual(removed);
    expect(AIRFLOW_LINES.airflow3.removedContext).toMatchObject({ execution_date: expect.stringContaining("logical_date"), next_ds: "use {{ data_interval_end | ds }}" });
  });
});

describe("param reads", () => {
  const cases: [string, string, string[]][] = [
    ["attribute and item", "{{ params.region }} {{ params['batch-size'] }}", ["region", "batch-size"]],
    ["with a fallback: optional", "{{ params.missing | default('x') }} {{ params.other | d }}", []],
    ["inside a for loop and a filter argument", "{% for r in params.regions %}{{ r | replace('a', params.sep) }}{% endfor %}", ["regions", "sep"]],
    ["a template's own params variable", "{% set params = {'a': 1} %}{{ params.a }}", []],
    ["not in plain text", "params.region {{ ds }}", []],
  ];
  it.each(cases)("%s", (_what, text, names) => {
    expect(analyzeTemplate(text).paramReads.map((r) => r.name)).toEqual(names);
  });
});
