import { describe, expect, it } from "vitest";
import type { PodTaskOptions } from "../../src/tasks/pod/options";
import { checkClearCredentials } from "../../src/tasks/container/credentials";

const IMAGE = "ghcr.io/acme/x:1.0";
const warned = (options: Omit<PodTaskOptions, "image">) => checkClearCredentials({ image: IMAGE, ...options }).map((i) => [i.field.join("."), i.code, i.severity]);

describe("credentials typed in clear", () => {
  const secretNames = ["DB_PASSWORD", "PASSWORD", "MYSQL_ROOT_PASSWORD", "SMTP_PASSWD", "DB_PASS", "GITHUB_TOKEN", "ACCESS_TOKEN", "AWS_SECRET_ACCESS_KEY", "CLIENT_SECRET", "OPENAI_API_KEY", "STRIPE_APIKEY", "SSH_PRIVATE_KEY", "GOOGLE_APPLICATION_CREDENTIALS", "AZURE_CREDENTIAL", "db_password", "AWS_ACCESS_KEY"];
  it.each(secretNames)("a literal value of %s is a warning at the env field", (name) => {
    expect(warned({ env: { [name]: "hunter2" } })).toEqual([[`env.${name}`, "credential-in-clear", "warning"]]);
  });

  const notSecret: [string, string][] = [
    ["TOKEN_URL", "https://auth.example.com/token"],
    ["SECRET_NAME", "warehouse-db"],
    ["PASSWORD_FILE", "/var/run/secrets/db/password"],
    ["OAUTH_TOKEN_ENDPOINT", "https://auth.example.com/oauth"],
    ["TOKEN_TTL", "3600"],
    ["PASSWORD_MIN_LENGTH", "12"],
    ["MAX_TOKENS", "4096"],
    ["TOKENIZER", "bpe"],
    ["PASSENGER_COUNT", "3"],
    ["PWD", "/work"],
    ["AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"],
    ["LOG_LEVEL", "info"],
  ];
  it.each(notSecret)("%s=%s is not a credential", (name, value) => {
    expect(warned({ env: { [name]: value } })).toEqual([]);
  });

  it("values that hold nothing, or only reference a credential resolved at run time, are no warning", () => {
    expect(warned({ env: { DB_PASSWORD: "", API_TOKEN: "  ", A_SECRET: "{{ var.value.a_secret }}", B_PASSWORD: "{{ conn.warehouse.password }}", C_TOKEN: "$(OTHER_TOKEN)" } })).toEqual([]);
    expect(warned({ env: { DB_PASSWORD: { kind: "secretKey", secret: "db", key: "password", optional: false } } })).toEqual([]);
  });

  it("a URL with user:password@ is a warning in any env value, command or argument; without a password or with a reference it is not", () => {
    expect(
      warned({
        env: { DATABASE_URL: "postgresql://etl:s3cret@db.example.com:5432/warehouse", MIRROR: "https://user:pw@mirror.example.com/simple", PLAIN: "https://db.example.com", USER_ONLY: "ssh://git@github.com/acme/x" },
        command: ["psql", "postgres://u:p@h/db"],
        args: ["--url", "redis://:topsecret@cache:6379/0", "--from", "postgresql://etl:$(DB_PASSWORD)@db/warehouse", "--to", "postgresql://etl:{{ conn.wh.password }}@db/wh"],
      }),
    ).toEqual([
      ["env.DATABASE_URL", "credential-in-clear", "warning"],
      ["env.MIRROR", "credential-in-clear", "warning"],
      ["command.1", "credential-in-clear", "warning"],
      ["args.1", "credential-in-clear", "warning"],
    ]);
  });

  it("the hint is the secret(...) form", () => {
    const [issue] = checkClearCredentials({ image: IMAGE, env: { DB_PASSWORD: "hunter2" } });
    expect(issue?.hint).toMatch(/env: \{ DB_PASSWORD: secret\("<secret-name>"\)\.key\("<key>"\) \}/);
  });
});
