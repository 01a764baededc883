import type { AssetConditionModel, AssetModel, Pipeline } from "../model/pipeline";
import { AIRFLOW_LINES, type AirflowLine, type TimetableName } from "../knowledge/airflow-lines";
import { formatPy, pyCall, pyIdentifier, pyList, pyStr, pyValue, type PyExpr } from "../python/python-literals";

/**
 * The DAG file's assets: one try/except block that imports the asset classes and defines every asset once, as a
 * module-level constant the tasks' `outlets` and the schedule share. The two branches differ because the classes
 * do: Airflow 3's `Asset(name, uri, group=, extra=)`, 2.11's `Dataset(uri, extra=)` (knowledge/airflow-lines.ts).
 */
export interface AssetBlockView {
  readonly newLine: string;
  readonly oldLine: string;
  /** The Airflow 3 branch's body, indented. */
  readonly newBody: string;
  /** The 2.11 branch's body, indented. */
  readonly oldBody: string;
}

export interface AssetRendering {
  readonly block: AssetBlockView | false;
  /** The Python name of each asset, by URI. */
  readonly variables: ReadonlyMap<string, string>;
  /** The DAG's `schedule=` for an asset schedule. */
  readonly schedule?: string;
  /** The timetable an asset-or-time schedule wraps, which the file imports apart (its own try/except). */
  readonly timetable?: TimetableName;
}

const INDENT = "    ";

/** Names the block binds besides the assets; reserved so no task shadows them. */
export const ASSET_NAMES: readonly string[] = ["Asset", "AssetAll", "AssetAny", "AssetOrTimeSchedule", "PartitionedAssetTimetable", "Dataset", "DatasetAll", "DatasetAny", "DatasetOrTimeSchedule", "airflow2_datasets"];

/** `taken` holds the names already used in the file; the assets' names are added to it. */
export function assetRendering(pipeline: Pipeline, taken: Set<string>, cronTimetable: (expression: string, dataInterval: boolean) => { expression: string; timetable: TimetableName }): AssetRendering {
  if (pipeline.assets.length === 0) return { block: false, variables: new Map() };
  const variables = new Map(pipeline.assets.map((a) => {
    const variable = pyIdentifier(variableHint(a), taken);
    taken.add(variable);
    return [a.uri, variable];
  }));
  const schedule = pipeline.schedule.kind === "assets" ? pipeline.schedule : undefined;
  const scheduleVariable = schedule ? pyIdentifier("asset_schedule", taken) : undefined;
  if (scheduleVariable) taken.add(scheduleVariable);
  const timetable = schedule?.orCron ? cronTimetable(schedule.orCron.expression, schedule.orCron.dataInterval) : undefined;

  const body = (line: AirflowLine): string => {
    const { module, classes, namesAndGroups, orTime, partitioned } = AIRFLOW_LINES[line].assets;
    const used = new Set<string>([classes.asset]);
    const condition = (c: AssetConditionModel): PyExpr => {
      if (c.kind === "asset") return variables.get(c.uri)!;
      const cls = c.kind === "all" ? classes.all : classes.any;
      used.add(cls);
      return pyCall(cls, {}, c.of.map(condition));
    };
    const definitions = pipeline.assets.map((a) => `${variables.get(a.uri)} = ${formatPy(assetCall(a, classes.asset, namesAndGroups), INDENT, variables.get(a.uri)!.length + 3)}`);
    const imports = [`from ${module} import ${"{names}"}`];
    if (schedule) {
      let value = condition(schedule.condition);
      if (schedule.orCron && timetable) {
        value = pyCall(orTime.name, { timetable: timetable.expression, [orTime.conditionKeyword]: value });
        if (orTime.module === module) used.add(orTime.name);
        else imports.push(...boundThroughModule(orTime.module, orTime.name));
      } else if (schedule.partitioned && partitioned) {
        // Only lines with partitions get here: checkAssets refuses a partitioned schedule on the others.
        value = pyCall(partitioned.name, { assets: value });
        if (partitioned.module === module) used.add(partitioned.name);
        else imports.push(`from ${partitioned.module} import ${partitioned.name}`);
      }
      definitions.push(`${scheduleVariable} = ${formatPy(value, INDENT, scheduleVariable!.length + 3)}`);
    }
    imports[0] = imports[0]!.replace("{names}", [...used].sort().join(", "));
    return [...imports, "", ...definitions].map((l) => (l === "" ? "" : `${INDENT}${l}`)).join("\n");
  };
  return {
    block: { newLine: AIRFLOW_LINES.airflow3.name, oldLine: `${AIRFLOW_LINES.airflow2.name}: ${AIRFLOW_LINES.airflow2.assets.noun}s, a URI and extra, no name or group`, newBody: body("airflow3"), oldBody: body("airflow2") },
    variables,
    ...(scheduleVariable && { schedule: scheduleVariable }),
    ...(timetable && { timetable: timetable.timetable }),
  };
}

/**
 * `from a.b import c as alias` and `Name = alias.Name`: ruff's Airflow rules flag 2.11's asset-or-time class as an
 * Airflow 3 migration problem, which it is not in the 2.11 branch (as render/authoring-imports.ts does for Param).
 */
function boundThroughModule(module: string, name: string): string[] {
  const dot = module.lastIndexOf(".");
  const alias = `airflow2_${module.slice(dot + 1)}`;
  return [`from ${module.slice(0, dot)} import ${module.slice(dot + 1)} as ${alias}`, "", `${name} = ${alias}.${name}  # noqa: AIR311 (2.11's class; Airflow 3 takes the import above)`];
}

/** Its name, or for an asset named by its URI alone, the URI's last two path segments: `customers_eu`. */
function variableHint(a: AssetModel): string {
  if (a.name !== a.writtenUri) return a.name.toLowerCase();
  const segments = a.uri.replace(/^[A-Za-z][A-Za-z0-9+.-]*:(\/\/[^/]*)?/, "").split(/[/?#]/).filter((s) => s !== "");
  return (segments.slice(-2).join("_") || "asset").toLowerCase();
}

function assetCall(a: AssetModel, cls: string, namesAndGroups: boolean): PyExpr {
  return pyCall(cls, {
    name: namesAndGroups ? pyStr(a.name) : undefined,
    uri: pyStr(a.writtenUri),
    group: namesAndGroups && a.group !== undefined ? pyStr(a.group) : undefined,
    extra: a.extra === undefined ? undefined : pyValue(a.extra),
  });
}

/** A task's `outlets=[...]`, or none. */
export function outletsOf(produces: readonly AssetModel[] | undefined, variables: ReadonlyMap<string, string>): PyExpr | undefined {
  return produces && produces.length > 0 ? pyList(produces.map((a) => variables.get(a.uri)!)) : undefined;
}

