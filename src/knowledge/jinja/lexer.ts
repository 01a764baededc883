/**
 * Jinja's lexer (jinja2/lexer.py) for Airflow's template environment: splits a template into template data and
 * the tokens inside `{{ ... }}` and `{% ... %}` tags, skips comments and `{% raw %}` bodies as Jinja does, decodes
 * string literals with Python's escape rules, and marks the point where Jinja's lexer would raise with an "error"
 * token. It knows nothing about the grammar: the parser (statements.ts, expressions.ts) reads its tokens.
 */

// ---------------------------------------------------------------------------------------------------------------
// Lexer (jinja2/lexer.py): root text, then tags lexed token by token until their end delimiter.

export interface Token {
  /** Jinja's token type: name, string, integer, float, an operator's type (add, lparen...), data, the tag begin
   * and end types, eof; or "error" for the point where Jinja's lexer raises. */
  readonly type: string;
  /** The name, the decoded string, the number's text, the operator or the data; the message of an error. */
  readonly value: string;
  readonly offset: number;
}

/** Where the lexer was when the template ended inside a tag: what the parser names when it meets the end. */
export interface LexerEnd {
  readonly openTag?: { readonly text: string; readonly offset: number };
  readonly openBracket?: { readonly text: string; readonly offset: number };
}

const OPERATORS: Readonly<Record<string, string>> = {
  "+": "add", "-": "sub", "/": "div", "//": "floordiv", "*": "mul", "%": "mod", "**": "pow", "~": "tilde",
  "[": "lbracket", "]": "rbracket", "(": "lparen", ")": "rparen", "{": "lbrace", "}": "rbrace", "==": "eq",
  "!=": "ne", ">": "gt", ">=": "gteq", "<": "lt", "<=": "lteq", "=": "assign", ".": "dot", ":": "colon",
  "|": "pipe", ",": "comma", ";": "semicolon",
};
export const OPERATOR_TEXT: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(OPERATORS).map(([k, v]) => [v, k]));
const CLOSING: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

// Python's `\s` on str: what str.isspace() accepts (JavaScript's `\s` differs: it takes U+FEFF, not U+001C–U+001F).
export const WS = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const WHITESPACE_RE = new RegExp(`${WS}+`, "y");
const FLOAT_RE = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INTEGER_RE = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;
const NAME_RE = /[\p{L}\p{M}\p{N}\p{Pc}\u00b7]+/uy;
const STRING_RE = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATOR_RE = /\*\*|\/\/|==|!=|>=|<=|[-+/*%~[\](){}=.:|,;<>]/y;
const BLOCK_END_RE = new RegExp(`\\+%\\}|-%\\}${WS}*|%\\}`, "y");
const VARIABLE_END_RE = new RegExp(`-\\}\\}${WS}*|\\}\\}`, "y");
const RAW_BEGIN_RE = new RegExp(`\\{%[-+]?${WS}*raw${WS}*(?:-%\\}${WS}*|%\\})`, "y");
const RAW_END_RE = new RegExp(`\\{%[-+]?${WS}*endraw${WS}*(?:\\+%\\}|-%\\}${WS}*|%\\})`, "g");
const COMMENT_END_RE = new RegExp(`[-+]?#\\}`, "g");

function matchAt(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(text)?.[0];
}

/** The tokens of the template; the last is "eof", or "error" where Jinja's lexer would raise. */
export function tokenize(text: string): { tokens: Token[]; end: LexerEnd } {
  // Jinja drops one trailing newline before lexing; `{#` right at the end is then no error.
  const source = text.replace(/(?:\r\n|\r|\n)$/, "");
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    const start = nextMarkup(source, pos);
    if (start === -1) {
      tokens.push({ type: "data", value: source.slice(pos), offset: pos });
      break;
    }
    if (start > pos) tokens.push({ type: "data", value: source.slice(pos, start), offset: pos });
    const raw = matchAt(RAW_BEGIN_RE, source, start);
    const step = raw !== undefined ? lexRaw(source, start + raw.length, tokens) : lexMarkup(source, start, tokens);
    if ("end" in step) return { tokens, end: step.end };
    pos = step.pos;
    if (tokens.at(-1)?.type === "error") return { tokens, end: {} };
  }
  tokens.push({ type: "eof", value: "", offset: source.length });
  return { tokens, end: {} };
}

function nextMarkup(source: string, from: number): number {
  for (let i = source.indexOf("{", from); i !== -1; i = source.indexOf("{", i + 1)) {
    const next = source[i + 1];
    if (next === "{" || next === "%" || next === "#") return i;
  }
  return -1;
}

/** The body of `{% raw %}`: data up to `{% endraw %}`; running to the very end is no error (Jinja's quirk). */
function lexRaw(source: string, pos: number, tokens: Token[]): { pos: number } {
  RAW_END_RE.lastIndex = pos;
  const end = RAW_END_RE.exec(source);
  if (!end) {
    if (pos < source.length) tokens.push({ type: "error", value: "missing {% endraw %}: the raw block is never closed", offset: pos });
    return { pos: source.length };
  }
  if (end.index > pos) tokens.push({ type: "data", value: source.slice(pos, end.index), offset: pos });
  return { pos: end.index + end[0].length };
}

