import { execFileSync } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..", "..");

/** The cached binary of a pinned Go tool (test/tools/go-tool.sh builds it on first call: minutes). */
export function goTool(tool: "etcd" | "kube-apiserver" | "kube-scheduler" | "kubectl" | "kwok" | "helm"): string {
  return execFileSync(path.join(REPO, "test", "tools", "go-tool.sh"), [tool], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
