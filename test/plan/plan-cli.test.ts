import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { compileIn, tempProject } from "../helpers/temp-project";

/**
 * Fixture histories: one project committed to a temporary git repository (the base), then one edit per kind of
 * change, compared by `airflow-ts plan` with the manifest committed at the base.
 */

interface EtlOptions {
  schedule?: string;
  timezone?: string;
  start?: string;
  catchup?: boolean;
  cleanId?: string;
  loadImage?: string;
  loadMemory?: string;
  extra?: string;
  batchDefault?: number;
}

function etl(o: EtlOptions = {}): string {
  return `import { configMap, cron, pipeline, secret, volume, z } from "airflow-ts";
const db = secret("warehouse-db");
export default pipeline({
  id: "etl",
  schedule: cron(${JSON.stringify(o.schedule ?? "0 2 * * *")}),
  timezone: ${JSON.stringify(o.timezone ?? "UTC")},
  start: ${JSON.stringify(o.start ?? "2026-01-01")},
  catchup: ${o.catchup ?? true},
  params: z.object({ batch: z.number().int().default(${o.batchDefault ?? 500}) }),
}, (p) => {
  const extract = p.pod("extract", { image: "ghcr.io/acme/extract:1.0", args: ["--batch", p.params.batch] });
  const clean = p.pod(${JSON.stringify(o.cleanId ?? "clean")}, { image: "ghcr.io/acme/clean:1.0", args: ["--strict"] }).after(extract);
  p.pod("load", {
    image: ${JSON.stringify(o.loadImage ?? "ghcr.io/acme/load:1.0")},
    env: { PASSWORD: db.key("password") },
    resources: { requests: { cpu: "500m", memory: ${JSON.stringify(o.loadMemory ?? "1Gi")} } },
  }).after(clean);
  ${o.extra ?? ""}
});
`;
}

const OLD = `import { every, pipeline } from "airflow-ts";
export default pipeline({ id: "old_report", schedule: every("1d"), start: "2026-01-01", catchup: false }, (p) => {
  p.pod("report", { image: "ghcr.io/acme/report:1.0" });
});
`;

const NOW = "--now=2026-01-31T12:00:00Z";
let root: string;

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
}

