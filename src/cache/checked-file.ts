import * as fs from "node:fs";
import { createHash } from "node:crypto";
import { writeAtomically } from "../load/atomic-file";

/**
 * The entry is written as "<sha256 of the JSON>\n<JSON>", so a truncated or damaged file is recognised and ignored
 * rather than trusted; and through a temporary file renamed into place, so a reader never sees half of one.
 */
export function writeChecked(file: string, json: string): boolean {
  return writeAtomically(file, `${sha256(json)}\n${json}`);
}

/** The JSON of a file written by writeChecked, or undefined when it is missing or fails its checksum. */
export function readChecked(file: string): string | undefined {
  try {
    // Hashed as bytes, decoded once: hashing the decoded text would encode it back first.
    const bytes = fs.readFileSync(file);
    const json = bytes.subarray(65);
    return bytes[64] === 0x0a && bytes.subarray(0, 64).toString("latin1") === sha256(json) ? json.toString("utf8") : undefined;
  } catch {
    return undefined;
  }
}

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}
