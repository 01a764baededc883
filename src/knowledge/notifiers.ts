/**
 * Airflow's notifiers, one per kind of alert: the class a DAG file imports, the provider package that ships it and
 * the connection type its connection must have. The same on Airflow 3.3 and 2.11 (providers slack 9.11.1, smtp
 * 3.2.0, http 6.3.0 in test/airflow/*.lock; test/airflow/alerts.test.ts reads them back from both venvs).
 */
export type NotifierKind = "slack" | "email" | "webhook";

export interface NotifierClass {
  /** The Python class, and the module it is imported from. */
  readonly className: string;
  readonly module: string;
  /** The pip package that ships it (manifest.json `uses.providers`, the image the deploy needs). */
  readonly provider: string;
  /** The connection type (`conn_type`) the notifier's hook reads. */
  readonly connectionType: string;
  /** The constructor's keyword naming the connection. */
  readonly connectionArg: string;
}

export const NOTIFIER_CLASSES: Readonly<Record<NotifierKind, NotifierClass>> = {
  slack: {
    className: "SlackWebhookNotifier",
    module: "airflow.providers.slack.notifications.slack_webhook",
    provider: "apache-airflow-providers-slack",
    connectionType: "slackwebhook",
    connectionArg: "slack_webhook_conn_id",
  },
  email: {
    className: "SmtpNotifier",
    module: "airflow.providers.smtp.notifications.smtp",
    provider: "apache-airflow-providers-smtp",
    connectionType: "smtp",
    connectionArg: "smtp_conn_id",
  },
  webhook: {
    className: "HttpNotifier",
    module: "airflow.providers.http.notifications.http",
    provider: "apache-airflow-providers-http",
    connectionType: "http",
    connectionArg: "http_conn_id",
  },
};

/**
 * Connection ids Airflow accepts (`sanitize_conn_id` in airflow/models/connection.py, the same on both lines:
 * `^[\w#!()\-.:/\\]{1,}$`, at most 250 characters). The problem, or undefined.
 */
export function checkConnectionId(id: string): string | undefined {
  if (id.length === 0 || id.length > 250) return `connection id ${JSON.stringify(id)} must be 1 to 250 characters`;
  if (!/^[\p{L}\p{N}_#!()\-.:/\\]+$/u.test(id)) return `connection id ${JSON.stringify(id)} holds characters Airflow refuses`;
  return undefined;
}
