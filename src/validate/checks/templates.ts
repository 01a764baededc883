import type { PipelineInput } from "../../tasks";
import type { FieldPath } from "../../diagnostics/source-location";
import { closest, type Issue } from "../../diagnostics/issue";
import { AIRFLOW_LINES, lineName, type AirflowLine } from "../../knowledge/airflow-lines";
import { analyzeTemplate, hasJinja, type TemplateAnalysis } from "../../knowledge/jinja/index";

/** What a template check needs to know about its pipeline. */
export interface TemplateScope {
  /** The Airflow lines the DAGs must work on: the deployment's, or both when there is none. */
  readonly lines: readonly AirflowLine[];
  readonly params: ReadonlySet<string>;
  /** Task ids of the pipeline, and those whose `result` is declared (the ones with an XCom to pull). */
  readonly taskIds: readonly string[];
  readonly producers: ReadonlySet<string>;
}

export function templateScope(input: PipelineInput, lines: readonly AirflowLine[]): TemplateScope {
  return {
    lines,
    params: new Set(Object.keys(input.options.params?.shape ?? {})),
    taskIds: input.tasks.map((t) => t.id),
    producers: new Set(input.tasks.filter((t) => "result" in t.options && t.options.result !== undefined).map((t) => t.id)),
  };
}

/**
 * Every templated string parsed as Jinja: syntax errors, context variables the targeted Airflow lines do not
 * have (`execution_date` on Airflow 3), params the pipeline does not declare, and XCom pulls of tasks that do
 * not exist or push no result.
 */
export function checkTemplates(strings: readonly [FieldPath, string][], scope: TemplateScope): Issue[] {
  return strings.flatMap(([field, text]) => [
    ...(hasJinja(text) ? checkTemplate(field, text, analyzeTemplate(text), scope) : []),
    ...checkRenderedLineBreaks(field, text),
  ]);
}

/**
 * Airflow renders every string of a templated field, and Jinja turns `\r` into `\n` and drops a final newline
 * on the way. literal() escapes both; anything else would reach the pod changed.
 */
function checkRenderedLineBreaks(field: FieldPath, text: string): Issue[] {
  // Even inside a raw block: literal() writes a carriage return as the expression {{ '\r' }}.
  const carriageReturn = text.includes("\r");
  if (!carriageReturn && !text.endsWith("\n")) return [];
  return [{
    code: "altered-by-rendering",
    severity: "warning",
    field,
    message: `Airflow's Jinja rendering will change this value: it ${carriageReturn ? "turns \\r into \\n" : "drops the final newline"}`,
    hint: "wrap the value in literal(...) to pass it exactly as written",
  }];
}

function checkTemplate(field: FieldPath, text: string, analysis: TemplateAnalysis, scope: TemplateScope): Issue[] {
  const issues: Issue[] = analysis.errors.map((e) => ({
    code: "invalid-template",
    field,
    message: `template syntax error at ${JSON.stringify(excerpt(text, e.offset))}: ${e.message}`,
    hint: "fix the Jinja, or wrap text that only looks like a template in literal(...) so it reaches the pod as written",
  }));
  if (issues.length > 0) return issues;
  const reported = new Set<string>();
  for (const { name, only } of analysis.reads) {
    const has = (line: AirflowLine, n: string) => AIRFLOW_LINES[line].contextNames.includes(n) || AIRFLOW_LINES[line].templateGlobals.includes(n);
    // A read guarded by `is defined` runs only on the lines where the guard holds.
    const runsOn = only ? scope.lines.filter((line) => has(line, only.name) === only.defined) : scope.lines;
    const missing = runsOn.filter((line) => !has(line, name));
    if (missing.length === 0) continue;
    if (reported.has(name)) continue;
    reported.add(name);
    if (missing.length === 0) continue;
    issues.push({ code: "unknown-template-variable", field, message: `{{ ${name} }} is not in the template context of ${missing.map(lineName).join(" or ")}`, hint: variableHint(name, scope) });
  }
  for (const name of new Set(analysis.paramReads.map((r) => r.name))) {
    if (scope.params.has(name)) continue;
    const suggestion = closest(name, [...scope.params]);
    issues.push({ code: "unknown-param", field, message: `params.${name} is not a param of this pipeline`, hint: suggestion ? `did you mean params.${suggestion}? (or p.params.${suggestion}, which is checked by TypeScript)` : scope.params.size > 0 ? `declared params: ${[...scope.params].join(", ")}` : "declare it in the pipeline's params: z.object({...})" });
  }
  for (const pull of analysis.xcomPulls) {
    if (pull.taskIds === "dynamic") continue;
    for (const taskId of pull.taskIds) {
      if (!scope.taskIds.includes(taskId)) {
        const suggestion = closest(taskId, scope.taskIds);
        issues.push({ code: "unknown-xcom-task", field, message: `xcom_pull of task "${taskId}", which does not exist in this pipeline`, hint: suggestion ? `did you mean "${suggestion}"? Typed references (task.result.<field>) follow renames` : `tasks of this pipeline: ${scope.taskIds.join(", ")}` });
      } else if (!scope.producers.has(taskId)) {
        issues.push({ code: "xcom-without-result", field, message: `xcom_pull of task "${taskId}", which declares no result`, hint: `declare what it writes to /airflow/xcom/return.json: result: z.object({...}) on "${taskId}" (this also turns on the XCom sidecar)` });
      }
    }
  }
  return issues;
}

function variableHint(name: string, scope: TemplateScope): string {
  if (name in AIRFLOW_LINES.airflow3.removedContext) return `removed in Airflow 3: ${AIRFLOW_LINES.airflow3.removedContext[name]}`;
  // Only names every targeted line has.
  const known = AIRFLOW_LINES[scope.lines[0]!].contextNames.filter((n) => scope.lines.every((line) => AIRFLOW_LINES[line].contextNames.includes(n)));
  const suggestion = closest(name, known);
  if (suggestion) return `did you mean {{ ${suggestion} }}?`;
  return "use the typed helpers (ctx.ds, ctx.dataIntervalStart, p.params.<name>, task.result.<field>), or literal(...) for text that is not a template";
}

function excerpt(text: string, offset: number): string {
  const start = Math.max(0, offset - 12);
  return `${start > 0 ? "…" : ""}${text.slice(start, offset + 12)}${offset + 12 < text.length ? "…" : ""}`;
}
