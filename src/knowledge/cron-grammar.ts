/**
 * croniter 7.0.0's reading of a cron expression, ported from its `_expand` (croniter/croniter.py) with its quirks:
 * Airflow's cron timetables validate an expression by handing it to croniter, and both lines pin 7.0.0
 * (test/airflow/airflow3.lock, airflow2.lock). test/airflow/cron.test.ts gives a corpus and thousands of generated
 * expressions to both real Airflow lines and fails on any verdict that differs from this one.
 *
 * Beyond the classic five fields croniter reads `L` (last day of the month), `15W`/`W15` (the weekday nearest the
 * 15th), `fri#3` (third Friday), `L5` in the day of week (last Friday), `?`, names, wrapping ranges (`fri-mon`) and a
 * sixth field of seconds.
 */

export const HOUR = 1, DAY = 2, MONTH = 3, DOW = 4;
const FIELD_NAMES = ["minute", "hour", "day-of-month", "month", "day-of-week", "second", "year"];
/** croniter's `RANGES`: the bounds of each field. */
const RANGES: readonly (readonly [number, number])[] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6], [0, 59], [1970, 2099]];
/** croniter's `LEN_MEANS_ALL`: a field with this many values is `*`. */
const LEN_MEANS_ALL = [60, 24, 31, 12, 7, 60, 130];
const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
/** croniter's `ALPHACONV`: the words each field accepts. */
const ALIASES: readonly Readonly<Record<string, number | "l">>[] = [
  {},
  {},
  { l: "l" },
  Object.fromEntries(MONTH_NAMES.map((m, i) => [m, i + 1])),
  Object.fromEntries(DAY_NAMES.map((d, i) => [d, i])),
  {},
  {},
];

export type CronValue = number | "*" | "l";
/** An expression as croniter expands it: the values of each field, nth weekdays (`fri#3`, `l5`) and `W` days. */
export interface ParsedCron {
  readonly fields: readonly (readonly CronValue[])[];
  readonly nthWeekdays: ReadonlyMap<number, ReadonlySet<number | "l">>;
  readonly nearestWeekdays: ReadonlySet<number>;
}

class CronSyntaxError {
  constructor(readonly message: string) {}
}

const ASCII_SPACE = /[ \t\n\r\f\v]+/;
const STEP_RANGE = /^([^-]+)-([^-/]+)(\/(\d+))?$/;
const WEEKDAY_WORDS = DAY_NAMES.join("|");
const MONTH_WORDS = MONTH_NAMES.join("|");
const SPECIAL_DOW = new RegExp(`^(?<pre>((?<he>((${WEEKDAY_WORDS})(-(${WEEKDAY_WORDS}))?)|((${MONTH_WORDS})(-(${MONTH_WORDS}))?)|[A-Za-z0-9_]+)#)|l)(?<last>\\d+)$`);
const NEAREST_WEEKDAY = /^(?:(\d+)w|w(\d+))$/;
const HASH = /^(?<type>h|r)(\((?<begin>\d+)-(?<end>\d+)\))?(\/(?<divisor>\d+))?$/;

/** What croniter 7.0.0 makes of an expression, or why it refuses it (in words, with the field at fault). */
export function parseCron(expression: string): ParsedCron | { readonly error: string } {
  try {
    return expand(expression);
  } catch (e) {
    if (e instanceof CronSyntaxError) return { error: e.message };
    throw e;
  }
}

function expand(expression: string): ParsedCron {
  const lower = expression.toLowerCase();
  const parts = lower.split(ASCII_SPACE).filter((p) => p !== "");
  if (parts.length < 5 || parts.length > 7) {
    throw new CronSyntaxError(`it has ${parts.length} field${parts.length === 1 ? "" : "s"}; Airflow's cron has 5 (minute hour day-of-month month day-of-week), or a sixth of seconds`);
  }
  if (parts.length === 7) {
    // croniter reads a seventh field of years, and a schedule whose years are past makes Airflow's scheduler fail to
    // find a next run: whether the DAG works would depend on the day it is compiled. Refused on purpose.
    throw new CronSyntaxError("the seventh field (years) is not supported: once its years are past, Airflow cannot schedule the DAG any more");
  }
  const nthWeekdays = new Map<number, Set<number | "l">>();
  const nearestWeekdays = new Set<number>();
  const fields = parts.map((part, index) => expandField(part, index, parts, nthWeekdays, nearestWeekdays));
  if (nthWeekdays.size > 0) {
    const dow = new Set(fields[DOW]);
    const plain = [...dow].filter((v) => v !== "*" && !nthWeekdays.has(v as number));
    if (plain.length > 0 && dow.size !== LEN_MEANS_ALL[DOW]) {
      throw new CronSyntaxError(`the day-of-week field mixes plain days with nth days ("#" or "L"), which croniter does not support`);
    }
  }
  return { fields, nthWeekdays, nearestWeekdays };
}

