import { decode } from "@jridgewell/sourcemap-codec";

/** Maps positions of transpiled JavaScript back to the TypeScript it came from (Source Map v3, one source). */
export interface PositionMapper {
  original(line: number, column: number): { line: number; column: number };
}

/**
 * The map's segments in two typed arrays: `segments` holds [generatedColumn, originalLine, originalColumn]
 * triples (0-based), generated line i's from triple `starts[i]` to `starts[i + 1]`, each line's by column. A mapper
 * lives as long as its module may report positions; as the arrays of arrays the codec decodes into, the maps of a
 * 1,000-pipeline project held a fifth of the compile's heap (four objects per segment).
 */
export function createPositionMapper(sourceMapJson: string): PositionMapper {
  const { starts, segments } = compact(decode((JSON.parse(sourceMapJson) as { mappings: string }).mappings));
  const lineCount = starts.length - 1;
  return {
    // Lines and columns are 1-based in and out, as V8 and editors count them.
    original(line, column) {
      if (line < 1 || line > lineCount) return { line, column };
      const first = starts[line - 1]!;
      const end = starts[line]!;
      if (first === end) return { line, column };
      // The last segment at or before the column; a column before the first segment maps as the first.
      let best = first;
      for (let s = first + 1; s < end && segments[s * 3]! <= column - 1; s++) best = s;
      return { line: segments[best * 3 + 1]! + 1, column: segments[best * 3 + 2]! + 1 };
    },
  };
}

/** Only the segments that point into the source (four or five fields), in the layout above. */
function compact(lines: ReturnType<typeof decode>): { starts: Int32Array; segments: Int32Array } {
  const starts = new Int32Array(lines.length + 1);
  let count = 0;
  for (const [i, line] of lines.entries()) {
    starts[i] = count;
    for (const segment of line) if (segment.length >= 4) count++;
  }
  starts[lines.length] = count;
  const segments = new Int32Array(count * 3);
  let at = 0;
  // The codec hands each line's segments sorted by column.
  for (const line of lines) {
    for (const s of line) {
      if (s.length < 4) continue;
      segments[at++] = s[0];
      segments[at++] = s[2]!;
      segments[at++] = s[3]!;
    }
  }
  return { starts, segments };
}
