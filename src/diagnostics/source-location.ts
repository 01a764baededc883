/** A position in a source file, 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A step into an object literal (a property name) or an array literal (an element index). */
export type FieldPath = readonly (string | number)[];

/** Points at the field a user wrote: the call at `call`, its argument `argumentIndex`, then `path`. */
export type Locate = (call: SourceLocation, argumentIndex: number, path: FieldPath) => SourceLocation;

/** `nightly.tasks.load.resources.limits["nvidia.com/gpu"]`, `nightly.tasks.load.mounts[1].path`. */
export function formatPath(parts: FieldPath): string {
  return parts
    .map((part, i) => {
      if (typeof part === "number") return `[${part}]`;
      if (i > 0 && !/^[A-Za-z_$][\w$]*(\[\d+\])?$/.test(part)) return `[${JSON.stringify(part)}]`;
      return i === 0 ? part : `.${part}`;
    })
    .join("");
}