function expandField(text: string, index: number, parts: readonly string[], nth: Map<number, Set<number | "l">>, nearest: Set<number>): CronValue[] {
  const name = FIELD_NAMES[index]!;
  let field = expandHash(text, index);
  if (field.includes("?")) {
    if (field !== "?") throw new CronSyntaxError(`"?" stands alone in its field, not in "${text}"`);
    if (index !== DAY && index !== DOW) throw new CronSyntaxError(`"?" is accepted in the day-of-month and day-of-week fields only, not the ${name} field`);
    field = "*";
  }
  const pending: (string | number)[] = field.split(",");
  const values: CronValue[] = [];
  const seen = new Set<string | number>();
  // croniter takes items from the end of the list and pushes the members of a range back onto it: kept, so that
  // which item a "W" is checked against stays the same.
  while (pending.length > 0) {
    const { item, nthOf } = index === DOW ? splitNth(String(pending.pop())) : { item: String(pending.pop()), nthOf: undefined };
    if (index === DAY) {
      const w = NEAREST_WEEKDAY.exec(item);
      if (w) {
        const day = Number(w[1] ?? w[2]);
        if (day < 1 || day > 31) throw new CronSyntaxError(`"${item}": the nearest weekday to day ${day}, which no month has`);
        if (pending.length > 0 || values.length > 0) throw new CronSyntaxError(`"W" (nearest weekday) takes a single day, not a list or range, in "${text}"`);
        nearest.add(day);
        values.push(day);
        continue;
      }
    }
    const [low, high] = RANGES[index]!;
    let t = item.replace(/^\*(\/.+)$/, `${low}-${high}$1`);
    let m = STEP_RANGE.exec(t);
    let startWithStep = false;
    if (!m) {
      t = item.replace(/^(.+)\/(.+)$/, `$1-${high}/$2`);
      m = STEP_RANGE.exec(t);
      startWithStep = m !== null;
    }
    if (m) {
      const range = expandRange(m, index, startWithStep, item);
      const members = nthOf !== undefined && nthOf !== "l" ? range.map((v) => `${v}#${nthOf}`) : range;
      pending.push(...members.filter((v) => !seen.has(v)));
      for (const v of members) seen.add(v);
      continue;
    }
    const value = singleValue(t, index, item);
    values.push(value);
    if (index === DOW && nthOf !== undefined) {
      if (!nth.has(value as number)) nth.set(value as number, new Set());
      nth.get(value as number)!.add(nthOf);
    }
  }
  const unique = [...new Set(values)].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  if (unique.length === LEN_MEANS_ALL[index]) {
    // croniter keeps the full list when the other day field is restricted, which changes how the two combine.
    const keep = (index === DAY && !parts[DOW]!.includes("*")) || (index === DOW && !parts[DAY]!.includes("*"));
    if (!keep) return ["*"];
  }
  return unique;
}

/** A day-of-week item without its nth part: `fri#3` is fri, the 3rd; `l5` is 5, the last (croniter's special_dow_re). */
function splitNth(text: string): { item: string; nthOf: number | "l" | undefined } {
  const special = SPECIAL_DOW.exec(text)?.groups;
  if (special?.he) {
    const nth = Number(special.last);
    if (!(nth >= 1 && nth <= 5)) throw new CronSyntaxError(`"#${special.last}" in the day-of-week field: a month has a 1st to a 5th weekday, no more`);
    return { item: special.he, nthOf: nth };
  }
  if (special?.last) return { item: special.last, nthOf: "l" };
  return { item: text, nthOf: undefined };
}

