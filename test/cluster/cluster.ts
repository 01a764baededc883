import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { freePort, goTool } from "../helpers/local-tools";

/**
 * A real Kubernetes control plane on 127.0.0.1 for the tests: etcd and kube-apiserver (RBAC, a static admin
 * token, ServiceAccount token signing), optionally kube-scheduler and kwok (fake nodes that "run" pods).
 * No controller-manager: nothing creates a namespace's `default` ServiceAccount, binds claims or finalizes
 * deletions, so tests create what they need and use fresh names. Binaries come from test/tools/go-tool.sh
 * (built from the Go module proxy on first use, cached by version). Every process is stopped by its PID in
 * `stop()`, and on process exit.
 */
export interface LocalCluster {
  readonly server: string;
  /** A kubeconfig for the admin (system:masters) token. */
  readonly kubeconfig: string;
  readonly dir: string;
  /** kubectl as the admin; never throws: look at `status`. */
  kubectl(args: readonly string[], input?: string): KubectlRun;
  /** kubectl that must succeed; its stdout. */
  kubectlOk(args: readonly string[], input?: string): string;
  /** A kubeconfig that authenticates with this bearer token (a ServiceAccount's, from `kubectl create token`). */
  kubeconfigFor(name: string, token: string): string;
  /** Starts kube-scheduler, which binds pods to nodes. */
  startScheduler(): Promise<void>;
  /** Starts kwok with these extra configuration documents (Stages, ClusterLogs); nodes are created by the caller. */
  startKwok(config: readonly Record<string, unknown>[]): Promise<void>;
  stop(): void;
}

export interface KubectlRun {
  status: number;
  stdout: string;
  stderr: string;
}

const REPO = path.resolve(__dirname, "..", "..");
const ADMIN_TOKEN = "airflow-ts-test-admin-token";


/** Resolves when `url` answers 200 (TLS not verified: the servers' certificates are self-signed). */
async function waitFor(url: string, what: string, child: ChildProcess, logFile: string, timeoutMs: number, token?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${tail(logFile)}`);
    const ok = await new Promise<boolean>((resolve) => {
      // per attempt: a request that hangs is dropped and retried until the deadline above
      const req = https.get(url, { rejectUnauthorized: false, timeout: 2000, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on("error", () => resolve(false));
      req.on("timeout", () => req.destroy());
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${tail(logFile)}`);
}

function tail(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").slice(-30).join("\n") : "(no log)";
}

