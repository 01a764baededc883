import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";

/**
 * The entry is written as "<sha256 of the JSON>\n<JSON>", so a truncated or damaged file is recognised and ignored
 * rather than trusted; and through a temporary file renamed into place, so a reader never sees half of one.
 */
export function writeChecked(file: string, json: string): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, `${sha256(json)}\n${json}`);
    fs.renameSync(temp, file);
    return true;
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the next compile is a miss and tries again.
    }
    return false;
  }
}

/** The JSON of a file written by writeChecked, or undefined when it is missing or fails its checksum. */
export function readChecked(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, "utf8");
    const newline = text.indexOf("\n");
    const json = text.slice(newline + 1);
    return newline === 64 && text.slice(0, 64) === sha256(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
