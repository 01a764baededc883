/** Maps positions of transpiled JavaScript back to the TypeScript it came from (Source Map v3, one source). */
export interface PositionMapper {
  original(line: number, column: number): { line: number; column: number };
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Segments per generated line: [generatedColumn, originalLine, originalColumn], all 0-based. */
type Segment = readonly [number, number, number];

export function createPositionMapper(sourceMapJson: string): PositionMapper {
  const lines = decodeMappings((JSON.parse(sourceMapJson) as { mappings: string }).mappings);
  return {
    // Lines and columns are 1-based in and out, as V8 and editors count them.
    original(line, column) {
      const segments = lines[line - 1] ?? [];
      let best: Segment | undefined;
      for (const segment of segments) {
        if (segment[0] <= column - 1) best = segment;
        else break;
      }
      best ??= segments[0];
      return best ? { line: best[1] + 1, column: best[2] + 1 } : { line, column };
    },
  };
}

function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let originalLine = 0;
  let originalColumn = 0;
  for (const lineText of mappings.split(";")) {
    const segments: Segment[] = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(",")) {
      if (segmentText === "") continue;
      const fields = decodeVlq(segmentText);
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        originalLine += fields[2] ?? 0;
        originalColumn += fields[3] ?? 0;
        segments.push([generatedColumn, originalLine, originalColumn]);
      }
    }
    lines.push(segments.sort((a, b) => a[0] - b[0]));
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
