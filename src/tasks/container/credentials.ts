import type { EnvValue } from "../../dsl/task-settings";
import type { Issue } from "../../diagnostics/issue";

/** The parts of a container task where credentials could be typed in clear. */
export interface ContainerStrings {
  readonly env?: Readonly<Record<string, EnvValue>>;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
}
import { hasJinja } from "../../knowledge/jinja/index";

/**
 * Name parts that say a variable holds a credential. Matched as whole `_`-separated parts (so `PASSENGER` or
 * `TOKENIZER_MODEL` are not), and `PWD` is left out: it is the working directory in every shell.
 */
const SECRET_PARTS = ["PASSWORD", "PASSWD", "PASS", "SECRET", "TOKEN", "CREDENTIAL", "CREDENTIALS", "APIKEY", "PRIVATEKEY"];
const SECRET_PAIRS = [["API", "KEY"], ["PRIVATE", "KEY"], ["ACCESS", "KEY"], ["SIGNING", "KEY"], ["ENCRYPTION", "KEY"], ["AUTH", "KEY"]];

/**
 * A last part that says the variable is about a credential, not the credential: `TOKEN_URL`, `SECRET_NAME`,
 * `PASSWORD_FILE` (the usual way to point at a mounted Secret), `TOKEN_TTL`.
 */
const ABOUT_PARTS = new Set(["URL", "URI", "ENDPOINT", "HOST", "PORT", "PATH", "FILE", "DIR", "NAME", "ID", "TYPE", "TTL", "EXPIRY", "EXPIRES", "LIFETIME", "LENGTH", "HEADER", "FIELD", "REF", "MOUNT", "ENABLED", "REQUIRED", "POLICY", "SCOPE", "SCOPES", "AUDIENCE", "ISSUER", "PREFIX", "VERSION", "LIMIT", "COUNT", "SIZE", "TIMEOUT", "MODE", "FORMAT"]);

/** `scheme://user:password@`, the password kept for the "is it only a reference" test. */
const URL_WITH_PASSWORD = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/g;

/**
 * Credentials typed in clear into a task: a literal env value whose name says it is secret, or a URL with
 * `user:password@` in an env value, a command or an argument. They would land in the DAG file, in git and in the
 * Airflow UI; a warning (the compile goes on), at the field, pointing at `secret(...)`.
 */
export function checkClearCredentials<Options extends ContainerStrings>(options: Options): Issue[] {
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (typeof value !== "string") continue;
    if (namesSecret(name) && isLiteral(value)) {
      issues.push({
        code: "credential-in-clear",
        severity: "warning",
        field: ["env", name],
        message: `env ${name} looks like a credential, and its value is written in clear into the DAG file`,
        hint: `keep it in a Kubernetes Secret and reference it: env: { ${name}: secret("<secret-name>").key("<key>") }; only the Secret's name and key reach the DAG`,
      });
    } else if (hasUrlPassword(value)) {
      issues.push(urlIssue(["env", name], `env ${name}`, `env: { ${name}: secret("<secret-name>").key("<key>") }`));
    }
  }
  for (const field of ["command", "args"] as const) {
    (options[field] ?? []).forEach((text, index) => {
      if (typeof text === "string" && hasUrlPassword(text)) {
        issues.push(urlIssue([field, index], `${field}[${index}]`, 'env: { DB_PASSWORD: secret("<secret-name>").key("<key>") }, and "$(DB_PASSWORD)" in the argument (Kubernetes expands it)'));
      }
    });
  }
  return issues;
}

function urlIssue(field: Issue["field"], what: string, use: string): Issue {
  return { code: "credential-in-clear", severity: "warning", field, message: `${what} holds a URL with a password (user:password@), written in clear into the DAG file`, hint: `keep the password in a Kubernetes Secret: ${use}` };
}

/** Whether an env name says its value is a credential, and not something about one. */
export function namesSecret(name: string): boolean {
  const parts = name.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  if (parts.length === 0 || ABOUT_PARTS.has(parts[parts.length - 1]!)) return false;
  if (parts.some((p) => SECRET_PARTS.includes(p))) return true;
  return parts.some((p, i) => SECRET_PAIRS.some(([a, b]) => p === a && parts[i + 1] === b));
}

/**
 * Whether a value holds text of its own: not empty, and not only references resolved at run time (Jinja such
 * as `{{ var.value.db_password }}` or `{{ conn.db.password }}`, or Kubernetes' `$(OTHER_VAR)`).
 */
function isLiteral(value: string): boolean {
  const withoutJinja = hasJinja(value) ? value.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g, "") : value;
  return withoutJinja.replace(/\$\([A-Za-z_][A-Za-z0-9_.-]*\)/g, "").trim() !== "";
}

function hasUrlPassword(text: string): boolean {
  return [...text.matchAll(URL_WITH_PASSWORD)].some(([, password]) => isLiteral(password!));
}
