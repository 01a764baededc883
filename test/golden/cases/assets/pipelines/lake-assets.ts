import { asset } from "airflow-ts";

/** The lake's tables, declared once: producers and consumers import the same constants. */
export const orders = asset("s3://lake/sales/orders", { name: "sales_orders", group: "sales", extra: { format: "parquet", owner: "sales" } });
export const customersEu = asset("s3://lake/crm/customers/eu");
export const customersUs = asset("s3://lake/crm/customers/us", { name: "customers_us" });
export const fx = asset("postgres://warehouse/public/fx_rates", { name: "fx_rates" });
