/**
 * The API server's own name and value rules (k8s.io/apimachinery validation), so a pod the cluster would
 * reject fails at compile time instead. Each check returns a problem description, or undefined when valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
export const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

export function checkDns1123Label(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is longer than 63 characters`;
  if (!DNS1123_LABEL.test(value)) return `"${value}" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)`;
  return undefined;
}

/**
 * The DNS-1123 label nearest to `text` (a task id): lower case, "-" for every run of anything else, no "-" at either
 * end, at most 63 characters. Empty when nothing is left: the caller names that case.
 */
export function dns1123LabelFrom(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}

export function checkDns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return `"${value}" is longer than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) return `"${value}" is not a valid Kubernetes object name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)`;
  return undefined;
}

/** Label and annotation keys: an optional DNS subdomain prefix and "/", then a name of at most 63 characters. */
export function checkQualifiedName(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix === "" || checkDns1123Subdomain(prefix))) return `the prefix of "${key}" is not a DNS subdomain`;
  if (name.length === 0 || name.length > 63) return `the name part of "${key}" must be 1 to 63 characters`;
  if (!QUALIFIED_NAME.test(name)) return `"${key}" is not a valid key (letters, digits, "-", "_", ".", starting and ending with a letter or digit)`;
  return undefined;
}

export function checkLabelValue(value: string): string | undefined {
  if (value.length > 63) return `label value "${value}" is longer than 63 characters`;
  if (value !== "" && !QUALIFIED_NAME.test(value)) return `label value "${value}" may hold only letters, digits, "-", "_", ".", starting and ending with a letter or digit`;
  return undefined;
}

export function checkEnvVarName(name: string): string | undefined {
  return C_IDENTIFIER.test(name) ? undefined : `"${name}" is not a valid environment variable name (letters, digits and "_", not starting with a digit)`;
}

export function checkConfigKey(key: string): string | undefined {
  if (key.length > 253) return `key "${key}" is longer than 253 characters`;
  if (!CONFIG_KEY.test(key)) return `key "${key}" may hold only letters, digits, "-", "_" and "."`;
  // They would be file names in a mounted volume: "." and ".." are taken, and ".." starts Kubernetes' own files.
  if (key === "." || key.startsWith("..")) return `key "${key}" may not be "." or start with ".."`;
  return undefined;
}

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const MULTIPLIERS: Record<string, number> = {
  "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The quantity's value as a number (for comparisons), or undefined when Kubernetes would not parse it. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, number = "0", suffix = ""] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  return multiplier === undefined ? undefined : Number(number) * multiplier;
}

/** A likely intended spelling of a quantity users often get wrong ("2GB" -> "2Gi"). */
export function suggestQuantity(text: string): string | undefined {
  const unit = /^(\d+(?:\.\d+)?)\s*([kKmMgGtTpPeE])(i?)[bB]?$/.exec(text.trim());
  if (unit) return `${unit[1]}${unit[2]!.toUpperCase()}i`;
  if (/^\d+(\.\d+)?\s+\S+$/.test(text)) return text.replace(/\s+/g, "");
  return undefined;
}

/** Resource names beyond cpu/memory/ephemeral-storage: a domain-prefixed name such as "nvidia.com/gpu". */
export function checkExtendedResourceName(name: string): string | undefined {
  const slash = name.indexOf("/");
  if (slash <= 0) return `"${name}" is not an extended resource name (expected "<domain>/<name>", e.g. "nvidia.com/gpu")`;
  if (checkQualifiedName(name)) return `"${name}" is not a valid resource name`;
  const domain = name.slice(0, slash);
  if (domain === "kubernetes.io" || domain.endsWith(".kubernetes.io")) return `"${name}" uses the reserved kubernetes.io domain`;
  return undefined;
}
