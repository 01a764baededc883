import { asset } from "airflow-ts";

/**
 * The warehouse tables pipelines hand to each other, declared once: the nightly ETL produces them, the daily report
 * runs when they change. An Airflow 3 asset (a 2.11 dataset) each.
 */
export const dailySales = asset("postgres://warehouse/analytics/daily_sales", {
  name: "analytics.daily_sales",
  group: "warehouse",
  extra: { owner: "data-platform", grain: "day x product x region" },
});
