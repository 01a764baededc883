import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputFile } from "./output-file";
import { TEMPLATE_DIR } from "./templates";

const PLUGIN_SOURCE = path.join(TEMPLATE_DIR, "plugins", "airflow_ts_plugin.py");

/**
 * The Airflow plugin, copied as it is: everything project-specific (links, pipelines) is data it reads from
 * manifest.json at run time, so no user string is ever pasted into its code.
 */
export function pluginFile(): OutputFile {
  return {
    path: "plugins/airflow_ts_plugin.py",
    source: "airflow-ts (dag-templates/plugins/airflow_ts_plugin.py)",
    note: "Upgrade airflow-ts and run `npx airflow-ts compile` to update it.",
    body: fs.readFileSync(PLUGIN_SOURCE, "utf8"),
  };
}
