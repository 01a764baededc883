import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { formatPy, pyCall, pyIdentifier, pyList, pyStr, pyTimedelta } from "../../src/python/python-literals";

const HOSTILE = [
  "",
  "plain",
  `it's "quoted"`,
  "back\\slash\\n and \\\\",
  "new\nline\r\nand\ttab",
  "''' and \"\"\" and '\"'",
  '"); import os; os.system("touch /tmp/x"); ("',
  "{{ ds }} {% if x %}{{ params.a }}{% endif %} ${HOME} %s %(x)s {0}",
  "é ü ß 日本語 🚀 👩‍💻 \u{1F600}",
  "\u2028\u2029\u0085\u000b\u000c\u001c\u001d\u001e\u007f\u200b\u200d\ufeff",
  "\u0001\u0002\u001f",
  "trailing backslash \\",
];

/** Asks a real Python interpreter what each literal evaluates to. */
function evaluateInPython(literals: string[]): string[] {
  const program = `import ast, json, sys\nprint(json.dumps([ast.literal_eval(line) for line in sys.stdin.read().split("\\n") if line]))`;
  const out = execFileSync("python3", ["-c", program], { input: literals.join("\n") + "\n", encoding: "utf8" });
  return JSON.parse(out) as string[];
}

describe("pyStr", () => {
  it("gives literals that Python reads back as exactly the original string", () => {
    const literals = HOSTILE.map(pyStr);
    for (const literal of literals) expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(evaluateInPython(literals)).toEqual(HOSTILE);
  });

  it.each([
    ["quotes", `a"b`, `"a\\"b"`],
    ["backslash", "a\\b", `"a\\\\b"`],
    ["newline", "a\nb", `"a\\nb"`],
    ["control", "\u0007", `"\\x07"`],
    ["line separator", "\u2028", `"\\u2028"`],
    ["emoji kept", "🚀", `"🚀"`],
    ["jinja kept", "{{ ds }}", `"{{ ds }}"`],
  ])("%s", (_name, given, want) => {
    expect(pyStr(given)).toBe(want);
  });
});

describe("formatPy", () => {
  it("keeps short expressions on one line and wraps long ones one item per line", () => {
    expect(formatPy(pyList(['"a"', '"b"']), "    ")).toBe('["a", "b"]');
    const long = pyCall("k8s.V1EnvVar", { name: pyStr("X".repeat(60)), value: pyStr("Y".repeat(60)) });
    expect(formatPy(long, "    ")).toBe(`k8s.V1EnvVar(\n        name="${"X".repeat(60)}",\n        value="${"Y".repeat(60)}",\n    )`);
  });
});

describe("pyTimedelta", () => {
  it.each([
    [30, "timedelta(seconds=30)"],
    [300, "timedelta(minutes=5)"],
    [5400, "timedelta(hours=1, minutes=30)"],
    [90061, "timedelta(days=1, hours=1, minutes=1, seconds=1)"],
  ])("%i seconds", (seconds, want) => expect(pyTimedelta(seconds)).toBe(want));
});

describe("pyIdentifier", () => {
  it.each([
    ["extract", new Set<string>(), "extract"],
    ["fan.a", new Set<string>(), "fan_a"],
    ["first-step", new Set(["first_step"]), "first_step_2"],
    ["class", new Set<string>(), "class_"],
    ["1st", new Set<string>(), "task_1st"],
    ["O", new Set<string>(), "O_"],
    ["l", new Set<string>(), "l_"],
    ["dag", new Set(["dag"]), "dag_2"],
  ])("%s", (name, taken, want) => expect(pyIdentifier(name, taken)).toBe(want));
});
