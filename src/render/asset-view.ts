import type { AssetConditionModel, AssetModel, Pipeline } from "../model/pipeline";
import { AIRFLOW_LINES, type AirflowLine, type TimetableName } from "../knowledge/airflow-lines";
import { boundThroughModule, type BranchPart } from "./line-block";
import { formatPy, pyCall, pyIdentifier, pyList, pyStr, pyValue, type PyExpr } from "../python/python-literals";

/**
 * The DAG file's assets, in the branches of the line block (render/line-block.ts): the asset classes' imports,
 * and every asset defined once, as a module-level constant the tasks' `outlets` and the schedule share. The two
 * branches differ because the classes do: Airflow 3's `Asset(name, uri, group=, extra=)`, 2.11's `Dataset(uri,
 * extra=)` (knowledge/airflow-lines.ts).
 */
export interface AssetRendering {
  /** Each line's part of the line block; none without assets. */
  readonly parts: Readonly<Record<AirflowLine, readonly BranchPart[]>>;
  /** The Python name of each asset, by URI. */
  readonly variables: ReadonlyMap<string, string>;
  /** The DAG's `schedule=` for an asset schedule. */
  readonly schedule?: string;
  /** The timetable an asset-or-time schedule wraps, which the authoring names' part imports. */
  readonly timetable?: TimetableName;
}

const INDENT = "    ";

/** Names the block binds besides the assets; reserved so no task shadows them. */
export const ASSET_NAMES: readonly string[] = ["Asset", "AssetAll", "AssetAny", "AssetOrTimeSchedule", "PartitionedAssetTimetable", "Dataset", "DatasetAll", "DatasetAny", "DatasetOrTimeSchedule", "airflow2_datasets"];

/** `taken` holds the names already used in the file; the assets' names are added to it. */
export function assetRendering(pipeline: Pipeline, taken: Set<string>, cronTimetable: (expression: string, dataInterval: boolean) => { expression: string; timetable: TimetableName }): AssetRendering {
  if (pipeline.assets.length === 0) return { parts: { airflow3: [], airflow2: [] }, variables: new Map() };
  const variables = new Map(pipeline.assets.map((a) => {
    const variable = pyIdentifier(variableHint(a), taken);
    taken.add(variable);
    return [a.uri, variable];
  }));
  const schedule = pipeline.schedule.kind === "assets" ? pipeline.schedule : undefined;
  const scheduleVariable = schedule ? pyIdentifier("asset_schedule", taken) : undefined;
  if (scheduleVariable) taken.add(scheduleVariable);
  const timetable = schedule?.orCron ? cronTimetable(schedule.orCron.expression, schedule.orCron.dataInterval) : undefined;

  const part = (line: AirflowLine): BranchPart => {
    const { module, classes, namesAndGroups, orTime, partitioned } = AIRFLOW_LINES[line].assets;
    const imports: [string, string[]][] = [[module, [classes.asset]]];
    const since32: { name: string; module: string; olderModule: string }[] = [];
    const bindings: string[] = [];
    const condition = (c: AssetConditionModel): PyExpr => {
      if (c.kind === "asset") return variables.get(c.uri)!;
      const cls = c.kind === "all" ? classes.all : classes.any;
      imports.push([module, [cls]]);
      return pyCall(cls, {}, c.of.map(condition));
    };
    const definitions = pipeline.assets.map((a) => `${variables.get(a.uri)} = ${formatPy(assetCall(a, classes.asset, namesAndGroups), INDENT, variables.get(a.uri)!.length + 3)}`);
    if (schedule) {
      let value = condition(schedule.condition);
      if (schedule.orCron && timetable) {
        value = pyCall(orTime.name, { timetable: timetable.expression, [orTime.conditionKeyword]: value });
        if (orTime.olderModule !== undefined) since32.push({ name: orTime.name, module: orTime.module, olderModule: orTime.olderModule });
        else if (orTime.module === module) imports.push([module, [orTime.name]]);
        else {
          const bound = boundThroughModule(orTime.module, orTime.name, `airflow2_${orTime.module.split(".").pop()}`, "AIR311");
          imports.push(bound.import);
          bindings.push(bound.binding);
        }
      } else if (schedule.partitioned && partitioned) {
        // Only lines with partitions get here: checkAssets refuses a partitioned schedule on the others.
        value = pyCall(partitioned.name, { assets: value });
        imports.push([partitioned.module, [partitioned.name]]);
      }
      definitions.push(`${scheduleVariable} = ${formatPy(value, INDENT, scheduleVariable!.length + 3)}`);
    }
    const note = line === "airflow2" ? [`# ${AIRFLOW_LINES.airflow2.assets.noun}s: a URI and extra, no name or group`] : [];
    return { imports, since32, bindings, definitions: [...note, ...definitions] };
  };
  return {
    parts: { airflow3: [part("airflow3")], airflow2: [part("airflow2")] },
    variables,
    ...(scheduleVariable && { schedule: scheduleVariable }),
    ...(timetable && { timetable: timetable.timetable }),
  };
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

/** A task's `outlets=[...]` (or `inlets=[...]`: the same list of the file's asset constants), or none. */
export function outletsOf(produces: readonly AssetModel[] | undefined, variables: ReadonlyMap<string, string>): PyExpr | undefined {
  return produces && produces.length > 0 ? pyList(produces.map((a) => variables.get(a.uri)!)) : undefined;
}

