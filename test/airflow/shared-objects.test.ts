import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { AIRFLOW_LINES, airflowPython, compileDagFolder } from "./airflow-env";

/**
 * The generated DAG file shares identical Kubernetes objects between tasks (src/render/shared-k8s-objects.ts).
 * KubernetesPodOperator extends its env list and renders templates inside those objects in place: each task's pod,
 * after every task built its pod and rendered its templates in one process, must be the pod it gets alone.
 */
const CONFIG = path.join(__dirname, "shared-objects", "airflow-ts.config.ts");

describe.each(AIRFLOW_LINES)("tasks sharing Kubernetes objects (%s)", (line) => {
  it("share the plain objects, not the templated ones nor their lists, and each builds its own pod", () => {
    const { dagFolder } = compileDagFolder([CONFIG]);
    const out = execFileSync(airflowPython(line), [path.join(__dirname, "shared_objects.py"), path.join(dagFolder, "shared_objects.py")], {
      encoding: "utf8",
      // No database: loading the file and building pods need none.
      env: { ...process.env, AIRFLOW_HOME: fs.mkdtempSync(path.join(os.tmpdir(), "airflow-home-shared-")) },
      maxBuffer: 1 << 24,
    });
    const result = JSON.parse(out.trim().split("\n").pop()!);
    expect(result).toEqual({
      tasks: 2,
      shared: ["container_resources", "env_vars:DB_PASSWORD", "env_vars:MODE", "volume_mounts:raw", "volumes:raw"],
      sharedLists: [],
      changed: [],
      unrenderedPods: 2,
    });
  }, 600_000);
});
