import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes a file through a temporary one renamed into place, so a reader never sees half of it. Returns false, and
 * leaves nothing behind, when it cannot: every caller writes a cache, which the next run then simply rebuilds.
 */
export function writeAtomically(file: string, content: string | Buffer): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
    return true;
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing more to do.
    }
    return false;
  }
}
