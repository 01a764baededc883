import { configMap, cron, pipeline, secret, slack, volume } from "airflow-ts";
import { dailySales } from "./lib/warehouse-assets";

/** Scratch space shared by the three steps of one run: extract writes, transform reads and writes, load reads. */
const raw = volume.claim("etl-raw", { create: { size: "50Gi", accessModes: ["ReadWriteOnce"] } });
const warehouse = secret("warehouse-db");
const shopDb = secret("shop-db");
const settings = configMap("etl-config");
/** The data team's alerts channel (an incoming-webhook connection the deploy creates: manifest.json lists it). */
const salesAlerts = (text: string) => slack({ connection: "slack_sales_alerts", text });

export default pipeline(
  {
    id: "nightly_sales_etl",
    description: "Orders from the shop database, cleaned and aggregated, loaded into the warehouse",
    docs: "## Nightly sales ETL\n\nRe-run a day from the grid: every step is idempotent for its `{{ ds }}`.",
    owner: "data-platform",
    tags: ["sales", "etl"],
    // 02:00 each night processes the day that just ended: with data intervals, ds is yesterday.
    schedule: cron("0 2 * * *", { dataInterval: true }),
    start: "2026-01-01",
    catchup: true,
    maxActiveRuns: 1,
    runTimeout: "6h",
    // No `deadline` here: the examples' DAG files are also loaded on Airflow 2.11 by test/airflow/airflow.test.ts,
    // which has no deadline alerts (docs/alerts.md). runTimeout fails a stuck run, and the run's failure alert says so.
    notify: { failure: salesAlerts(":red_circle: {{ dag.dag_id }} run {{ run_id }} failed: the warehouse is not loaded for {{ ds }}") },
    defaults: {
      // Every step tells the channel when it has failed for good (after its retries).
      notify: { failure: salesAlerts(":red_circle: {{ dag.dag_id }}.{{ ti.task_id }} failed for {{ ds }} (try {{ ti.try_number }}): {{ exception }}") },
      retries: 3,
      retryDelay: "5m",
      retryExponentialBackoff: true,
      maxRetryDelay: "1h",
      namespace: "data",
      serviceAccount: "etl-runner",
      labels: { team: "sales", pipeline: "nightly-sales-etl" },
      imagePullSecrets: ["ghcr-pull"],
      podCleanup: "delete_succeeded_pod",
    },
  },
  (p) => {
    const extract = p.pod("extract", {
      image: "ghcr.io/acme/extract:1.4.2",
      args: ["--date", "{{ ds }}", "--out", "/data/raw/{{ ds }}"],
      env: {
        SOURCE_URL: settings.key("source_url"),
        DB_USER: shopDb.key("username"),
        DB_PASSWORD: shopDb.key("password"),
      },
      mounts: [raw.at("/data")],
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
      executionTimeout: "1h",
      doc: "Pulls the day's orders from the shop database into `/data/raw/<ds>`.",
    });

    const transform = p.pod("transform", {
      image: "ghcr.io/acme/transform:2.0.1",
      command: ["python", "-m", "sales.transform"],
      args: ["--in", "/data/raw/{{ ds }}", "--out", "/data/clean/{{ ds }}", "--aggregate", "daily"],
      env: { LOG_LEVEL: "info" },
      envFrom: [settings.all({ prefix: "ETL_" })],
      mounts: [raw.at("/data")],
      resources: {
        requests: { cpu: "2", memory: "4Gi", ephemeralStorage: "10Gi" },
        limits: { cpu: "4", memory: "8Gi", ephemeralStorage: "20Gi" },
      },
      executionTimeout: "2h",
      doc: "Cleans the raw orders and aggregates them per day, product and region.",
    }).after(extract);

    p.pod("load", {
      image: "ghcr.io/acme/load:3.2.0",
      args: ["--from", "/data/clean/{{ ds }}", "--table", "analytics.daily_sales", "--partition", "{{ ds }}"],
      env: {
        WAREHOUSE_HOST: settings.key("warehouse_host"),
        WAREHOUSE_PASSWORD: warehouse.key("password"),
      },
      mounts: [raw.at("/data", { readOnly: true })],
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
      pool: "warehouse",
      executionTimeout: "30m",
      doc: "Loads the day's aggregates into the warehouse, replacing the day's partition.",
      // Its success updates the asset: the daily report (daily-report.pipeline.ts) runs on it.
      produces: [dailySales],
    }).after(transform);
  },
);
