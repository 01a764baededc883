import { AIRFLOW_LINES, type WaitOperatorName } from "../../knowledge/airflow-lines";
import { fromImport } from "../../python/from-import";

/** One name the DAG file binds for a wait or trigger: the operator, or its deferrable form (time waits). */
export interface OperatorName {
  readonly operator: WaitOperatorName;
  readonly deferrable: boolean;
}

/** The Python name a DAG file calls for an operator (its deferrable time form gets a name of its own). */
export function pythonName({ operator, deferrable }: OperatorName): string {
  return deferrable && isTimeSensor(operator) ? `Deferrable${operator}` : operator;
}

function isTimeSensor(operator: WaitOperatorName): boolean {
  return operator === "TimeSensor" || operator === "TimeDeltaSensor";
}

/**
 * The import of operators that moved from Airflow 2.11's core to Airflow 3's standard provider, written so one
 * DAG file imports on both lines (modules from knowledge/airflow-lines.ts): Airflow 3's first, 2.11's as the
 * fallback, through the module and an assignment, because ruff's Airflow rules flag the 2.11 path as a migration
 * problem, which it is not in the except branch. A deferrable time sensor is bound to its own name on each line:
 * Airflow 3's sensor with `deferrable=True`, 2.11's `...Async` class.
 */
export function lineImports(names: readonly OperatorName[]): string {
  const [newer, older] = [AIRFLOW_LINES.airflow3, AIRFLOW_LINES.airflow2];
  const unique = [...new Map(names.map((n) => [pythonName(n), n])).values()].sort((a, b) => (pythonName(a) < pythonName(b) ? -1 : 1));
  const operators = [...new Set(unique.map((n) => n.operator))].sort();
  const deferred = unique.filter((n) => pythonName(n) !== n.operator);
  const newImports = operators.map((op) => fromImport("    ", newer.waits.modules[op], [op])).sort();
  const alias = (op: WaitOperatorName) => `airflow2_${older.waits.modules[op].split(".").pop()}`;
  const oldModules = [...new Set(operators.map((op) => `    from ${older.waits.modules[op].split(".").slice(0, -1).join(".")} import ${older.waits.modules[op].split(".").pop()} as ${alias(op)}`))].sort();
  const newBindings = deferred.map((n) => `    ${pythonName(n)} = partial(${n.operator}, deferrable=True)`);
  const oldBindings = unique.map((n) => {
    const cls = pythonName(n) === n.operator ? n.operator : `${n.operator}Async`;
    return `    ${pythonName(n)} = ${alias(n.operator)}.${cls}  # noqa: AIR312 (where 2.11 has it; Airflow 3 takes the import above)`;
  });
  const newer3 = [...(deferred.length ? ["    from functools import partial", ""] : []), ...newImports, ...(newBindings.length ? ["", ...newBindings] : [])];
  return [`try:  # ${newer.name}`, ...newer3, `except ImportError:  # ${older.name}`, ...oldModules, "", ...oldBindings].join("\n");
}

