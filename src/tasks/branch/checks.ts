import { closest, type Issue } from "../../diagnostics/issue";
import type { BranchTaskOptions } from "./options";
import { caseLabel, closedValues, mayBeAbsent, valueSchema } from "./values";

const METHOD = { when: "p.when", switch: "p.switch", continueIf: "p.continueIf" } as const;

/**
 * What a branch's schema cannot see: that it decides on a result field of this pipeline, of a type it can
 * decide on, and that its cases are exactly the values the field's schema allows. Fields: `on` for the field, the
 * case's key (`then`, `else`, `gold`) for a case.
 */
export function checkBranch(options: BranchTaskOptions): Issue[] {
  const method = METHOD[options.mode];
  const { field } = options;
  if (!field) {
    return [{
      code: "branch-needs-result",
      field: ["on"],
      message: `${method} needs a field of a task's typed result, got ${JSON.stringify(options.on)}`,
      hint: "declare the deciding task's result (`result: z.object({ ok: z.boolean() })`) and pass one of its fields: check.result.ok",
    }];
  }
  const where = `${field.taskId}'s result${field.path.length ? ` field "${field.path.join(".")}"` : ""}`;
  if (mayBeAbsent(field.schema)) {
    return [{ code: "branch-field-optional", field: ["on"], message: `${where} may be absent or null, so ${method} could have no value to decide on`, hint: "make the field required in the result's schema (no .optional(), .nullable() or .default())" }];
  }
  const values = closedValues(valueSchema(field.schema));
  const boolean = values !== undefined && values.length === 2 && values.includes(true) && values.includes(false);
  if (options.mode !== "switch" && !boolean) {
    return [{ code: "branch-needs-boolean", field: ["on"], message: `${method} decides on a boolean, but ${where} is not one`, hint: values ? "use p.switch for a field with several values" : "declare the field as z.boolean()" }];
  }
  if (options.mode === "switch" && values === undefined) {
    return [{ code: "switch-needs-closed-values", field: ["on"], message: `p.switch needs a field with a fixed set of values, but ${where} allows any value`, hint: 'declare it as z.enum(["gold", "silver"]), a z.literal or a union of literals' }];
  }
  const expected = options.mode === "when" ? ["then", "else"] : options.mode === "continueIf" ? ["then"] : values!.map(caseLabel);
  return checkCases(options, expected, method);
}

function checkCases(options: BranchTaskOptions, expected: readonly string[], method: string): Issue[] {
  const written = new Set(options.cases.map((c) => c.label));
  const list = expected.map((label) => `"${label}"`).join(", ");
  const issues: Issue[] = [];
  for (const c of options.cases) {
    if (!expected.includes(c.label)) {
      const suggestion = closest(c.label, expected);
      issues.push({ code: "branch-unknown-case", field: [c.label], message: `${method} has a case "${c.label}" the field never takes`, hint: `${suggestion ? `did you mean "${suggestion}"? ` : ""}the cases are ${list}` });
    } else if (c.taskIds === undefined) {
      issues.push({ code: "branch-case-not-list", field: [c.label], message: `the case "${c.label}" is not a list of tasks`, hint: `write the tasks in brackets: ${c.label}: [task]` });
    }
  }
  for (const label of expected) {
    if (!written.has(label)) issues.push({ code: "branch-missing-case", field: [], message: `${method} has no case "${label}"`, hint: `give every case its tasks (${list}); [] runs nothing on that path` });
  }
  return issues;
}
