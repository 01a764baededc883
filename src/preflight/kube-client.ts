import * as http from "node:http";
import * as https from "node:https";
import type { ClusterConnection } from "./kubeconfig";

/** An answer of the API server: its status and parsed JSON body (a Status object on errors). */
export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The few API calls preflight makes; an interface so the checks do not care how requests travel. */
export interface KubeApi {
  get(path: string): Promise<ApiResponse>;
  post(path: string, body: unknown): Promise<ApiResponse>;
  /** Closes the kept-alive connections, so the process can exit. */
  close(): void;
}

/** Thrown when the server cannot be reached at all (refused, TLS, timeout): no check can say anything then. */
export class UnreachableError extends Error {}

/**
 * A minimal client over Node's https, authenticated as the kubeconfig says. Five kinds of GET and one POST do
 * not need a generated client; bodies are JSON, requests time out after `timeoutMs`.
 */
export function kubeApi(connection: ClusterConnection, timeoutMs = 15_000): KubeApi {
  const url = new URL(connection.server);
  const secure = url.protocol === "https:";
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        ...(connection.ca && { ca: connection.ca }),
        rejectUnauthorized: !connection.insecureSkipTlsVerify,
        ...(connection.clientCert && { cert: connection.clientCert }),
        ...(connection.clientKey && { key: connection.clientKey }),
      })
    : new http.Agent({ keepAlive: true });
  const basePath = url.pathname.replace(/\/+$/, "");

  const request = (method: "GET" | "POST", apiPath: string, payload?: unknown) =>
    new Promise<ApiResponse>((resolve, reject) => {
      const data = payload === undefined ? undefined : Buffer.from(JSON.stringify(payload));
      const req = (secure ? https : http).request(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || (secure ? 443 : 80),
          path: basePath + apiPath,
          method,
          agent,
          timeout: timeoutMs,
          headers: {
            Accept: "application/json",
            "User-Agent": "airflow-ts-preflight",
            ...(connection.token && { Authorization: `Bearer ${connection.token}` }),
            ...(data && { "Content-Type": "application/json", "Content-Length": data.length }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let body: Record<string, unknown>;
            try {
              body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
            } catch {
              body = { message: text.slice(0, 200) };
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new UnreachableError(`${connection.server} did not answer within ${timeoutMs / 1000} s`)));
      req.on("error", (e) => reject(e instanceof UnreachableError ? e : new UnreachableError(`cannot reach ${connection.server}: ${e.message}`)));
      req.end(data);
    });

  return {
    get: (apiPath) => request("GET", apiPath),
    post: (apiPath, body) => request("POST", apiPath, body),
    close: () => agent.destroy(),
  };
}
