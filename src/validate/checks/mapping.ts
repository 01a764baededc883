import type { PipelineInput, TaskInput } from "../../tasks";
import { hasItemPlaceholder } from "../../dsl/mapping";
import { visitStrings } from "../../diagnostics/field-strings";
import type { Issue } from "../../diagnostics/issue";
import { hasJinja } from "../../knowledge/jinja/index";

/** The mapped item used only in `args` (the one field Airflow expands per instance), and no result on a mapped task. */
export function checkItemUse(task: TaskInput): Issue[] {
  const issues: Issue[] = [];
  visitStrings({ ...task.options, result: undefined }, (value, path) => {
    const inArgs = path[0] === "args" && path.length === 2;
    if (hasItemPlaceholder(value) && (!task.mapping || !inArgs)) {
      issues.push({ code: "item-outside-args", field: [...path], message: `the mapped item is used in ${path.join(".")}`, hint: "a mapped task gets its item through args only (Airflow expands one field per instance): pass it as an argument" });
    }
  });
  if (task.mapping?.over.kind === "result") {
    ("args" in task.options ? (task.options.args ?? []) : []).forEach((arg, i) => {
      if (typeof arg === "string" && hasJinja(arg)) {
        issues.push({ code: "template-in-mapped-args", field: ["args", i], message: "Airflow does not render templates in the args of a task mapped over an upstream result", hint: "the args come from XCom at run time and are passed as they are: give the pod templated values through env instead, e.g. env: { DS: ctx.ds }" });
      }
    });
  }
  if (task.mapping && "result" in task.options && task.options.result !== undefined) {
    issues.push({ code: "mapped-result", field: ["result"], message: "a mapped task cannot declare a result", hint: "its instances' results would arrive as one list per map index: write the combined result from a downstream task" });
  }
  return issues;
}

/**
 * A mapped task's `{ over, maxParallel }`: a list Airflow can expand (not empty; text, numbers, or flat objects
 * of them) or a list result of this pipeline's task, and a positive cap on parallel instances.
 */
export function checkMapping(input: PipelineInput, task: TaskInput): Issue[] {
  const issues: Issue[] = [];
  const mapping = task.mapping;
  if (!mapping) return issues;
  if (mapping.maxParallel !== undefined && (!Number.isInteger(mapping.maxParallel) || mapping.maxParallel < 1)) {
    issues.push({ code: "invalid-max-parallel", field: ["maxParallel"], message: `maxParallel ${mapping.maxParallel} is not a positive whole number`, hint: "the number of instances running at once in a run, e.g. 4" });
  }
  const over = mapping.over;
  if (over.kind === "static") {
    if (over.items.length === 0) issues.push({ code: "empty-mapping", field: ["over"], message: "the task is mapped over an empty list", hint: "Airflow would skip it on every run: list at least one item" });
    over.items.forEach((item, i) => {
      if (!isMapItem(item)) issues.push({ code: "invalid-map-item", field: ["over", i], message: `item ${i} (${JSON.stringify(item)}) is not text, a number or an object of them`, hint: "items become pod arguments: use strings, numbers, or flat objects of them" });
    });
    return issues;
  }
  const producer = input.tasks.find((t) => t.id === over.task.id);
  if (over.task.foreign || !producer) {
    issues.push({ code: "foreign-task", field: ["over"], message: `the task is mapped over the result of "${over.task.id}", a task of another pipeline`, hint: "map over the result of a task of this pipeline" });
  }
  return issues;
}

function isMapItem(item: unknown): boolean {
  const scalar = (v: unknown) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
  if (scalar(item)) return true;
  return typeof item === "object" && item !== null && !Array.isArray(item) && Object.values(item).every(scalar);
}
