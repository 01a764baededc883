import { createHash } from "node:crypto";

/** A file the compiler produces: its path under the output folder and its body (the header is added on write). */
export interface OutputFile {
  /** Relative to the output folder, "/" separated, e.g. "dags/nightly_sales_etl.py". */
  readonly path: string;
  /** The pipeline module it came from, relative to the project root. */
  readonly source: string;
  readonly body: string;
  /** The header's second line, when "change the TypeScript pipeline" is not the way to change the file. */
  readonly note?: string;
}

/** SHA-256 of a body, hex: the header records it (hand edits are detected by it) and so does manifest.json. */
export function contentHash(body: string | Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}
