/**
 * The Airflow template context as typed values: each is the Jinja that Airflow renders for every run, and
 * means the same on Airflow 2.11 and 3. Use them inside any templated field (image, command, args, env
 * values, labels, namespace...), alone or in a template literal: `` `/data/raw/${ctx.ds}` ``.
 */
export const ctx = {
  /** The run's logical date as `YYYY-MM-DD` (the start of the data interval for data-interval schedules). */
  ds: "{{ ds }}",
  /** `ds` without dashes: `YYYYMMDD`. */
  dsNodash: "{{ ds_nodash }}",
  /** The logical date and time in ISO 8601: `2026-03-05T02:00:00+00:00`. */
  ts: "{{ ts }}",
  /** `ts` without dashes and colons: `20260305T020000`. */
  tsNodash: "{{ ts_nodash }}",
  /** The logical date, rendered as Python prints a datetime: `2026-03-05 02:00:00+00:00`. */
  logicalDate: "{{ logical_date }}",
  /** Start of the run's data interval, as Python prints a datetime. */
  dataIntervalStart: "{{ data_interval_start }}",
  /** End of the run's data interval, as Python prints a datetime. */
  dataIntervalEnd: "{{ data_interval_end }}",
  /** The run's id: `scheduled__2026-03-05T02:00:00+00:00`, `manual__...`, `backfill__...`. */
  runId: "{{ run_id }}",
  /** The DAG id. */
  dagId: "{{ dag.dag_id }}",
  /** The task id (with its group prefix). */
  taskId: "{{ task.task_id }}",
  /** The try number: 1 on the first try, 2 on the first retry... */
  tryNumber: "{{ ti.try_number }}",
  /** The index of a mapped task's instance (-1 for an unmapped task). */
  mapIndex: "{{ ti.map_index }}",

  /**
   * A date of the run formatted with Python's strftime codes.
   * @example ctx.format("dataIntervalStart", "%Y/%m/%d") // "2026/03/05"
   */
  format(date: ContextDate, pattern: string): string {
    return `{{ ${CONTEXT_DATES[date]}.strftime(${jinjaString(pattern)}) }}`;
  },

  /**
   * `ds` moved by whole days, as `YYYY-MM-DD` (Airflow's `macros.ds_add`).
   * @example ctx.dsAdd(-1) // the day before the run's ds
   */
  dsAdd(days: number): string {
    if (!Number.isInteger(days)) throw new TypeError(`ctx.dsAdd(${days}): days must be a whole number`);
    return `{{ macros.ds_add(ds, ${days}) }}`;
  },
} as const;

/** The dates of a run that `ctx.format` can format. */
export type ContextDate = keyof typeof CONTEXT_DATES;

const CONTEXT_DATES = {
  logicalDate: "logical_date",
  dataIntervalStart: "data_interval_start",
  dataIntervalEnd: "data_interval_end",
} as const;

/**
 * A string that reaches the pod exactly as written, even if it looks like a template (`{{`, `{%`, `{#`).
 * Airflow renders every string of a templated field, and rendering also turns `\r` into `\n` and drops a
 * final newline; the escaping here undoes all three.
 * @example literal("{{ not a template }}")
 */
export function literal(text: string): string {
  if (!/\{[{%#]|\r|\n$/.test(text)) return text;
  // Jinja normalizes line breaks in template text, but not inside an expression's string literal.
  return text.split("\r").map(rawChunk).join("{{ '\\r' }}");
}

/** Text Jinja passes through: a raw block, unless the text could close it; then escaped brace by brace. */
function rawChunk(chunk: string): string {
  if (chunk === "") return "";
  if (!chunk.includes("endraw")) return `{% raw %}${chunk}{% endraw %}`;
  return chunk.replace(/\{/g, "{{ '{' }}").replace(/\n$/, "{{ '\\n' }}");
}

/** A Jinja string literal: Jinja unescapes backslash sequences like Python, so `\` and `'` are escaped. */
export function jinjaString(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}