/** One `{{ ... }}`, `{% ... %}` or `{# ... #}` starting at `start`. */
function lexMarkup(source: string, start: number, tokens: Token[]): { pos: number } | { end: LexerEnd } {
  const kind = source[start + 1];
  // The whitespace-control sign right after the delimiter belongs to it: `{{-1}}` prints 1.
  const body = start + 2 + (source[start + 2] === "-" || source[start + 2] === "+" ? 1 : 0);
  if (kind === "#") return lexComment(source, start, body, tokens);
  const isBlock = kind === "%";
  tokens.push({ type: isBlock ? "block_begin" : "variable_begin", value: source.slice(start, body), offset: start });
  const tagEnd = isBlock ? BLOCK_END_RE : VARIABLE_END_RE;
  const brackets: { text: string; offset: number }[] = [];
  let pos = body;
  for (;;) {
    if (brackets.length === 0) {
      const end = matchAt(tagEnd, source, pos);
      if (end !== undefined) {
        tokens.push({ type: isBlock ? "block_end" : "variable_end", value: end, offset: pos });
        return { pos: pos + end.length };
      }
    }
    if (pos >= source.length) {
      tokens.push({ type: "eof", value: "", offset: source.length });
      return { end: { openTag: { text: isBlock ? "{%" : "{{", offset: start }, openBracket: brackets.at(-1) } };
    }
    const { token, length } = lexTagToken(source, pos, brackets);
    if (token) tokens.push(token);
    if (token?.type === "error") return { pos };
    pos += length;
  }
}

function lexComment(source: string, start: number, body: number, tokens: Token[]): { pos: number } {
  COMMENT_END_RE.lastIndex = body;
  const end = COMMENT_END_RE.exec(source);
  if (end) {
    const after = end.index + end[0].length;
    return { pos: end[0].startsWith("-") ? after + (matchAt(WHITESPACE_RE, source, after)?.length ?? 0) : after };
  }
  if (body < source.length) tokens.push({ type: "error", value: "missing end of comment tag '#}'", offset: start });
  return { pos: source.length };
}

/** One token inside a tag, in the order Jinja tries its rules: whitespace, float, integer, name, string, operator. */
function lexTagToken(source: string, pos: number, brackets: { text: string; offset: number }[]): { token?: Token; length: number } {
  const ws = matchAt(WHITESPACE_RE, source, pos);
  if (ws !== undefined) return { length: ws.length };
  for (const [type, re] of [["float", FLOAT_RE], ["integer", INTEGER_RE]] as const) {
    const number = matchAt(re, source, pos);
    if (number !== undefined) return { token: { type, value: number, offset: pos }, length: number.length };
  }
  const name = matchAt(NAME_RE, source, pos);
  if (name !== undefined) {
    if (!/^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(name)) return { token: { type: "error", value: `invalid character in identifier '${name}'`, offset: pos }, length: 0 };
    return { token: { type: "name", value: name, offset: pos }, length: name.length };
  }
  STRING_RE.lastIndex = pos;
  const string = STRING_RE.exec(source);
  if (string) {
    const decoded = decodePythonString(string[1] ?? string[2] ?? "");
    if ("error" in decoded) return { token: { type: "error", value: `invalid string literal: ${decoded.error}`, offset: pos }, length: 0 };
    return { token: { type: "string", value: decoded.value, offset: pos }, length: string[0].length };
  }
  const op = matchAt(OPERATOR_RE, source, pos);
  if (op === undefined) return { token: { type: "error", value: `unexpected char ${pyRepr(source[pos]!)}`, offset: pos }, length: 0 };
  return { token: bracketToken(op, pos, brackets), length: op.length };
}

/** Jinja only ends a tag when brackets are balanced, and fails at once on a closing bracket that does not match. */
function bracketToken(op: string, pos: number, brackets: { text: string; offset: number }[]): Token {
  if (op in CLOSING) brackets.push({ text: op, offset: pos });
  else if (op === ")" || op === "]" || op === "}") {
    const open = brackets.pop();
    if (!open) return { type: "error", value: `unexpected '${op}'`, offset: pos };
    const expected = CLOSING[open.text]!;
    if (expected !== op) return { type: "error", value: `unexpected '${op}', expected '${expected}' to close the '${open.text}'`, offset: pos };
  }
  return { type: OPERATORS[op]!, value: op, offset: pos };
}

function pyRepr(char: string): string {
  if (char === "'") return `"'"`;
  if (char === "\\") return "'\\\\'";
  const code = char.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, "0")}'`;
  return `'${char}'`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A string literal's body decoded as Jinja does (Python's unicode-escape codec), or the codec's complaint. */
function decodePythonString(body: string): { value: string } | { error: string } {
  let value = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      value += c;
      continue;
    }
    const e = body[i + 1] ?? "";
    i++;
    if (e === "\n" || e === "\r") {
      if (e === "\r" && body[i + 1] === "\n") i++; // a line continuation (Jinja turns \r\n into \n first)
    } else if (e in SIMPLE_ESCAPES) value += SIMPLE_ESCAPES[e];
    else if (/[0-7]/.test(e)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      value += String.fromCodePoint(parseInt(digits, 8));
      i += digits.length - 1;
    } else if (e in HEX_ESCAPES) {
      const width = HEX_ESCAPES[e]!;
      const digits = body.slice(i + 1, i + 1 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) return { error: `truncated \\${e}${"X".repeat(width)} escape` };
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) return { error: "illegal Unicode character" };
      value += String.fromCodePoint(code);
      i += width;
    } else if (e === "N") {
      const named = /^\{([^}]+)\}/.exec(body.slice(i + 1));
      if (!named) return { error: "malformed \\N character escape" };
      value += "\ufffd"; // the name is not looked up (see the divergences above)
      i += named[0].length;
    } else value += `\\${e}`; // unknown escapes stay as they are (Python only warns)
  }
  return { value };
}
