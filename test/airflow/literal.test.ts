import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { literal } from "../../src/dsl/context";
import { analyzeTemplate } from "../../src/knowledge/jinja/index";
import { hostileString } from "../property/arbitraries";
import { AIRFLOW_LINES, airflowPython } from "./airflow-env";

/**
 * literal(text) must render back to exactly `text` in the Jinja environment Airflow renders templated fields
 * with: template-like text, raw-block terminators, carriage returns and a final newline included.
 */
const SCRIPT = `
import json, sys, pendulum
from airflow import DAG
dag = DAG("literal_probe", schedule=None, start_date=pendulum.datetime(2026, 1, 1), catchup=False)
env = dag.get_template_env()
print(json.dumps([env.from_string(t).render() for t in json.load(sys.stdin)]))
`;

const TRICKY = ["{{ ds }}", "{% if %}", "{#", "a{% endraw %}b", "{%+ endraw %}{{", "x\r\ny\r", "ends with newline\n", "\n", "endraw {{ x }}\n", "{{ '{' }}", "", "plain"];

describe.each(AIRFLOW_LINES)("literal() through Airflow's Jinja (%s)", (line) => {
  it("renders every hostile string back to itself, and the compiler accepts it", () => {
    const texts = [...TRICKY, ...fc.sample(hostileString, { numRuns: 400, seed: 20261124 })];
    const templates = texts.map(literal);
    for (const template of templates) expect(analyzeTemplate(template).errors, template).toEqual([]);
    const rendered = JSON.parse(execFileSync(airflowPython(line), ["-c", SCRIPT], { input: JSON.stringify(templates), encoding: "utf8", stdio: ["pipe", "pipe", "ignore"] })) as string[];
    const wrong = texts.flatMap((text, i) => (rendered[i] === text ? [] : [{ text, template: templates[i], rendered: rendered[i] }]));
    expect(wrong).toEqual([]);
  });
});