/** One value that is not a range: a number in the field's bounds, `*`, or a word the field knows. */
function singleValue(t: string, index: number, item: string): CronValue {
  const name = FIELD_NAMES[index]!;
  const [low, high] = RANGES[index]!;
  if (t.startsWith("-")) throw new CronSyntaxError(`"${item}" in the ${name} field: negative numbers are not allowed`);
  let value: CronValue = /^(\d+|\*)$/.test(t) ? (t === "*" ? "*" : Number(t)) : alias(index, t, item);
  if (index === DOW && value === 7) value = 0;
  if (typeof value === "number" && (value < low || value > high)) {
    throw new CronSyntaxError(`${value} is out of range in the ${name} field (${low}-${high}${index === DOW ? ", or 7 for Sunday" : ""})`);
  }
  return value;
}

/** croniter sorts a field's values by `f"{v:02}"`: "*0" < "00".."59" < "l0". */
function sortKey(v: CronValue): string {
  return typeof v === "number" ? String(v).padStart(2, "0") : `${v}0`;
}

function expandRange(m: RegExpExecArray, index: number, startWithStep: boolean, item: string): number[] {
  const name = FIELD_NAMES[index]!;
  const [min, max] = RANGES[index]!;
  let lowText = m[1]!;
  let highText = m[2]!;
  const step = Number(m[4] ?? 1);
  if (index === DAY && highText === "l") highText = "31";
  if (!/^\d+$/.test(lowText)) lowText = String(alias(index, lowText, item));
  if (!/^\d+$/.test(highText)) highText = String(alias(index, highText, item));
  if (step === 0) throw new CronSyntaxError(`"${item}" in the ${name} field: a step of 0`);
  if (!/^\d+$/.test(lowText) || !/^\d+$/.test(highText)) throw new CronSyntaxError(`"${item}" in the ${name} field: "L" cannot start a range`);
  let low = Number(lowText);
  let high = Number(highText);
  if (index === DOW) {
    if (low === 7) low = 0;
    if (high === 7) high = 0;
  }
  if (Math.max(low, high) > max) throw new CronSyntaxError(`"${item}" in the ${name} field goes past ${max}`);
  const startAtFieldMax = startWithStep && low === high;
  // croniter reads an equal range written as one ("5-5", "jan-jan") as the whole field.
  if (low === high && !startWithStep) [low, high] = [min, max];
  if (startAtFieldMax) return [low];
  if (low > high) {
    // A range that wraps ("fri-mon", "nov-feb"): to the field's end, then from its start, the step carried over.
    const whole = range(min, max, 1);
    const out = range(low, max, step);
    let skip = 0;
    if (out.length > 0) {
      const last = out[out.length - 1]!;
      const alreadySkipped = whole.length - 1 - whole.indexOf(last);
      if (whole.indexOf(last) + step > whole.length && alreadySkipped < step) skip = step - alreadySkipped;
    }
    return [...out, ...range(min + skip, high, step)];
  }
  return range(low, high, step);
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

function alias(index: number, word: string, item: string): number | "l" {
  const value = Object.hasOwn(ALIASES[index]!, word) ? ALIASES[index]![word] : undefined;
  if (value !== undefined) return value;
  const name = FIELD_NAMES[index]!;
  const names = index === MONTH ? ' or names (jan, feb, ...)' : index === DOW ? ' or names (sun, mon, ...), "fri#3" (third Friday), "L5" (last Friday)' : index === DAY ? ', "L" (last day) or "15W" (nearest weekday)' : "";
  throw new CronSyntaxError(`"${item}" in the ${name} field: it accepts numbers${names}`);
}

/**
 * croniter's `H` and `R` field forms. `H` needs a hash id that Airflow never passes; `R` draws a new random value
 * each time Airflow parses the DAG file, so the schedule would change under the scheduler: refused on purpose.
 */
function expandHash(text: string, index: number): string {
  const m = HASH.exec(text)?.groups;
  if (!m) return text;
  if (m.type === "h") throw new CronSyntaxError(`"${text}" in the ${FIELD_NAMES[index]} field: "H" (hashed) needs a hash id, which Airflow does not pass`);
  throw new CronSyntaxError(`"${text}" in the ${FIELD_NAMES[index]} field: "R" (random) picks a new value every time Airflow parses the DAG file, so the schedule would keep changing`);
}
