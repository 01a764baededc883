import { describe, expect, it } from "vitest";
import { checkAssetIdentifier, sanitizeAssetUri } from "../../src/knowledge/asset-uri";
import { AIRFLOW_LINES, askOracle } from "./airflow-env";

/** URIs that exercise every rule of both lines' `_sanitize_uri` and validators. */
const URIS = [
  "s3://lake/sales/daily",
  "S3://Lake/Sales/Daily/",
  "s3://lake/x///",
  "s3://lake",
  "s3://lake/x?b=2&a=1&c=",
  "s3://lake/x?a=hello world&a=%C3%A9",
  "s3://lake/x#fragment",
  "s3://user@lake/x",
  "s3://user:secret@lake/x",
  "airflow://dag/x",
  "AIRFLOW://dag/x",
  "x-custom://whatever//",
  "file:///data/x/",
  "postgres://warehouse/public/sales",
  "just-a-name",
  "foo:bar/",
  "//host/path/",
  "s3://lake/café",
  "",
  "   ",
  `s3://lake/${"a".repeat(1495)}`,
  `s3://lake/${"a".repeat(1491)}`,
  `s3://lake/${"a".repeat(2995)}`,
];
const NAMES = ["sales", "self", "context", "   ", "", "n".repeat(1501), "café"];

interface OracleAnswer {
  uris: ({ uri: string; warnings: string[] } | { error: string; warnings: string[] })[];
  names: ({ ok: true } | { error: string })[];
}

describe.each(AIRFLOW_LINES)("asset URIs and names on %s: airflow-ts refuses and normalizes as Airflow does", (line) => {
  const oracle = askOracle<OracleAnswer>(line, "assets_oracle.py", { mode: "uris", uris: URIS, names: NAMES });

  it.each(URIS.map((uri, i) => [JSON.stringify(uri.length > 40 ? `${uri.slice(0, 30)}...(${uri.length})` : uri), i] as const))("%s", (_label, i) => {
    const ours = sanitizeAssetUri(URIS[i]!, line, false); // the oracle passes uri= alone, as asset(uri) does
    const theirs = oracle.uris[i]!;
    const error = ours.problems.find((p) => p.severity === "error");
    if ("error" in theirs) expect(error?.message).toBe(theirs.error);
    else {
      expect(error).toBeUndefined();
      expect(ours.uri).toBe(theirs.uri);
    }
    // A warning from Airflow is a warning from us, and none where Airflow gives none.
    expect(ours.problems.some((p) => p.severity === "warning")).toBe(theirs.warnings.length > 0);
  });

  it("refuses the names Airflow refuses", () => {
    expect(NAMES.map((n) => checkAssetIdentifier("name", n, line)?.message ?? "ok")).toEqual(oracle.names.map((n) => ("error" in n ? n.error : "ok")));
  });
});