export async function startCluster(): Promise<LocalCluster> {
  const binaries = { etcd: goTool("etcd"), apiserver: goTool("kube-apiserver"), kubectl: goTool("kubectl") };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-cluster-"));
  const children: ChildProcess[] = [];
  const stopAll = () => {
    // Reverse order: kwok and the scheduler before the apiserver, the apiserver before etcd.
    for (const child of [...children].reverse()) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  };
  process.once("exit", stopAll);
  // A killed test run does not reach "exit": stop the servers on the usual signals too.
  const onSignal = (signal: NodeJS.Signals) => {
    stopAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, onSignal);
  const run = (name: string, bin: string, args: string[]) => {
    const log = path.join(dir, `${name}.log`);
    const out = fs.openSync(log, "w");
    const child = spawn(bin, args, { stdio: ["ignore", out, out] });
    fs.closeSync(out);
    children.push(child);
    return { child, log };
  };

  try {
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcd = run("etcd", binaries.etcd, [
      "--name=test",
      `--data-dir=${path.join(dir, "etcd")}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=test=http://127.0.0.1:${etcdPeer}`,
      // Throwaway data on a loaded machine: fsync would only slow every write down.
      "--unsafe-no-fsync",
      "--log-level=warn",
    ]);

    const keys = crypto.generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
    fs.writeFileSync(path.join(dir, "sa.pub"), keys.publicKey);
    fs.writeFileSync(path.join(dir, "sa.key"), keys.privateKey);
    fs.writeFileSync(path.join(dir, "tokens.csv"), `${ADMIN_TOKEN},admin,admin-uid,system:masters\n`);
    const apiserver = run("kube-apiserver", binaries.apiserver, [
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${apiPort}`,
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      `--token-auth-file=${path.join(dir, "tokens.csv")}`,
      "--authorization-mode=RBAC",
      `--service-account-key-file=${path.join(dir, "sa.pub")}`,
      `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      "--service-cluster-ip-range=10.96.0.0/16",
      `--cert-dir=${path.join(dir, "certs")}`,
      // Fake nodes (kwok) have no real kubelet certificates: pod logs are read from them unverified.
      "--kubelet-preferred-address-types=InternalIP",
      "--enable-priority-and-fairness=false",
      "--v=1",
    ]);
    const server = `https://127.0.0.1:${apiPort}`;
    await waitFor(`${server}/readyz`, "kube-apiserver", apiserver.child, apiserver.log, 180_000, ADMIN_TOKEN);
    if (etcd.child.exitCode !== null) throw new Error(`etcd exited:\n${tail(etcd.log)}`);

    const kubeconfigFor = (name: string, token: string) => {
      const file = path.join(dir, `kubeconfig-${name}`);
      fs.writeFileSync(
        file,
        stringify({
          apiVersion: "v1",
          kind: "Config",
          clusters: [{ name: "local", cluster: { server, "insecure-skip-tls-verify": true } }],
          users: [{ name, user: { token } }],
          contexts: [{ name, context: { cluster: "local", user: name } }],
          "current-context": name,
        }),
      );
      return file;
    };
    const kubeconfig = kubeconfigFor("admin", ADMIN_TOKEN);
    const kubectl = (args: readonly string[], input?: string): KubectlRun => {
      const r = spawnSync(binaries.kubectl, ["--kubeconfig", kubeconfig, ...args], { encoding: "utf8", input, maxBuffer: 64 * 1024 * 1024 });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };

    return {
      server,
      kubeconfig,
      dir,
      kubectl,
      kubectlOk(args, input) {
        const r = kubectl(args, input);
        if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
        return r.stdout;
      },
      kubeconfigFor,
      async startScheduler() {
        const port = await freePort();
        const scheduler = run("kube-scheduler", goTool("kube-scheduler"), [
          `--kubeconfig=${kubeconfig}`,
          `--authentication-kubeconfig=${kubeconfig}`,
          `--authorization-kubeconfig=${kubeconfig}`,
          "--bind-address=127.0.0.1",
          `--secure-port=${port}`,
          "--leader-elect=false",
          "--v=1",
        ]);
        await waitFor(`https://127.0.0.1:${port}/healthz`, "kube-scheduler", scheduler.child, scheduler.log, 120_000);
      },
      async startKwok(config) {
        const port = await freePort();
        const configFile = path.join(dir, "kwok.yaml");
        fs.writeFileSync(configFile, config.map((doc) => stringify(doc)).join("---\n"));
        const kwok = run("kwok", goTool("kwok"), [
          `--kubeconfig=${kubeconfig}`,
          `--config=${configFile}`,
          "--manage-all-nodes=false",
          "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
          "--manage-nodes-with-label-selector=",
          "--disregard-status-with-annotation-selector=kwok.x-k8s.io/status=custom",
          "--disregard-status-with-label-selector=",
          "--cidr=10.0.0.1/24",
          // The fake kubelet's address (pod logs): the apiserver connects here over TLS, with its own serving pair.
          "--node-ip=127.0.0.1",
          `--node-port=${port}`,
          `--server-address=127.0.0.1:${port}`,
          `--tls-cert-file=${path.join(dir, "certs", "apiserver.crt")}`,
          `--tls-private-key-file=${path.join(dir, "certs", "apiserver.key")}`,
        ]);
        await waitFor(`https://127.0.0.1:${port}/healthz`, "kwok", kwok.child, kwok.log, 120_000);
      },
      stop() {
        stopAll();
        process.removeListener("exit", stopAll);
        for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeListener(signal, onSignal);
        children.length = 0;
      },
    };
  } catch (e) {
    stopAll();
    process.removeListener("exit", stopAll);
    throw e;
  }
}
