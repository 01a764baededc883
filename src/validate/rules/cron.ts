/** Cron expressions as Airflow's timetables (croniter) read them: five fields, no seconds. */

const PRESETS: Record<string, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@quarterly": "0 0 1 */3 *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly namesStart?: number;
}

const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS, namesStart: 1 },
  { name: "day of week", min: 0, max: 7, names: DAYS, namesStart: 0 },
];

/** The five-field form of an expression: presets such as "@daily" expanded. */
export function normalizeCron(expression: string): string {
  const trimmed = expression.trim().replace(/\s+/g, " ");
  return PRESETS[trimmed.toLowerCase()] ?? trimmed;
}

/** A description of what is wrong with the expression, or undefined when it is valid. */
export function checkCron(expression: string): string | undefined {
  const fields = normalizeCron(expression).split(" ");
  if (fields.length !== 5) {
    return `"${expression}" has ${fields.length} field${fields.length === 1 ? "" : "s"}; a cron expression has 5 (minute hour day-of-month month day-of-week)`;
  }
  for (const [index, text] of fields.entries()) {
    const problem = checkField(text, FIELDS[index]!);
    if (problem) return `"${expression}": ${problem}`;
  }
  return undefined;
}

function checkField(text: string, field: Field): string | undefined {
  for (const item of text.split(",")) {
    const [range = "", step, extra] = item.split("/");
    if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step)) || step === "0") {
      return `the ${field.name} field has an invalid step in "${item}"`;
    }
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2) return `the ${field.name} field has an invalid range "${range}"`;
    const values = bounds.map((bound) => fieldValue(bound, field));
    if (values.some((v) => v === undefined)) {
      return `the ${field.name} field accepts ${field.min}-${field.max}${field.names ? ` or names (${field.names.slice(0, 3).join(", ")}, ...)` : ""}, not "${range}"`;
    }
    const [low, high] = values as number[];
    if (high !== undefined && low! > high) return `the ${field.name} range "${range}" runs backwards`;
  }
  return undefined;
}

function fieldValue(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value >= field.min && value <= field.max ? value : undefined;
  }
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + (field.namesStart ?? 0) : undefined;
}
