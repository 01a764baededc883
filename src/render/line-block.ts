import { AIRFLOW_LINES, type TimetableName } from "../knowledge/airflow-lines";
import { fromImport } from "../python/from-import";

/**
 * The DAG file's line block: one `try:` (Airflow 3) / `except ImportError:` (Airflow 2.11) that imports Airflow's
 * authoring names (DAG, Param, TaskGroup, a timetable) and holds whatever else differs between the lines (the assets,
 * render/asset-view.ts), so one file imports on every line. One block, not one per feature: a failed import of
 * `airflow.sdk` costs 2.11 about 16 µs, paid once. Modules come from the lines' descriptors (knowledge/airflow-lines.ts).
 */
export interface LineBlock {
  /** `# Airflow 3`, `# Airflow 2.11`: the comments on the try and except branches. */
  readonly newLine: string;
  readonly oldLine: string;
  /** The branches' bodies, indented. */
  readonly newBranch: string;
  readonly oldBranch: string;
}

/** What a part of the file puts into one branch; the branch merges the parts' imports into one sorted block. */
export interface BranchPart {
  /** `from module import names` (a name may be `module as alias`). */
  readonly imports?: readonly (readonly [module: string, names: readonly string[]])[];
  /** Airflow 3 only: names in one module from 3.2 on (`airflow.sdk`) and in another in 3.0 and 3.1. */
  readonly since32?: readonly { readonly name: string; readonly module: string; readonly olderModule: string }[];
  /** Statements after the imports: assignments that bind an imported name, then definitions. */
  readonly bindings?: readonly string[];
  readonly definitions?: readonly string[];
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

const INDENT = "    ";

/** The authoring names' part of each branch. */
export function authoringParts(uses: { readonly params: boolean; readonly taskGroups: boolean; readonly timetable?: TimetableName }): { readonly airflow3: BranchPart; readonly airflow2: BranchPart } {
  const [newer, older] = [AIRFLOW_LINES.airflow3, AIRFLOW_LINES.airflow2];
  const names: AuthoringName[] = ["DAG", ...(uses.params ? (["Param"] as const) : []), ...(uses.taskGroups ? (["TaskGroup"] as const) : [])];
  const oldImports: [string, string[]][] = [];
  const oldBindings: string[] = [];
  for (const name of names) {
    const module = older.imports[name];
    const aliased = ALIASED[name];
    if (!aliased) {
      oldImports.push([module, [name]]);
      continue;
    }
    const bound = boundThroughModule(module, name, aliased.alias, aliased.rule);
    oldImports.push(bound.import);
    oldBindings.push(bound.binding);
  }
  const t = uses.timetable;
  return {
    airflow3: {
      imports: names.map((n) => [newer.imports[n], [n]] as const),
      ...(t && { since32: [{ name: t, module: newer.imports.timetables[t], olderModule: older.imports.timetables[t] }] }),
    },
    airflow2: { imports: [...oldImports, ...(t ? [[older.imports.timetables[t], [t]] as const] : [])], bindings: oldBindings },
  };
}

/**
 * A 2.11 name imported through its module and bound by assignment (`from a.b import c as alias`, then
 * `Name = alias.Name  # noqa`): ruff's Airflow rules flag the direct import as an Airflow 3 migration problem, which
 * it is not in the 2.11 branch. `rule` is the one the assignment waives.
 */
export function boundThroughModule(module: string, name: string, alias: string, rule: string): { readonly import: [string, string[]]; readonly binding: string } {
  const dot = module.lastIndexOf(".");
  return {
    import: [module.slice(0, dot), [`${module.slice(dot + 1)} as ${alias}`]],
    binding: `${name} = ${alias}.${name}  # noqa: ${rule} (where 2.11 has it; Airflow 3 takes the import above)`,
  };
}

/** The line block from each line's parts (the authoring names' first). */
export function lineBlock(parts: { readonly airflow3: readonly BranchPart[]; readonly airflow2: readonly BranchPart[] }): LineBlock {
  return { newLine: AIRFLOW_LINES.airflow3.name, oldLine: AIRFLOW_LINES.airflow2.name, newBranch: branch(parts.airflow3), oldBranch: branch(parts.airflow2) };
}

/** One branch: its imports merged by module and sorted as ruff's isort sorts them, then 3.2's, bindings, definitions. */
function branch(parts: readonly BranchPart[]): string {
  const imports = new Map<string, Set<string>>();
  for (const [module, names] of parts.flatMap((p) => p.imports ?? [])) {
    imports.set(module, new Set([...(imports.get(module) ?? []), ...names]));
  }
  const since32 = parts.flatMap((p) => p.since32 ?? []);
  const sections = [
    [...imports].sort(([a], [b]) => (a < b ? -1 : 1)).map(([module, names]) => fromImport(INDENT, module, isortOrder([...names]))),
    since32.length === 0 ? [] : [
      `${INDENT}try:  # Airflow 3.2+`,
      ...importsByModule(since32.map((s) => [s.module, s.name])),
      `${INDENT}except ImportError:  # Airflow 3.0, 3.1`,
      ...importsByModule(since32.map((s) => [s.olderModule, s.name])),
    ],
    parts.flatMap((p) => p.bindings ?? []).map((line) => `${INDENT}${line}`),
    parts.flatMap((p) => p.definitions ?? []).map((line) => (line === "" ? "" : `${INDENT}${line}`)),
  ];
  return sections.filter((lines) => lines.length > 0).map((lines) => lines.join("\n")).join("\n\n");
}

/** Nested in the Airflow 3 branch: one `from module import ...` per module, sorted. */
function importsByModule(names: readonly (readonly [module: string, name: string])[]): string[] {
  const modules = [...new Set(names.map(([module]) => module))].sort();
  return modules.map((module) => fromImport(INDENT.repeat(2), module, isortOrder(names.filter(([m]) => m === module).map(([, name]) => name))));
}

/** Names in one `from m import ...` as ruff's isort orders them: constants (DAG) first, then classes, then the rest. */
function isortOrder(names: readonly string[]): string[] {
  const rank = (n: string) => (n === n.toUpperCase() ? 0 : /^[A-Z]/.test(n) ? 1 : 2);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
