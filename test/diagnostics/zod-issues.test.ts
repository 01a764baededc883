import { describe, expect, it } from "vitest";
import { fromZodIssues, parseReported } from "../../src/diagnostics/issue";
import { podKind } from "../../src/tasks/pod";
import { knownKeysAt } from "../../src/tasks/shared/schema-parts";

/** A pod task's options as validate-project.ts reports them: code, field and hint. */
function issuesOf(options: unknown) {
  const parsed = parseReported(podKind.schema, options);
  if (parsed.success) return [];
  return fromZodIssues(parsed.error.issues, (path) => knownKeysAt(podKind.schema, path)).map(({ code, field, message, hint }) => ({ code, field: field.join("."), message, hint }));
}

describe("zod's issues, as a user reads them", () => {
  it("a value of the wrong type is not called missing", () => {
    expect(issuesOf({ image: 42 })).toEqual([{ code: "invalid-type", field: "image", message: "expected string, got number 42", hint: undefined }]);
  });

  it("a value that is absent is", () => {
    expect(issuesOf({})).toMatchObject([{ code: "missing-image", field: "image", message: '"image" is required' }]);
  });

  it("a fraction where a whole number is wanted says so, with a whole number as the hint", () => {
    expect(issuesOf({ image: "ghcr.io/acme/extract:1.4.2", retries: 1.5 })).toEqual([
      { code: "invalid-type", field: "retries", message: "expected a whole number, got 1.5", hint: "use a whole number, e.g. 2" },
    ]);
  });
});
