import { configMap, cron, ctx, pipeline, secret, volume } from "airflow-ts";

/**
 * The nightly sales ETL with its transform as a Spark job: extract and load stay pods, the transform is a
 * SparkApplication (Kubeflow Spark operator) that reads and writes the same shared claim.
 */
// The claim nightly_sales_etl creates (same name, same namespace): its data, shared by both pipelines.
const raw = volume.claim("etl-raw");
const warehouse = secret("warehouse-db");
const shopDb = secret("shop-db");
const settings = configMap("etl-config");

export default pipeline(
  {
    id: "nightly_sales_etl_spark",
    description: "Orders from the shop database, cleaned and aggregated by Spark, loaded into the warehouse",
    owner: "data-platform",
    tags: ["sales", "etl", "spark"],
    schedule: cron("30 2 * * *", { dataInterval: true }),
    start: "2026-01-01",
    catchup: false,
    maxActiveRuns: 1,
    defaults: { retries: 2, retryDelay: "5m", namespace: "data", serviceAccount: "etl-runner", imagePullSecrets: ["ghcr-pull"] },
  },
  (p) => {
    const extract = p.pod("extract", {
      image: "ghcr.io/acme/extract:1.4.2",
      args: ["--date", ctx.ds, "--out", "/data/raw/{{ ds }}"],
      env: { SOURCE_URL: settings.key("source_url"), DB_USER: shopDb.key("username"), DB_PASSWORD: shopDb.key("password") },
      mounts: [raw.at("/data")],
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
    });

    const transform = p.spark("transform", {
      type: "Python",
      image: "ghcr.io/acme/sales-spark:3.5.5-2",
      mainApplicationFile: "local:///opt/app/sales/transform.py",
      sparkVersion: "3.5.5",
      arguments: ["--in", "/data/raw/{{ ds }}", "--out", "/data/clean/{{ ds }}", "--format=parquet"],
      // The Spark operator chart's account for drivers: allowed to create executor pods in "data".
      serviceAccount: "spark-operator-spark",
      driver: { cores: 1, memory: "2g", labels: { role: "driver" } },
      executor: { cores: 2, memory: "4g", memoryOverhead: "1g" },
      dynamicAllocation: { minExecutors: 1, maxExecutors: 8, initialExecutors: 2 },
      env: { LOG_LEVEL: "info" },
      envFrom: [settings.all({ prefix: "ETL_" })],
      mounts: [raw.at("/data")],
      sparkConf: { "spark.sql.shuffle.partitions": "64", "spark.sql.sources.partitionOverwriteMode": "dynamic" },
      deps: { pyFiles: ["local:///opt/app/sales/lib.zip"] },
      timeToLive: "1d",
      executionTimeout: "2h",
      pool: "spark",
      doc: "Cleans the raw orders and aggregates them per day, product and region, on Spark.",
    }).after(extract);

    p.pod("load", {
      image: "ghcr.io/acme/load:3.2.0",
      args: ["--from", "/data/clean/{{ ds }}", "--table", "analytics.daily_sales", "--partition", "{{ ds }}"],
      env: { WAREHOUSE_HOST: settings.key("warehouse_host"), WAREHOUSE_PASSWORD: warehouse.key("password") },
      mounts: [raw.at("/data", { readOnly: true })],
      pool: "warehouse",
    }).after(transform);
  },
);
