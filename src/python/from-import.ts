/** The line length ruff's isort wraps at (its default, 88). */
const LINE_LENGTH = 88;

/**
 * `from module import a, b` at an indent, wrapped one name a line as isort wraps a line longer than ruff's 88
 * characters, so the generated files pass `ruff check` (I001) as written.
 */
export function fromImport(indent: string, module: string, names: readonly string[]): string {
  const line = `${indent}from ${module} import ${names.join(", ")}`;
  return line.length <= LINE_LENGTH ? line : [`${indent}from ${module} import (`, ...names.map((n) => `${indent}    ${n},`), `${indent})`].join("\n");
}
