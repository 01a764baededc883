/**
 * What Airflow makes of an asset's URI and name, ported from the code that does it, so a URI Airflow would refuse
 * is a compile error and two spellings of one URI are recognised as the same asset:
 * - Airflow 3 (3.3.2): `_sanitize_uri`, `_validate_identifier` and `_validate_asset_name` in
 *   task-sdk/src/airflow/sdk/definitions/asset/__init__.py;
 * - Airflow 2.11 (2.11.2): `_sanitize_uri` and `Dataset.uri`'s validators in airflow/datasets/__init__.py.
 * Both lean on Python's `urllib.parse.urlsplit`/`urlunsplit`/`parse_qsl`/`urlencode`, ported below for what a URI
 * can hold. Not ported: the per-scheme normalizers that installed providers register (`asset_uri_handlers`); a
 * provider may refuse or rewrite a URI of its scheme. test/airflow/asset-uris.test.ts feeds the same URIs to both.
 */
import { AIRFLOW_LINES, type AirflowLine } from "./airflow-lines";

/** What one line says of a URI or name: refused (`error`) or accepted with a change it warns about. */
export interface AssetProblem {
  readonly severity: "error" | "warning";
  readonly message: string;
}

/** Python's `urllib.parse.scheme_chars`. */
const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+\-.]*$/;

