/**
 * Alerts: who hears about a run or a task, through Airflow's notifiers (Slack webhook, SMTP e-mail, HTTP webhook),
 * and deadlines a run must meet. docs/alerts.md has what each one means on each Airflow line.
 */
import type { JsonValue } from "./asset";
import type { Duration } from "./duration";

// A webhook body or Slack block is a JSON value (the one type assets' `extra` uses); its strings are Jinja templates,
// rendered by the notifier.
export type { JsonValue };

/** A message to Slack through an incoming webhook (`SlackWebhookNotifier`, provider apache-airflow-providers-slack). */
export interface SlackNotifier {
  readonly kind: "slack";
  /** The Airflow connection of type `slackwebhook` holding the webhook URL. @example "slack_alerts" */
  readonly connection: string;
  /** The message; a Jinja template rendered with the task's context. @example "{{ dag.dag_id }} failed: {{ ti.task_id }}" */
  readonly text: string;
  /** Slack Block Kit blocks, sent with `text` (which is then the notification's fallback). @default none */
  readonly blocks?: readonly { readonly [key: string]: JsonValue }[];
}

/** An e-mail through an SMTP server (`SmtpNotifier`, provider apache-airflow-providers-smtp). */
export interface EmailNotifier {
  readonly kind: "email";
  /** The Airflow connection of type `smtp`. @example "smtp_default" */
  readonly connection: string;
  /** Recipients. @example ["oncall@acme.example"] */
  readonly to: readonly string[];
  /** Sender. @default the connection's `from_email` extra @example "airflow@acme.example" */
  readonly from?: string;
  /** Subject line; a Jinja template. @example "{{ dag.dag_id }} failed" */
  readonly subject: string;
  /** HTML body; a Jinja template. @example "<p>{{ ti.task_id }} failed: {{ exception }}</p>" */
  readonly body: string;
}

/** A request to any HTTP endpoint (`HttpNotifier`, provider apache-airflow-providers-http). */
export interface WebhookNotifier {
  readonly kind: "webhook";
  /** The Airflow connection of type `http` holding the base URL (and credentials). @example "alerts_http" */
  readonly connection: string;
  /** Path appended to the connection's URL. @default the connection's URL itself @example "/hooks/airflow" */
  readonly endpoint?: string;
  /** @default "POST" */
  readonly method?: "POST" | "PUT";
  /** JSON body; its strings are Jinja templates. @example { dag: "{{ dag.dag_id }}", state: "failed" } */
  readonly json?: { readonly [key: string]: JsonValue };
  /** Extra request headers. @example { "X-Team": "data" } */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One notification: made by {@link slack}, {@link email} or {@link webhook}. */
export type Notifier = SlackNotifier | EmailNotifier | WebhookNotifier;

/** One notifier or several. */
export type Notifiers = Notifier | readonly Notifier[];

/**
 * Notify Slack through an incoming-webhook connection.
 * @example slack({ connection: "slack_alerts", text: "{{ dag.dag_id }}: {{ ti.task_id }} failed" })
 */
export function slack(options: Omit<SlackNotifier, "kind">): SlackNotifier {
  return { kind: "slack", ...options };
}

/**
 * Send an e-mail through an SMTP connection.
 * @example email({ connection: "smtp_default", to: ["oncall@acme.example"], subject: "{{ dag.dag_id }} failed", body: "See {{ ti.log_url }}" })
 */
export function email(options: Omit<EmailNotifier, "kind">): EmailNotifier {
  return { kind: "email", ...options };
}

/**
 * Call an HTTP endpoint through an HTTP connection.
 * @example webhook({ connection: "alerts_http", endpoint: "/airflow", json: { dag: "{{ dag.dag_id }}", run: "{{ run_id }}" } })
 */
export function webhook(options: Omit<WebhookNotifier, "kind">): WebhookNotifier {
  return { kind: "webhook", ...options };
}

/** A pipeline's run-level notifications (the DAG's callbacks). */
export interface PipelineNotify {
  /** When a run fails (DAG `on_failure_callback`). @example slack({ connection: "slack_alerts", text: "..." }) */
  readonly failure?: Notifiers;
  /** When a run succeeds (DAG `on_success_callback`). */
  readonly success?: Notifiers;
}

/** A task's notifications (the operator's callbacks); in a pipeline's `defaults`, every task's. */
export interface TaskNotify {
  /** When the task fails for good, after its retries (`on_failure_callback`). */
  readonly failure?: Notifiers;
  /** When a try fails and the task will be retried (`on_retry_callback`). */
  readonly retry?: Notifiers;
  /** When the task succeeds (`on_success_callback`). */
  readonly success?: Notifiers;
}

/**
 * A time a run must be done by (Airflow 3.1+ `DeadlineAlert`): `after` the run was queued, or after its logical
 * date. When a run is still going then, the notifiers are called. Not on Airflow 2.11 (a compile error there).
 * @example { from: "queued", after: "2h", notify: slack({ connection: "slack_alerts", text: "{{ dag_run.dag_id }} is late" }) }
 */
export interface Deadline {
  /** `"queued"`: from when the run was queued (`DAGRUN_QUEUED_AT`); `"logicalDate"`: from its logical date. */
  readonly from: "queued" | "logicalDate";
  /** How long after `from` the run must be done. @example "2h" */
  readonly after: Duration;
  /** Who hears about a missed deadline. */
  readonly notify: Notifiers;
}
