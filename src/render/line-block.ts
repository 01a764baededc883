import { AIRFLOW_LINES, type TimetableName } from "../knowledge/airflow-lines";

/**
 * The DAG file's imports of Airflow's authoring names (DAG, Param, TaskGroup, a timetable), written so one file
 * imports on every line: Airflow 3's modules first, the 2.11 modules as the fallback. Modules come from the lines'
 * descriptors (knowledge/airflow-lines.ts).
 */
export interface AuthoringImports {
  /** `# Airflow 3`, `# Airflow 2.11`: the comments on the try and except branches. */
  readonly newLine: string;
  readonly oldLine: string;
  /** The one Airflow 3 import line. */
  readonly newImport: string;
  /** The 2.11 fallback, already indented into the except branch. */
  readonly oldImports: string;
  /** A timetable's own try/except, apart from the DAG's: on 3.0/3.1 the SDK has DAG but not the timetables. */
  readonly timetable: { readonly newImport: string; readonly oldImport: string } | false;
}

type AuthoringName = "DAG" | "Param" | "TaskGroup";

/**
 * Names imported through their module on 2.11 and bound by assignment: ruff's Airflow rules flag the direct
 * import as an Airflow 3 migration problem, which it is not in the except branch. The rule each assignment waives.
 */
const ALIASED: Partial<Record<AuthoringName, { readonly alias: string; readonly rule: string }>> = {
  Param: { alias: "airflow2_params", rule: "AIR311" },
  TaskGroup: { alias: "airflow2_task_group", rule: "AIR321" },
};

/** Python names the imports bind: task and group variables must not shadow them. */
export const AUTHORING_NAMES: readonly string[] = ["DAG", "Param", "TaskGroup", ...Object.values(ALIASED).map((a) => a!.alias)];

export function authoringImports(uses: { readonly params: boolean; readonly taskGroups: boolean; readonly timetable?: TimetableName }): AuthoringImports {
  const [newer, older] = [AIRFLOW_LINES.airflow3, AIRFLOW_LINES.airflow2];
  const names: AuthoringName[] = ["DAG", ...(uses.params ? (["Param"] as const) : []), ...(uses.taskGroups ? (["TaskGroup"] as const) : [])];
  const oldImport = (name: AuthoringName) => {
    const module = older.imports[name];
    const aliased = ALIASED[name];
    if (!aliased) return `    from ${module} import ${name}`;
    const dot = module.lastIndexOf(".");
    return [
      `    from ${module.slice(0, dot)} import ${module.slice(dot + 1)} as ${aliased.alias}`,
      "",
      `    ${name} = ${aliased.alias}.${name}  # noqa: ${aliased.rule} (where 2.11 has it; Airflow 3 takes the import above)`,
    ].join("\n");
  };
  const modules = new Set(names.map((n) => newer.imports[n]));
  if (modules.size !== 1) throw new Error("the Airflow 3 authoring names are expected in one module");
  const t = uses.timetable;
  return {
    newLine: newer.name,
    oldLine: older.name,
    newImport: `from ${[...modules][0]} import ${names.join(", ")}`,
    oldImports: names.map(oldImport).join("\n"),
    timetable: t ? { newImport: `from ${newer.imports.timetables[t]} import ${t}`, oldImport: `from ${older.imports.timetables[t]} import ${t}` } : false,
  };
}