/** Python's `urllib.parse.uses_netloc`: schemes whose URIs keep `//` when the netloc is empty. */
const USES_NETLOC = new Set(["", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews", "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss"]);

interface SplitUri {
  readonly scheme: string;
  readonly netloc: string;
  readonly path: string;
  readonly query: string;
  readonly fragment: string;
}

/** `urllib.parse.urlsplit` (Python 3.11), without the stripping of control characters. */
export function splitUri(uri: string): SplitUri {
  let rest = uri;
  let scheme = "";
  const colon = rest.indexOf(":");
  if (colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  let netloc = "";
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? "" : rest.slice(end + 2);
  }
  let fragment = "";
  const hash = rest.indexOf("#");
  if (hash >= 0) [rest, fragment] = [rest.slice(0, hash), rest.slice(hash + 1)];
  let query = "";
  const question = rest.indexOf("?");
  if (question >= 0) [rest, query] = [rest.slice(0, question), rest.slice(question + 1)];
  return { scheme, netloc, path: rest, query, fragment };
}

/** `urllib.parse.urlunsplit`. */
function unsplitUri({ scheme, netloc, path, query, fragment }: SplitUri): string {
  let url = path;
  if (netloc || (scheme && USES_NETLOC.has(scheme) && !url.startsWith("//"))) {
    if (url && !url.startsWith("/")) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme) url = `${scheme}:${url}`;
  if (query) url = `${url}?${query}`;
  if (fragment) url = `${url}#${fragment}`;
  return url;
}

/** `parse_qsl(query)` (blank values dropped), sorted, then `urlencode`d: how both lines normalize a query. */
function normalizeQuery(query: string): string {
  const pairs: [string, string][] = [];
  for (const part of query.split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const [name, value] = [unquotePlus(part.slice(0, eq)), unquotePlus(part.slice(eq + 1))];
    if (value.length > 0) pairs.push([name, value]);
  }
  pairs.sort(([a, x], [b, y]) => comparePython(a, b) || comparePython(x, y));
  return pairs.map(([name, value]) => `${quotePlus(name)}=${quotePlus(value)}`).join("&");
}

/** Python compares strings by code point, not by UTF-16 unit. */
function comparePython(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function unquotePlus(text: string): string {
  const spaced = text.replace(/\+/g, " ");
  // Python's unquote decodes each run of %XX as UTF-8, replacing what does not decode.
  return spaced.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Uint8Array.from(run.slice(1).split("%").map((h) => parseInt(h, 16)));
    return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  });
}

function quotePlus(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = "";
  for (const byte of bytes) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * The URI as the line stores it (its `_sanitize_uri`), or the problem that makes it refuse the URI: what makes two
 * spellings the same asset (`S3://lake/x/` and `s3://lake/x`). `named`: whether the asset has a name of its own
 * (one without is named by its URI, which Airflow 3 then checks as a name first).
 */
export function sanitizeAssetUri(uri: string, line: AirflowLine, named = true): { readonly uri: string; readonly problems: readonly AssetProblem[] } {
  const { noun, maxUriLength, asciiOnlyUri } = AIRFLOW_LINES[line].assets;
  const problems: AssetProblem[] = [];
  const refuse = (message: string) => ({ uri, problems: [...problems, { severity: "error" as const, message }] });
  // Airflow 3 names an asset given only a URI by that URI, and checks the name first.
  const asName = named ? undefined : checkAssetIdentifier("name", uri, line);
  if (asName) return refuse(asName.message);
  // 2.11 checks the raw URI first; Airflow 3 sanitizes first and checks the result (below).
  if (line === "airflow2") {
    if (uri === "") return refuse(`${capital(noun)} URI cannot be empty`);
    if (isPythonSpace(uri)) return refuse(`${capital(noun)} URI cannot be just whitespace`);
    if (asciiOnlyUri && !isAscii(uri)) return refuse(`${capital(noun)} URI must only consist of ASCII characters`);
  }
  const parts = splitUri(uri);
  let sanitized = uri;
  if ((parts.scheme || parts.netloc) && parts.scheme && !parts.scheme.startsWith("x-")) {
    if (parts.scheme === "airflow") return refuse(`${capital(noun)} scheme 'airflow' is reserved`);
    const at = parts.netloc.lastIndexOf("@");
    const userinfo = at < 0 ? "" : parts.netloc.slice(0, at);
    // Airflow 3 drops only a password (`user:password@`); 2.11 any user info.
    const drops = line === "airflow2" ? at >= 0 : userinfo.includes(":");
    if (drops) problems.push({ severity: "warning", message: `${capital(noun)} URIs should not hold user info or a password: ${AIRFLOW_LINES[line].name} drops it` });
    sanitized = unsplitUri({
      scheme: parts.scheme,
      netloc: drops ? parts.netloc.slice(at + 1) : parts.netloc,
      path: parts.path.replace(/\/+$/, "") || "/",
      query: parts.query ? normalizeQuery(parts.query) : "",
      fragment: "",
    });
  }
  if (line === "airflow3") {
    if (sanitized === "") return refuse(`Asset uri cannot be empty`);
    if (sanitized.length > maxUriLength) return refuse(`Asset uri cannot exceed ${maxUriLength} characters`);
    if (isPythonSpace(sanitized)) return refuse("Asset uri cannot be just whitespace");
  } else if (sanitized.length > maxUriLength) {
    // attrs' max_len validator.
    return refuse(`Length of 'uri' must be <= ${maxUriLength}: ${sanitized.length}`);
  }
  return { uri: sanitized, problems };
}

/** What the line refuses of an asset's name (Airflow 3; 2.11's datasets have no name) or group. */
export function checkAssetIdentifier(what: "name" | "group", value: string, line: AirflowLine): AssetProblem | undefined {
  const { namesAndGroups, maxUriLength, reservedNames } = AIRFLOW_LINES[line].assets;
  if (!namesAndGroups) return undefined;
  if (value.length > maxUriLength) return { severity: "error", message: `Asset ${what} cannot exceed ${maxUriLength} characters` };
  if (isPythonSpace(value)) return { severity: "error", message: `Asset ${what} cannot be just whitespace` };
  if (what === "name" && value === "") return { severity: "error", message: "Asset name cannot be empty" };
  if (what === "name" && reservedNames.includes(value)) return { severity: "error", message: `prohibited name for asset: ${value}` };
  return undefined;
}

/** Python's `str.isspace()`: not empty, and every character whitespace. */
function isPythonSpace(text: string): boolean {
  return text.length > 0 && /^[\s\u001c-\u001f\u0085]+$/u.test(text);
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
