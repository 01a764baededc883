import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { literal } from "../../src/dsl/context";
import { hostileString } from "./arbitraries";
import { renderedLiteral } from "./literal-text";

describe("renderedLiteral: the text literal() output renders to, for the round trip's expected Spark submissions", () => {
  it("gives back the text of any hostile string written through literal()", () => {
    fc.assert(fc.property(hostileString, (text) => {
      expect(renderedLiteral(literal(text))).toBe(text);
    }), { numRuns: 2000 });
  });

  it("reads each of literal()'s forms", () => {
    expect(renderedLiteral("{% raw %}{{ ds }}{% endraw %}")).toBe("{{ ds }}");
    expect(renderedLiteral("a{% raw %}{#{% endraw %}{{ '\\r' }}{% raw %}b\n{% endraw %}")).toBe("a{#\rb\n");
    expect(renderedLiteral("{{ '{' }}% endraw %}{{ '\\n' }}")).toBe("{% endraw %}\n");
    expect(renderedLiteral("plain {} text")).toBe("plain {} text");
  });

  it("refuses Jinja literal() never writes, rather than guess what it renders to", () => {
    expect(() => renderedLiteral("{{ ds }}")).toThrow(/Jinja outside its forms/);
    expect(() => renderedLiteral("{% raw %}open")).toThrow(/not closed/);
  });
});
