import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_LINES, airflowPython, airflowWorkspace } from "../airflow/airflow-env";
import { adminToken, airflowEnv, chromiumPath, committedProject, extraLinks, gitSyncCheckout, listPlugins, startApiServer, type LinkReport } from "./plugin-env";

const REPO = path.resolve(__dirname, "..", "..");
const GENERATED = path.join(REPO, "generated");
const ARTIFACTS = path.join(REPO, "test-artifacts", "plugin");
const MANIFEST = JSON.parse(fs.readFileSync(path.join(GENERATED, "manifest.json"), "utf8")) as Manifest;
const RUN_ID = "scheduled__2026-03-02T02:00:00+00:00";

interface Manifest {
  links: { podLogs: { urlTemplate: string } };
  pipelines: { dagId: string; source: string; dagFile: string; contentHash: string; schedule: string; tasks: { taskId: string; kind: string }[]; uses: Record<string, string[]> }[];
}

/**
 * Where a task is defined, found in the TypeScript by reading it (not from the compiler's own record): `key` is
 * "<dag id>.<task id>"; the pipeline's own file is read first, then the helper modules.
 */
function definitionOf(key: string): string {
  const dagId = key.slice(0, key.indexOf("."));
  const taskId = key.slice(key.indexOf(".") + 1);
  const own = path.relative("examples", MANIFEST.pipelines.find((p) => p.dagId === dagId)!.source.replace(/:\d+$/, ""));
  const files = [own, ...fs.readdirSync(path.join(REPO, "examples"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && f !== own).sort()];
  // `p.pod("extract", ...)`, `g.map("check", ...)` in a group, or a helper's `p.pod(`rollup_${region}`, ...)` for rollup_emea.
  const local = taskId.slice(taskId.lastIndexOf(".") + 1);
  // Waits, triggers and branches are defined on the line of their call, where the explicit `id: "..."` is.
  const markers = [`.pod("${local}"`, `.spark("${local}"`, `.map("${local}"`, `.pod(\`${local.split("_")[0]}_\${`, `id: "${local}"`];
  for (const file of files) {
    const lines = fs.readFileSync(path.join(REPO, "examples", file), "utf8").split("\n");
    const index = lines.findIndex((l) => markers.some((m) => l.includes(m)));
    if (index >= 0) return `examples/${file}:${index + 1}`;
  }
  throw new Error(`no definition of ${taskId} in examples/`);
}

/** Python's urllib.parse.quote(value, safe=""): encodeURIComponent leaves !'()* alone. */
function pyQuote(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

describe.each(AIRFLOW_LINES)("the airflow-ts plugin on real Airflow (%s)", (line) => {
  let commit: string;
  let env: NodeJS.ProcessEnv;
  let report: LinkReport;

  beforeAll(() => {
    const deployed = gitSyncCheckout(GENERATED);
    commit = deployed.commit;
    env = airflowEnv(path.join(deployed.checkout, "generated/dags"), path.join(deployed.checkout, "generated/plugins"));
    report = extraLinks(line, env, RUN_ID, 2);
  });

  it("`airflow plugins` lists it with its links (on Airflow 3 also its page and navigation entry), and it loads without errors", () => {
    const plugins = listPlugins(line, env);
    expect(plugins.map((p) => p.name)).toEqual(["airflow_ts"]);
    const [plugin] = plugins;
    expect(plugin!.operator_extra_links.map((l) => /\.(\w+) object/.exec(l)?.[1])).toEqual(["TypeScriptSourceLink", "PodLogsLink"]);
    if (line === "airflow3") {
      expect(plugin!.fastapi_apps).toEqual([expect.objectContaining({ url_prefix: "/airflow-ts", name: "airflow-ts pipelines" })]);
      expect(plugin!.external_views).toEqual([expect.objectContaining({ name: "Pipelines", href: "/airflow-ts/pipelines", destination: "nav", url_route: "airflow-ts-pipelines" })]);
    } else {
      expect(plugin).not.toHaveProperty("fastapi_apps");
    }
    expect(report.plugins).toEqual(["airflow_ts"]);
    expect(report.plugin_import_errors).toEqual({});
    expect(report.import_errors).toEqual({});
  });

  /**
   * The tasks that carry the plugin's links. Airflow 2.11's UI server attaches a plugin's operator links by the
   * operator class, which a serialized mapped task does not keep: mapped tasks get them on Airflow 3 only.
   */
  const MAPPED = ["partitioned_sales.transform", "partitioned_sales.publish.check"];
  const linkedTasks = () => Object.fromEntries(Object.entries(report.tasks).filter(([key]) => line === "airflow3" || !MAPPED.includes(key)));

  it.runIf(line === "airflow2")("on Airflow 2.11, mapped tasks have no plugin links (a 2.11 limitation), and still their docs", () => {
    for (const key of MAPPED) expect(report.tasks[key]!.links).toEqual({});
  });

  it("the 'TypeScript source' link of every generated task opens its TypeScript line at the deployed commit", () => {
    expect(Object.keys(report.tasks)).toHaveLength(MANIFEST.pipelines.flatMap((p) => p.tasks).length);
    const tasks = Object.keys(linkedTasks());
    expect(tasks.length).toBe(Object.keys(report.tasks).length - (line === "airflow3" ? 0 : MAPPED.length));
    for (const key of tasks) {
      const [file, lineNo] = definitionOf(key).split(":");
      expect(report.tasks[key]!.links["TypeScript source"], key).toBe(`https://github.com/acme/pipelines/blob/${commit}/${file}#L${lineNo}`);
    }
  });

  it("the 'Pod logs' link is filled with the namespace and labels of the pod the operator builds for that task instance", () => {
    const [pods, spark] = [Object.entries(linkedTasks()).filter(([, t]) => t.pod_labels), Object.entries(linkedTasks()).filter(([, t]) => !t.pod_labels)];
    // A Spark task launches no pod of its own (the Spark operator names its driver), nor do branches, waits and triggers:
    // no pod-logs link.
    const noPod = MANIFEST.pipelines.flatMap((p) => p.tasks.filter((t) => t.kind !== "pod").map((t) => `${p.dagId}.${t.taskId}`));
    expect(noPod).toContain("nightly_sales_etl_spark.transform");
    expect(noPod).toContain("sales_dashboard.wait_for_load");
    expect(spark.map(([key]) => key).sort()).toEqual(noPod.sort());
    for (const [key, task] of spark) expect(task.links, key).not.toHaveProperty("Pod logs");
    for (const [key, task] of pods) {
      const expected = MANIFEST.links.podLogs.urlTemplate
        .replace("{namespace}", pyQuote(task.pod_namespace ?? ""))
        .replace(/\{labels\.(\w+)\}/g, (_, label: string) => pyQuote(task.pod_labels[label]!));
      expect(task.links["Pod logs"], key).toBe(expected);
      // Kubernetes label values cannot hold the run id as it is: the link carries the value the pod has.
      expect(task.pod_labels.run_id).not.toBe(RUN_ID);
      expect(task.links["Pod logs"]).toContain(`run_id%3D%5C%22${task.pod_labels.run_id}%5C%22`);
    }
  });

  it("each task's documentation in the UI names the TypeScript file and line that defined it", () => {
    for (const [key, task] of Object.entries(report.tasks)) {
      expect(task.doc_md, key).toContain(`Defined in TypeScript at \`${definitionOf(key)}\``);
    }
  });

  it("is never required: without it the same DAGs import with no error and no airflow-ts link", () => {
    const bare = extraLinks(line, { ...env, AIRFLOW__CORE__PLUGINS_FOLDER: fs.mkdtempSync(path.join(os.tmpdir(), "no-plugins-")) }, RUN_ID, 1);
    expect(bare.plugins).toEqual([]);
    expect(bare.import_errors).toEqual({});
    expect(Object.keys(bare.tasks).sort()).toEqual(Object.keys(report.tasks).sort());
    for (const task of Object.values(bare.tasks)) expect(task.links).toEqual({});
  });
});

describe("the commit the plugin links to", () => {
  /** checkout_revision() of the plugin, for each folder, in one Python process. */
  function revisions(folders: string[]): (string | null)[] {
    const script = "import json, sys; from pathlib import Path; import airflow_ts_plugin as p; print(json.dumps([p.checkout_revision(Path(f)) for f in sys.argv[1:]]))";
    const out = execFileSync(airflowPython("airflow3"), ["-c", script, ...folders], { env: { ...airflowEnv("/nonexistent", "/nonexistent"), PYTHONPATH: path.join(GENERATED, "plugins") }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return JSON.parse(out.trim().split("\n").pop()!) as (string | null)[];
  }
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

  it("is read from git-sync's worktree, a plain clone (loose or packed ref), a linked worktree and a detached HEAD; none outside git", () => {
    const synced = gitSyncCheckout(GENERATED);
    const clone = committedProject(GENERATED);
    const packed = committedProject(GENERATED);
    git(packed.repo, "pack-refs", "--all");
    expect(fs.existsSync(path.join(packed.repo, ".git/refs/heads/main"))).toBe(false);
    const linked = committedProject(GENERATED);
    const linkedTree = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-worktree-")), "tree");
    git(linked.repo, "worktree", "add", "-q", "-b", "other", linkedTree);
    const detached = committedProject(GENERATED);
    git(detached.repo, "checkout", "-q", "--detach");
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-no-git-"));

    const folders = [synced.checkout, clone.repo, packed.repo, linkedTree, detached.repo, outside].map((f) => path.join(f, f === outside ? "" : "generated"));
    expect(revisions(folders)).toEqual([synced.commit, clone.commit, packed.commit, linked.commit, detached.commit, null]);
  });
});

describe("the Pipelines page on a real Airflow 3 api-server", () => {
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let token: string;
  let dags: string;
  let manifestFile: string;
  let commit: string;
  const get = (route: string, auth = true) => fetch(`${server.url}${route}`, auth ? { headers: { authorization: `Bearer ${token}` } } : {});
  const report = async () => (await (await get("/airflow-ts/api/pipelines")).json()) as { pipelines: { dagId: string; status: string; statusDetail: string; schedule: string; uses: unknown; source: string; sourceUrl: string }[]; otherFiles: { file: string; status: string }[]; summary: Record<string, number>; revision: string };

  beforeAll(async () => {
    const deployed = gitSyncCheckout(GENERATED);
    commit = deployed.commit;
    dags = path.join(deployed.checkout, "generated/dags");
    manifestFile = path.join(deployed.checkout, "generated/manifest.json");
    const workspace = airflowWorkspace("airflow3", dags, {
      AIRFLOW__CORE__PLUGINS_FOLDER: path.join(deployed.checkout, "generated/plugins"),
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: "admin:admin",
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS: "False",
    });
    server = await startApiServer(workspace.bin, workspace.env, workspace.home);
    token = await adminToken(server.url, workspace.home);
  });

  afterAll(() => server?.stop());

  it("is only for users who may read DAGs", async () => {
    expect((await get("/airflow-ts/pipelines", false)).status).toBe(401);
    expect((await get("/airflow-ts/api/pipelines", false)).status).toBe(401);
    expect((await get("/airflow-ts/pipelines")).status).toBe(200);
  });

  it("is in Airflow's navigation, and lists every compiled pipeline, in sync, with what it uses", async () => {
    const plugins = (await (await get("/api/v2/plugins")).json()) as { plugins: { name: string; external_views: { name: string; href: string; destination: string }[] }[] };
    expect(plugins.plugins.find((p) => p.name === "airflow_ts")?.external_views).toEqual([expect.objectContaining({ name: "Pipelines", href: "/airflow-ts/pipelines", destination: "nav" })]);
    const data = await report();
    expect(data.pipelines.map((p) => p.dagId)).toEqual(MANIFEST.pipelines.map((p) => p.dagId));
    expect(data.pipelines.map((p) => p.status)).toEqual(MANIFEST.pipelines.map(() => "in sync"));
    expect(data.revision).toBe(commit);
    for (const [i, p] of data.pipelines.entries()) {
      expect(p.schedule).toBe(MANIFEST.pipelines[i]!.schedule);
      expect(p.uses).toEqual(MANIFEST.pipelines[i]!.uses);
      const [file, lineNo] = p.source.split(":");
      expect(fs.readFileSync(path.join(REPO, file!), "utf8").split("\n")[Number(lineNo) - 1]).toContain("pipeline(");
      expect(p.sourceUrl).toBe(`https://github.com/acme/pipelines/blob/${commit}/${file}#L${lineNo}`);
    }
    expect(data.otherFiles).toEqual([]);
    const html = await (await get("/airflow-ts/pipelines")).text();
    for (const p of MANIFEST.pipelines) expect(html).toContain(`data-dag-id="${p.dagId}" data-status="in sync"`);
  });

  it("serves each pipeline's picture, the file compile wrote (the same SVG `airflow-ts graph` draws); nothing for a name the manifest does not list", async () => {
    for (const p of MANIFEST.pipelines) {
      const response = await get(`/airflow-ts/graphs/${p.dagId}.svg`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/svg+xml");
      const body = await response.text();
      expect(body).toBe(fs.readFileSync(path.join(GENERATED, "graphs", `${p.dagId}.svg`), "utf8"));
      for (const t of p.tasks) expect(body).toContain(`>${t.taskId.split(".").pop()}<`);
    }
    expect((await get("/airflow-ts/graphs/nope.svg")).status).toBe(404);
    expect((await get("/airflow-ts/graphs/..%2Fmanifest.svg")).status).toBe(404);
    expect((await get(`/airflow-ts/graphs/${MANIFEST.pipelines[0]!.dagId}.svg`, false)).status).toBe(401);
    const html = await (await get("/airflow-ts/pipelines")).text();
    for (const p of MANIFEST.pipelines) expect(html).toContain(`<img loading="lazy" src="graphs/${p.dagId}.svg"`);
  });

  it("reports drift: a hand-edited DAG file, a missing one, a hand-written DAG and a generated file the manifest does not list", async () => {
    fs.appendFileSync(path.join(dags, "nightly_sales_etl.py"), "# hotfix at 3am\n");
    fs.rmSync(path.join(dags, "regional_sales_rollup.py"));
    fs.writeFileSync(path.join(dags, "handwritten.py"), "# a DAG someone wrote by hand\n");
    fs.mkdirSync(path.join(dags, "old"));
    fs.copyFileSync(path.join(GENERATED, "dags/churn_model_training.py"), path.join(dags, "old/churn_model_training.py"));

    const data = await report();
    const status = Object.fromEntries(data.pipelines.map((p) => [p.dagId, p.status]));
    expect(status).toEqual({ churn_model_training: "in sync", daily_sales_report: "in sync", nightly_sales_etl: "modified since compile", nightly_sales_etl_spark: "in sync", partitioned_sales: "in sync", regional_sales_rollup: "missing", sales_dashboard: "in sync" });
    expect(data.pipelines.find((p) => p.dagId === "nightly_sales_etl")!.statusDetail).toContain("edited after compile");
    expect(data.otherFiles).toEqual([
      { file: "handwritten.py", status: "not compiled by airflow-ts" },
      { file: "old/churn_model_training.py", status: "compiled, not in the manifest" },
    ]);
  });

  it("opens in headless Chromium, as itself and inside Airflow's UI (screenshots in test-artifacts/plugin/)", async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ["--no-sandbox"] });
    try {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
      // The UI keeps its session in this cookie; the page's guard reads it like Airflow's own API does.
      await context.addCookies([{ name: "_token", value: token, url: server.url }]);
      const page = await context.newPage();
      const response = await page.goto(`${server.url}/airflow-ts/pipelines`);
      expect(response?.status()).toBe(200);
      const rows = page.locator("#pipelines tbody tr");
      expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-dag-id"), tr.getAttribute("data-status")]))).toEqual([
        ["churn_model_training", "in sync"],
        ["daily_sales_report", "in sync"],
        ["nightly_sales_etl", "modified since compile"],
        ["nightly_sales_etl_spark", "in sync"],
        ["partitioned_sales", "in sync"],
        ["regional_sales_rollup", "missing"],
        ["sales_dashboard", "in sync"],
      ]);
      // The filter box narrows the table as the engineer types.
      await page.fill("#filter", "trainer");
      expect(await rows.evaluateAll((trs) => trs.filter((tr) => !tr.hidden).map((tr) => tr.getAttribute("data-dag-id")))).toEqual(["churn_model_training"]);
      await page.fill("#filter", "");
      // Each pipeline's picture (plugin: { graphs: true } in the examples' config), loaded when opened.
      const row = page.locator('#pipelines tr[data-dag-id="partitioned_sales"]');
      await row.locator("details.graph summary").click();
      const picture = row.locator("details.graph img");
      await picture.waitFor({ state: "visible", timeout: 5 * 60_000 }); // a hang guard
      // The page decodes the SVG: a broken image has no natural width.
      expect(await picture.evaluate((img) => (img as unknown as { decode(): Promise<void>; naturalWidth: number }).decode().then(() => (img as unknown as { naturalWidth: number }).naturalWidth))).toBeGreaterThan(500);
      await page.screenshot({ path: path.join(ARTIFACTS, "pipelines-page.png"), fullPage: true });

      // Through the navigation entry: Airflow's UI embeds the page at /plugin/<url_route>.
      await page.goto(`${server.url}/plugin/airflow-ts-pipelines`);
      const frame = page.frameLocator("iframe");
      await frame.locator("#pipelines").waitFor({ timeout: 5 * 60_000 }) // a hang guard: Airflow's UI is slow to load on a busy machine;
      expect(await frame.locator("h1").textContent()).toBe("Pipelines");
      await page.screenshot({ path: path.join(ARTIFACTS, "pipelines-in-airflow-ui.png") });
    } finally {
      await browser.close();
    }
    expect(fs.statSync(path.join(ARTIFACTS, "pipelines-page.png")).size).toBeGreaterThan(10_000);
  });

  it("says what is wrong, not a stack trace, when the manifest is malformed, from another format, or missing", async () => {
    const original = fs.readFileSync(manifestFile);
    try {
      const cases: [string | null, string][] = [
        ['{"generatedBy": "airflow-ts", "pipelines": [', "is not valid JSON"],
        ['{"generatedBy": "airflow-ts", "formatVersion": 99, "pipelines": []}', "has format 99"],
        ['{"generatedBy": "airflow-ts", "formatVersion": 1, "pipelines": [{"dagId": 1}]}', "is malformed"],
        ['{"pipelines": []}', "was not written by airflow-ts"],
        [null, "no airflow-ts manifest at"],
      ];
      for (const [content, message] of cases) {
        if (content === null) fs.rmSync(manifestFile);
        else fs.writeFileSync(manifestFile, content);
        const response = await get("/airflow-ts/pipelines");
        const html = await response.text();
        expect(response.status, message).toBe(200);
        expect(html).toContain('role="alert"');
        expect(html).toContain(message);
        expect(html).not.toMatch(/Traceback|Internal Server Error/);
      }
    } finally {
      fs.writeFileSync(manifestFile, original);
    }
    expect((await report()).pipelines).toHaveLength(MANIFEST.pipelines.length);
  });
});
