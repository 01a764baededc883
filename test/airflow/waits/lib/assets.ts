import { asset } from "airflow-ts";

/** What waits_upstream loads and the asset waits wait for. */
export const lakeOrders = asset("s3://lake/orders/daily", { name: "lake.orders", group: "lake" });
