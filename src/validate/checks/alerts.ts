import type { PipelineInput } from "../../tasks";
import { stringsWithPaths } from "../../diagnostics/field-strings";
import type { FieldPath } from "../../diagnostics/source-location";
import type { Issue } from "../../diagnostics/issue";
import { AIRFLOW_LINES, lineName, raiseVersionHint, versionLacks, type AirflowLine } from "../../knowledge/airflow-lines";
import { checkTemplates, type TemplateScope } from "./templates";
import type { TargetedIssue } from "./graph";

/**
 * Alerts' checks beyond their shapes (the schemas check connection ids and durations): every message a notifier
 * renders goes through the template checks of the targeted lines, and a deadline on a line without deadline alerts
 * is an error at the deadline.
 */
export function checkAlerts(input: PipelineInput, scope: TemplateScope, airflowVersion?: string): TargetedIssue[] {
  const issues: TargetedIssue[] = [];
  const onPipeline = (found: readonly Issue[]) => issues.push(...found.map((issue) => ({ ...issue, target: { kind: "pipeline" } as const, argument: 0 })));
  const { options } = input;
  onPipeline(checkTemplates(notifyStrings(options.notify, ["notify"]), scope));
  onPipeline(checkTemplates(notifyStrings(options.defaults?.notify, ["defaults", "notify"]), scope));
  const deadlines = options.deadline === undefined ? [] : Array.isArray(options.deadline) ? options.deadline.map((d, i) => [d, ["deadline", i]] as const) : [[options.deadline, ["deadline"]] as const];
  for (const [deadline, at] of deadlines) {
    onPipeline(checkTemplates(notifiersStrings((deadline as { notify?: unknown }).notify, [...at, "notify"]), scope));
    onPipeline(checkDeadlineLines(at, scope.lines));
    onPipeline(checkDeadlineVersion(at, airflowVersion));
  }
  input.tasks.forEach((task, index) => {
    const notify = (task.options as { notify?: unknown }).notify;
    // A mapped task's options are what its third argument returns.
    const found = checkTemplates(notifyStrings(notify, ["notify"]), scope);
    issues.push(...found.map((issue) => ({ ...issue, target: { kind: "task", index } as const, argument: task.mapping ? 2 : 1 })));
  });
  return issues;
}

function checkDeadlineLines(at: FieldPath, lines: readonly AirflowLine[]): Issue[] {
  return lines.flatMap((line): Issue[] => {
    const support = AIRFLOW_LINES[line].deadlineAlerts;
    if ("module" in support) return [];
    return [{ code: "deadline-unsupported", field: at, message: `a deadline cannot be compiled for ${lineName(line)}: ${support.missing}`, hint: support.hint }];
  });
}

/** A deployment on a version of Airflow 3 before deadline alerts (3.0): refused, naming the version that has them. */
function checkDeadlineVersion(at: FieldPath, airflowVersion: string | undefined): Issue[] {
  const lacking = versionLacks(airflowVersion, "deadlineAlerts");
  if (!lacking) return [];
  return [{ code: "deadline-unsupported", field: at, message: `a deadline cannot be compiled for Airflow ${lacking.version}: ${lacking.what} came in Airflow ${lacking.since}`, hint: raiseVersionHint(lacking, "alert on the run's failure with runTimeout and notify.failure instead") }];
}

/** The strings a notify object's notifiers render, with their paths as written (one notifier or a list). */
function notifyStrings(notify: unknown, at: FieldPath): [FieldPath, string][] {
  if (typeof notify !== "object" || notify === null) return [];
  return Object.entries(notify).flatMap(([event, notifiers]) => notifiersStrings(notifiers, [...at, event]));
}

function notifiersStrings(notifiers: unknown, at: FieldPath): [FieldPath, string][] {
  if (Array.isArray(notifiers)) return notifiers.flatMap((n, i) => notifierStrings(n, [...at, i]));
  return notifierStrings(notifiers, at);
}

/**
 * What a notifier renders with Jinja: every field the notifier class lists in `template_fields` except the
 * connection id (checked to hold no template): Slack's text and blocks, e-mail's recipients, sender, subject and
 * body, the webhook's endpoint, JSON body and headers.
 */
function notifierStrings(notifier: unknown, at: FieldPath): [FieldPath, string][] {
  if (typeof notifier !== "object" || notifier === null) return [];
  return Object.entries(notifier).flatMap(([key, value]) => (key === "kind" || key === "connection" || key === "method" ? [] : stringsWithPaths(value, [...at, key])));
}

