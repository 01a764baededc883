import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { yamlText } from "../../src/render/yaml-text";
import { goTool } from "../helpers/local-tools";

/**
 * Strings that a YAML 1.1 reader (go-yaml v2, behind Helm's values and kubectl's manifests) resolves to booleans,
 * numbers or null when they are written plain. Each must reach Go as the string it is. The judge is real Helm:
 * a one-template chart prints the Go kind of every value it was given.
 */
const AMBIGUOUS = [
  "yes", "no", "on", "off", "y", "n", "Y", "N", "Yes", "ON", "Off", "true", "False", "null", "Null", "~", "",
  "0o17", "0b101", "0x1F", "017", "1_000", "1e3", "-1.5", ".inf", "-.Inf", ".nan", "12", "+12",
];
const HELM_BUILD_TIMEOUT = 40 * 60 * 1000;
let helm = "";

/** What Go sees: `key=kind` for each top-level value, as Helm's templates read the values file. */
function goKinds(valuesYaml: string): Map<string, string> {
  const chart = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-yaml-"));
  fs.mkdirSync(path.join(chart, "templates"));
  fs.writeFileSync(path.join(chart, "Chart.yaml"), "apiVersion: v2\nname: kinds\nversion: 0.1.0\n");
  fs.writeFileSync(path.join(chart, "templates", "kinds.yaml"), "# {{- range $k, $v := .Values.v }}\n# {{ $k }}={{ kindOf $v }}\n# {{- end }}\n");
  const values = path.join(chart, "given.yaml");
  fs.writeFileSync(values, valuesYaml);
  try {
    const out = execFileSync(helm, ["template", "k", chart, "-f", values], { encoding: "utf8" });
    return new Map([...out.matchAll(/^# (k\d+)=(\w+)$/gm)].map((m) => [m[1]!, m[2]!]));
  } finally {
    fs.rmSync(chart, { recursive: true, force: true });
  }
}

describe("YAML for Helm and kubectl", () => {
  beforeAll(() => {
    helm = goTool("helm");
  }, HELM_BUILD_TIMEOUT);

  const values = { v: Object.fromEntries(AMBIGUOUS.map((s, i) => [`k${i}`, s])) };

  it("every string reaches Go as a string", () => {
    const kinds = goKinds(yamlText(values));
    expect(kinds.size).toBe(AMBIGUOUS.length);
    const wrong = AMBIGUOUS.filter((_, i) => kinds.get(`k${i}`) !== "string");
    expect(wrong).toEqual([]);
  });

  it("plain YAML 1.2 output would not (the reason yamlText exists)", () => {
    const kinds = goKinds(stringify(values));
    const wrong = AMBIGUOUS.filter((_, i) => kinds.get(`k${i}`) !== "string");
    expect(wrong).toEqual(expect.arrayContaining(["yes", "on", "y", "Off", "0b101", "1_000"]));
  });

  it("keys a 1.1 reader would turn into booleans stay strings too", () => {
    expect(yamlText({ y: 1, n: 2, on: 3 })).toBe('"y": 1\n"n": 2\n"on": 3\n');
  });
});

it("Go's 0o octal form is quoted, though YAML 1.1 has no such form (Go reads a plain 0o17 as 15)", () => {
  expect(yamlText({ mode: "0o17" })).toBe('mode: "0o17"\n');
});