/** Puts the base files back, applies the edit, and runs plan against the base commit. */
async function planAfter(files: Record<string, string | null>, ...argv: string[]) {
  git("checkout", "-q", "--", ".");
  git("clean", "-qfd", "pipelines");
  for (const [rel, text] of Object.entries(files)) {
    if (text === null) fs.rmSync(path.join(root, rel));
    else fs.writeFileSync(path.join(root, rel), text);
  }
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["plan", NOW, ...argv], { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

interface Change {
  kind: string;
  dagId: string | null;
  taskId?: string;
  message: string;
  consequence?: string;
}

async function changesAfter(files: Record<string, string | null>): Promise<Change[]> {
  const { code, out, err } = await planAfter(files, "--format", "json");
  expect([code, err]).toEqual([0, ""]);
  const report = JSON.parse(out);
  expect(report).toMatchObject({ version: 1, command: "plan", ok: true, against: "HEAD", manifest: "generated/manifest.json", manifestAtRef: true });
  return report.changes;
}

const kinds = (changes: Change[]) => changes.map((c) => c.kind);

beforeAll(() => {
  root = tempProject({ "pipelines/etl.pipeline.ts": etl(), "pipelines/old.pipeline.ts": OLD });
  compileIn(root);
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "base");
});

describe("airflow-ts plan, one fixture history per kind of change", () => {
  it("nothing changed: no changes", async () => {
    expect(await changesAfter({})).toEqual([]);
  });

  it("a pipeline added, with the runs its catchup creates", async () => {
    const added = OLD.replace('"old_report"', '"new_report"').replace("catchup: false", "catchup: true");
    const changes = await changesAfter({ "pipelines/new.pipeline.ts": added });
    expect(changes).toEqual([expect.objectContaining({ kind: "pipeline-added", dagId: "new_report" })]);
    // every("1d") from Jan 1 without data intervals: Jan 1 ... Jan 31 at 00:00 are due by Jan 31 12:00.
    expect(changes[0]!.consequence).toBe("catchup is on from 2026-01-01T00:00:00: Airflow will create 31 runs when it is unpaused");
  });

  it("a pipeline removed: gone from the UI, history kept", async () => {
    const changes = await changesAfter({ "pipelines/old.pipeline.ts": null });
    expect(changes).toEqual([expect.objectContaining({ kind: "pipeline-removed", dagId: "old_report" })]);
    expect(changes[0]!.consequence).toMatch(/disappears from the UI.*stay in the metadata database/);
  });

  it("a task renamed: detected as a rename (the same pod), not as one removed and one added", async () => {
    const changes = await changesAfter({ "pipelines/etl.pipeline.ts": etl({ cleanId: "tidy" }) });
    expect(kinds(changes)).toEqual(["task-renamed"]);
    expect(changes[0]).toMatchObject({ taskId: "tidy", message: "task clean renamed to tidy (likely: the same pod)" });
    expect(changes[0]!.consequence).toMatch(/history of clean .* does not carry over/);
  });

  it("tasks added and removed when nothing relates them", async () => {
    const extra = `p.pod("notify", { image: "ghcr.io/acme/notify:1.0" });`;
    const changes = await changesAfter({ "pipelines/etl.pipeline.ts": etl({ extra }).replace(/const clean = .*\n/, "const clean = extract;\n") });
    expect(changes.map((c) => `${c.kind} ${c.taskId}`)).toEqual(["task-added notify", "task-removed clean"]);
  });

  it("a schedule change moves the next run", async () => {
    const changes = await changesAfter({ "pipelines/etl.pipeline.ts": etl({ schedule: "0 3 * * *" }) });
    expect(changes).toEqual([expect.objectContaining({ kind: "schedule-changed", message: "schedule: 0 2 * * * UTC -> 0 3 * * * UTC" })]);
    expect(changes[0]!.consequence).toBe("the next run moves from 2026-02-01T02:00:00 UTC to 2026-02-01T03:00:00 UTC");
  });

  it("a timezone change: the runs follow another wall clock", async () => {
    const changes = await changesAfter({ "pipelines/etl.pipeline.ts": etl({ timezone: "America/New_York" }) });
    expect(kinds(changes)).toEqual(["timezone-changed"]);
    expect(changes[0]!.consequence).toBe("runs follow the wall clock of America/New_York: the next run moves from 2026-02-01T02:00:00 UTC to 2026-02-01T02:00:00 America/New_York");
  });

  it("catchup on, start moved 30 days earlier: the runs Airflow will create", async () => {
    const changes = await changesAfter({ "pipelines/etl.pipeline.ts": etl({ start: "2025-12-02" }) });
    expect(changes).toEqual([expect.objectContaining({ kind: "start-changed", message: "start: 2026-01-01T00:00:00 -> 2025-12-02T00:00:00" })]);
    expect(changes[0]!.consequence).toBe("catchup on, start moved 30 days earlier: Airflow will create 30 runs for the earlier dates when unpaused");
  });

  it("catchup turned off", async () => {
    const changes = await changesAfter({ "pipelines/etl.pipeline.ts": etl({ catchup: false }) });
    expect(changes).toEqual([expect.objectContaining({ kind: "catchup-changed", message: "catchup: on -> off" })]);
  });

  it("image and resources of a task", async () => {
    const changes = await changesAfter({ "pipelines/etl.pipeline.ts": etl({ loadImage: "ghcr.io/acme/load:1.1", loadMemory: "2Gi" }) });
    expect(changes.map((c) => [c.kind, c.taskId, c.message])).toEqual([
      ["image-changed", "load", "image of load: ghcr.io/acme/load:1.0 -> ghcr.io/acme/load:1.1"],
      ["resources-changed", "load", "resources of load: requests.memory 1Gi -> 2Gi"],
    ]);
  });

  it("a param's default", async () => {
    const changes = await changesAfter({ "pipelines/etl.pipeline.ts": etl({ batchDefault: 1000 }) });
    expect(changes).toEqual([expect.objectContaining({ kind: "param-default-changed", message: "default of param batch: 500 -> 1000" })]);
  });

  it("what the deploy must newly provide: Secrets and their keys, ConfigMaps, claims, service accounts, pools", async () => {
    const extra = `p.pod("publish", {
    image: "ghcr.io/acme/publish:1.0",
    env: { TOKEN: secret("api-token").key("token"), USER: db.key("username"), MODE: configMap("publish-config").key("mode") },
    mounts: [volume.claim("exports").at("/exports")],
    serviceAccount: "publisher",
    pool: "api",
  });`;
    const changes = await changesAfter({ "pipelines/etl.pipeline.ts": etl({ extra }) });
    const provided = changes.filter((c) => c.dagId === null);
    expect(provided.map((c) => [c.kind, c.message])).toEqual([
      ["secret-added", "new Secret api-token, used by etl.publish"],
      ["secret-key-added", "Secret warehouse-db is now read for key username, by etl.load, etl.publish"],
      ["config-map-added", "new ConfigMap publish-config, used by etl.publish"],
      ["claim-added", "new PersistentVolumeClaim exports, used by etl.publish"],
      ["service-account-added", "new ServiceAccount publisher, used by etl.publish"],
      ["pool-added", "new Airflow pool api, used by etl.publish"],
    ]);
    expect(kinds(changes.filter((c) => c.dagId === "etl"))).toEqual(["task-added"]);
  });
});

describe("plan for people and for CI", () => {
  it("text is Markdown for a pull-request comment; --fail-on exits 2 only for the kinds named", async () => {
    const edit = { "pipelines/etl.pipeline.ts": etl({ cleanId: "tidy", loadImage: "ghcr.io/acme/load:1.1" }) };
    const text = await planAfter(edit);
    expect(text.code).toBe(0);
    expect(text.out).toContain("## airflow-ts plan against HEAD\n\n2 changes (compared with generated/manifest.json at HEAD).\n\n### etl\n\n- **task-renamed**: task clean renamed to tidy");
    expect((await planAfter(edit, "--fail-on", "task-removed,task-renamed")).code).toBe(2);
    expect((await planAfter(edit, "--fail-on", "task-*")).code).toBe(2);
    expect((await planAfter(edit, "--fail-on", "pipeline-removed")).code).toBe(0);
    const json = await planAfter(edit, "--fail-on=image-changed", "--format", "json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ failOn: ["image-changed"], failed: ["image-changed"] });
  });

  it("an unknown ref or --fail-on kind is bad usage; without a manifest at the ref everything is new", async () => {
    expect((await planAfter({}, "--against", "no-such-branch")).code).toBe(2);
    expect((await planAfter({}, "--fail-on", "tasks-renamed")).err).toMatch(/no change is of kind "tasks-renamed"/);
    git("rm", "-q", "generated/manifest.json");
    git("commit", "-qm", "without the manifest");
    try {
      const { code, out } = await planAfter({}, "--format", "json");
      expect(code).toBe(0);
      const report = JSON.parse(out);
      expect(report.manifestAtRef).toBe(false);
      expect(kinds(report.changes).filter((k: string) => k.startsWith("pipeline"))).toEqual(["pipeline-added", "pipeline-added"]);
      expect((await planAfter({})).out).toContain("(generated/manifest.json does not exist at HEAD: everything is new)");
    } finally {
      git("reset", "-q", "--hard", "HEAD~1");
    }
  });

  it("outside a git repository: says so, exit 1", async () => {
    const alone = tempProject({ "pipelines/old.pipeline.ts": OLD });
    const err: string[] = [];
    const code = await main(["plan"], { out: () => {}, err: (t) => err.push(t), cwd: alone });
    expect(code).toBe(1);
    expect(err.join("\n")).toMatch(/is not in a git repository/);
  });
});
