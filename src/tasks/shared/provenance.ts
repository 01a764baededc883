/**
 * Where a DAG or task came from, for its documentation in the Airflow UI: the first thing to know when a task
 * fails at night is which line of TypeScript to change (the DAG file is generated).
 */
export function withProvenance(docs: string | undefined, sourceFile: string, line: number): string {
  const where = `Defined in TypeScript at ${codeSpan(`${sourceFile}:${line}`)}, compiled by airflow-ts: change it there, not in the generated DAG file.`;
  return docs === undefined || docs.trim() === "" ? where : `${docs}\n\n---\n\n${where}`;
}

/** A Markdown code span that holds any text: its fence is longer than any run of backticks inside. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return longest === 0 ? `${fence}${text}${fence}` : `${fence} ${text} ${fence}`;
}
