/**
 * Jinja templates as Airflow renders them, checked at compile time: a port of Jinja2 3.1's lexer, parser and
 * identifier tracking (jinja2/lexer.py, parser.py, idtracking.py, compiler.py), so that `errors` is empty exactly
 * when Airflow's template environment would parse the string, and `reads` are the names it would look up in the
 * task's context. test/airflow/jinja.test.ts proves both against the real Jinja2 of each pinned Airflow line.
 *
 * The environment ported is the one `DAG.get_template_env()` builds on Airflow 3.3 and 2.11: default delimiters,
 * no line statements, no trim_blocks/lstrip_blocks, and the `do` extension (`{% do expr %}`). Loop controls
 * (`{% break %}`), i18n (`{% trans %}`) and `{% debug %}` are not enabled there, so they are unknown tags here too.
 *
 * Known divergences from Jinja (all on inputs no DAG author writes):
 * - digits and identifiers: ASCII digits only (Python's `\d` also takes other scripts' digits); identifier
 *   characters follow Unicode ID_Start/ID_Continue where Python uses XID_Start/XID_Continue;
 * - `'\N{...}'` escapes are accepted for any non-empty name (Python checks it against the Unicode database);
 * - nesting: Jinja fails with a RecursionError on brackets or tags nested more than about 70 deep (the exact depth
 *   depends on Python's stack); here only nesting that exhausts JavaScript's stack is an error;
 * - errors found only when Jinja compiles a parsed template (unknown filter or test names, assigning to `loop` in
 *   a for loop, a block defined twice) are not syntax errors, so they are not in `errors`;
 * - `reads` follow the order statements run in, where `jinja2.meta.find_undeclared_variables` does not: a name
 *   set in an `{% if %}` branch is not a read afterwards when every branch sets it (Jinja still resolves it from
 *   the context first), and a name only ever assigned is never a read. {@link findUndeclaredVariables} gives
 *   Jinja's own answer.
 */

export interface TemplateError {
  readonly message: string;
  /** Index into the template string where Jinja stops (or, for an unclosed tag or bracket, where it opens). */
  readonly offset: number;
}
export interface ContextRead {
  readonly name: string;
  readonly offset: number;
}
export interface XcomPull {
  /** The task ids given as literal strings (`task_ids=` or first argument), or "dynamic" when missing or computed. */
  readonly taskIds: readonly string[] | "dynamic";
  /** Where the call starts: the `ti` or `task_instance` of `ti.xcom_pull(...)`. */
  readonly offset: number;
}
export interface TemplateAnalysis {
  /** The syntax error Jinja would raise (at most one: Jinja stops at the first); empty when Jinja parses it. */
  readonly errors: readonly TemplateError[];
  /**
   * Every place the template reads a name from the render context (not set by the template itself, not a
   * `for` target, not `loop` inside its loop, not a macro argument), sorted by offset. Template globals such as
   * `range` or `namespace` are reads too: filter them out with TEMPLATE_GLOBALS. Filter and test names are not reads.
   */
  readonly reads: readonly ContextRead[];
  /** Calls of `ti.xcom_pull(...)` / `task_instance.xcom_pull(...)` on the context's task instance, sorted by offset. */
  readonly xcomPulls: readonly XcomPull[];
}

/** True when the string contains Jinja markup at all ({{, {% or {#): plain strings skip analysis. */
export function hasJinja(text: string): boolean {
  return /\{[{%#]/.test(text);
}

export function analyzeTemplate(text: string): TemplateAnalysis {
  const analysis = guardDepth(() => {
    const parsed = parseTemplate(text);
    if ("error" in parsed) return { errors: [parsed.error], reads: [], xcomPulls: [] };
    const scan = scanTemplate(parsed.template);
    return { errors: [], reads: scan.reads, xcomPulls: scan.xcomPulls };
  });
  return analysis ?? { errors: [{ message: "the template nests too deeply to analyze", offset: 0 }], reads: [], xcomPulls: [] };
}

/**
 * What `jinja2.meta.find_undeclared_variables` returns for the template (before it drops the environment's
 * globals), sorted; undefined when Jinja cannot parse it. Kept to prove the identifier tracking against Jinja;
 * checks use {@link analyzeTemplate}'s `reads`, which leave out names the template always sets itself.
 */
export function findUndeclaredVariables(text: string): string[] | undefined {
  return guardDepth(() => {
    const parsed = parseTemplate(text);
    return "error" in parsed ? undefined : [...scanTemplate(parsed.template).undeclared].sort();
  });
}

/** The parser and scanner recurse once per nesting level: only absurd nesting exhausts the stack (Jinja itself
 * gives up near 80 levels with a RecursionError, earlier than this). */
function guardDepth<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

function parseTemplate(text: string): { template: TemplateNode } | { error: TemplateError } {
  try {
    return { template: new Parser(tokenize(text)).parse() };
  } catch (e) {
    if (e instanceof JinjaSyntaxError) return { error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

class JinjaSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Lexer (jinja2/lexer.py): root text, then tags lexed token by token until their end delimiter.

interface Token {
  /** Jinja's token type: name, string, integer, float, an operator's type (add, lparen...), data, the tag begin
   * and end types, eof; or "error" for the point where Jinja's lexer raises. */
  readonly type: string;
  /** The name, the decoded string, the number's text, the operator or the data; the message of an error. */
  readonly value: string;
  readonly offset: number;
}

/** Where the lexer was when the template ended inside a tag: what the parser names when it meets the end. */
interface LexerEnd {
  readonly openTag?: { readonly text: string; readonly offset: number };
  readonly openBracket?: { readonly text: string; readonly offset: number };
}

const OPERATORS: Readonly<Record<string, string>> = {
  "+": "add", "-": "sub", "/": "div", "//": "floordiv", "*": "mul", "%": "mod", "**": "pow", "~": "tilde",
  "[": "lbracket", "]": "rbracket", "(": "lparen", ")": "rparen", "{": "lbrace", "}": "rbrace", "==": "eq",
  "!=": "ne", ">": "gt", ">=": "gteq", "<": "lt", "<=": "lteq", "=": "assign", ".": "dot", ":": "colon",
  "|": "pipe", ",": "comma", ";": "semicolon",
};
const OPERATOR_TEXT: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(OPERATORS).map(([k, v]) => [v, k]));
const CLOSING: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

// Python's `\s` on str: what str.isspace() accepts (JavaScript's `\s` differs: it takes U+FEFF, not U+001C–U+001F).
const WS = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
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
function tokenize(text: string): { tokens: Token[]; end: LexerEnd } {
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

// ---------------------------------------------------------------------------------------------------------------
// Syntax tree: Jinja's node classes that the parser can produce, with their fields in Jinja's order.

type ExprNode =
  | { kind: "Name"; offset: number; name: string; ctx: "load" | "store" | "param" }
  | { kind: "NSRef"; offset: number; name: string; attr: string }
  | { kind: "Const"; offset: number; value: string | number | boolean | null; isString: boolean }
  | { kind: "Tuple"; offset: number; items: ExprNode[] }
  | { kind: "List"; offset: number; items: ExprNode[] }
  | { kind: "Dict"; offset: number; items: [ExprNode, ExprNode][] }
  | { kind: "CondExpr"; offset: number; test: ExprNode; expr1: ExprNode; expr2: ExprNode | undefined }
  | { kind: "Binary"; offset: number; op: string; left: ExprNode; right: ExprNode }
  | { kind: "Unary"; offset: number; op: string; node: ExprNode }
  | { kind: "Concat"; offset: number; nodes: ExprNode[] }
  | { kind: "Compare"; offset: number; expr: ExprNode; ops: ExprNode[] }
  | { kind: "Getattr"; offset: number; node: ExprNode; attr: string }
  | { kind: "Getitem"; offset: number; node: ExprNode; arg: ExprNode }
  | { kind: "Slice"; offset: number; parts: (ExprNode | undefined)[] }
  | ({ kind: "Call"; offset: number; node: ExprNode } & CallArgs)
  | ({ kind: "Filter" | "Test"; offset: number; node: ExprNode | undefined; name: string } & CallArgs);

interface CallArgs {
  args: ExprNode[];
  kwargs: { key: string; value: ExprNode }[];
  dynArgs: ExprNode | undefined;
  dynKwargs: ExprNode | undefined;
}

type StmtNode =
  | { kind: "Output"; nodes: (ExprNode | { kind: "TemplateData"; data: string })[] }
  | { kind: "For"; target: ExprNode; iter: ExprNode; body: StmtNode[]; else_: StmtNode[]; test: ExprNode | undefined; recursive: boolean }
  | IfNode
  | { kind: "Macro"; name: string; args: ExprNode[]; defaults: ExprNode[]; body: StmtNode[] }
  | { kind: "CallBlock"; call: ExprNode; args: ExprNode[]; defaults: ExprNode[]; body: StmtNode[] }
  | { kind: "FilterBlock"; body: StmtNode[]; filter: ExprNode }
  | { kind: "With"; targets: ExprNode[]; values: ExprNode[]; body: StmtNode[] }
  | { kind: "Block"; name: string; body: StmtNode[]; scoped: boolean }
  | { kind: "Extends" | "Include" | "ExprStmt"; node: ExprNode }
  | { kind: "Import"; node: ExprNode; target: string }
  | { kind: "FromImport"; node: ExprNode; names: string[] }
  | { kind: "Assign"; target: ExprNode; node: ExprNode }
  | { kind: "AssignBlock"; target: ExprNode; filter: ExprNode | undefined; body: StmtNode[] }
  // Jinja's Scope(ScopedEvalContextModifier(options, body)), flattened.
  | { kind: "Autoescape"; value: ExprNode; body: StmtNode[] };

interface IfNode {
  kind: "If";
  test: ExprNode;
  body: StmtNode[];
  elif_: IfNode[];
  else_: StmtNode[];
}

interface TemplateNode {
  kind: "Template";
  body: StmtNode[];
}

type AnyNode = ExprNode | StmtNode | TemplateNode | { kind: "TemplateData"; data: string };

/** A node's child nodes in Jinja's field order (what its NodeVisitor.generic_visit walks). */
function children(node: AnyNode): AnyNode[] {
  const some = (...xs: (AnyNode | undefined)[]) => xs.filter((x): x is AnyNode => x !== undefined);
  const callArgs = (n: CallArgs) => [...n.args, ...n.kwargs.map((k) => k.value), ...some(n.dynArgs, n.dynKwargs)];
  switch (node.kind) {
    case "Template": return node.body;
    case "Output": return node.nodes;
    case "For": return [node.target, node.iter, ...node.body, ...node.else_, ...some(node.test)];
    case "If": return [node.test, ...node.body, ...node.elif_, ...node.else_];
    case "Macro": return [...node.args, ...node.defaults, ...node.body];
    case "CallBlock": return [node.call, ...node.args, ...node.defaults, ...node.body];
    case "FilterBlock": return [...node.body, node.filter];
    case "With": return [...node.targets, ...node.values, ...node.body];
    case "Block": return node.body;
    case "Extends": case "Include": case "ExprStmt": case "Import": case "FromImport": return [node.node];
    case "Assign": return [node.target, node.node];
    case "AssignBlock": return [node.target, ...some(node.filter), ...node.body];
    case "Autoescape": return [node.value, ...node.body];
    case "Tuple": case "List": return node.items;
    case "Dict": return node.items.flat();
    case "CondExpr": return some(node.test, node.expr1, node.expr2);
    case "Binary": return [node.left, node.right];
    case "Unary": return [node.node];
    case "Concat": return node.nodes;
    case "Compare": return [node.expr, ...node.ops];
    case "Getattr": return [node.node];
    case "Getitem": return [node.node, node.arg];
    case "Slice": return some(...node.parts);
    case "Call": return [node.node, ...callArgs(node)];
    case "Filter": case "Test": return [...some(node.node), ...callArgs(node)];
    default: return [];
  }
}

/** Every node below `node` (itself included) in document order. */
function* walkNodes(node: AnyNode): Generator<AnyNode> {
  yield node;
  for (const child of children(node)) yield* walkNodes(child);
}

// ---------------------------------------------------------------------------------------------------------------
// Parser (jinja2/parser.py), method for method; messages as Jinja words them, with offsets instead of lines.

/** Jinja's statements, and `do` from jinja2.ext.do (the one extension Airflow turns on). */
const KNOWN_TAGS = new Set(["for", "if", "block", "extends", "print", "macro", "include", "from", "import", "set", "with", "autoescape", "call", "filter", "do"]);
const COMPARE_OPERATORS = new Set(["eq", "ne", "lt", "lteq", "gt", "gteq"]);
const MATH1 = { add: "Add", sub: "Sub" } as const;
const MATH2 = { mul: "Mul", div: "Div", floordiv: "FloorDiv", mod: "Mod" } as const;
const CONSTANT_NAMES: Readonly<Record<string, boolean | null>> = { true: true, True: true, false: false, False: false, none: null, None: null };
const TOKEN_DESCRIPTIONS: Readonly<Record<string, string>> = {
  block_begin: "begin of statement block", block_end: "end of statement block", variable_begin: "begin of print statement",
  variable_end: "end of print statement", data: "template data / text", eof: "end of template",
};
/** Tags of Jinja extensions that Airflow's template environment leaves off. */
const DISABLED_TAGS: Readonly<Record<string, string>> = {
  break: "loop controls ({% break %}, {% continue %}) need Jinja's loopcontrols extension, which Airflow does not enable",
  continue: "loop controls ({% break %}, {% continue %}) need Jinja's loopcontrols extension, which Airflow does not enable",
  trans: "{% trans %} needs Jinja's i18n extension, which Airflow does not enable",
  debug: "{% debug %} needs Jinja's debug extension, which Airflow does not enable",
};

function describeType(type: string): string {
  return OPERATOR_TEXT[type] ?? TOKEN_DESCRIPTIONS[type] ?? type;
}
function describeToken(token: Token): string {
  return token.type === "name" ? token.value : describeType(token.type);
}
/** "name:for" → "for", "block_end" → "end of statement block" (Jinja's describe_token_expr). */
function describeExpr(expr: string): string {
  const [type, value] = expr.split(":", 2) as [string, string | undefined];
  return type === "name" && value !== undefined ? value : describeType(type);
}

class TokenStream {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    readonly end: LexerEnd,
  ) {
    this.check(0);
  }

  get current(): Token {
    return this.tokens[this.index]!;
  }

  /** Moves on and returns the token left behind; the lexer error, when the next token is one, is raised here. */
  next(): Token {
    const token = this.current;
    if (token.type !== "eof") this.check(++this.index);
    return token;
  }

  look(): Token {
    if (this.current.type === "eof") return this.current;
    this.check(this.index + 1);
    return this.tokens[this.index + 1]!;
  }

  test(expr: string, token: Token = this.current): boolean {
    if (token.type === expr) return true;
    const colon = expr.indexOf(":");
    return colon !== -1 && token.type === expr.slice(0, colon) && token.value === expr.slice(colon + 1);
  }

  skipIf(expr: string): boolean {
    if (!this.test(expr)) return false;
    this.next();
    return true;
  }

  expect(expr: string): Token {
    if (this.test(expr)) return this.next();
    const wanted = describeExpr(expr);
    if (this.current.type === "eof") this.failAtEnd(`unexpected end of template, expected '${wanted}'`);
    throw new JinjaSyntaxError(`expected token '${wanted}', got '${describeToken(this.current)}'`, this.current.offset);
  }

  /** An error at the end of the template, pointed at the bracket or tag left open when there is one. */
  failAtEnd(message: string): never {
    const { openBracket, openTag } = this.end;
    if (openBracket) throw new JinjaSyntaxError(`unclosed '${openBracket.text}': ${message}`, openBracket.offset);
    if (openTag) throw new JinjaSyntaxError(`unclosed '${openTag.text}' (no '${openTag.text === "{{" ? "}}" : "%}"}' before the end): ${message}`, openTag.offset);
    throw new JinjaSyntaxError(message, this.current.offset);
  }

  private check(index: number): void {
    const token = this.tokens[index];
    if (token?.type === "error") throw new JinjaSyntaxError(token.value, token.offset);
  }
}

class Parser {
  private readonly stream: TokenStream;
  private readonly tagStack: { name: string; offset: number }[] = [];
  private readonly endTokenStack: string[][] = [];

  constructor(lexed: { tokens: Token[]; end: LexerEnd }) {
    this.stream = new TokenStream(lexed.tokens, lexed.end);
  }

  parse(): TemplateNode {
    return { kind: "Template", body: this.subparse(undefined) };
  }

  private fail(message: string, offset: number = this.stream.current.offset): never {
    if (this.stream.current.type === "eof" && offset === this.stream.current.offset) this.stream.failAtEnd(message);
    throw new JinjaSyntaxError(message, offset);
  }

  private subparse(endTokens: string[] | undefined): StmtNode[] {
    const body: StmtNode[] = [];
    let output: (ExprNode | { kind: "TemplateData"; data: string })[] = [];
    const flush = () => {
      if (output.length) body.push({ kind: "Output", nodes: output });
      output = [];
    };
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      while (this.stream.current.type !== "eof") {
        const token = this.stream.current;
        if (token.type === "data") {
          output.push({ kind: "TemplateData", data: token.value });
          this.stream.next();
        } else if (token.type === "variable_begin") {
          this.stream.next();
          output.push(this.parseTuple({ withCondexpr: true }));
          this.stream.expect("variable_end");
        } else {
          flush();
          this.stream.next();
          if (endTokens && endTokens.some((e) => this.stream.test(e))) return body;
          body.push(this.parseStatement(token.offset));
          this.stream.expect("block_end");
        }
      }
      flush();
      return body;
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
  }

  private parseStatement(tagOffset: number): StmtNode {
    const token = this.stream.current;
    if (token.type !== "name") this.fail("tag name expected");
    if (!KNOWN_TAGS.has(token.value)) this.failUnknownTag(token);
    this.tagStack.push({ name: token.value, offset: tagOffset });
    try {
      return this.parseTag(token.value);
    } finally {
      this.tagStack.pop();
    }
  }

  private parseTag(tag: string): StmtNode {
    switch (tag) {
      case "for": return this.parseFor();
      case "if": return this.parseIf();
      case "block": return this.parseBlock();
      case "extends": return { kind: "Extends", node: (this.stream.next(), this.parseExpression()) };
      case "print": return this.parsePrint();
      case "macro": return this.parseMacro();
      case "include": return this.parseInclude();
      case "from": return this.parseFrom();
      case "import": return this.parseImport();
      case "set": return this.parseSet();
      case "with": return this.parseWith();
      case "autoescape": return this.parseAutoescape();
      case "call": return this.parseCallBlock();
      case "filter": return this.parseFilterBlock();
      default: return { kind: "ExprStmt", node: (this.stream.next(), this.parseTuple({})) }; // {% do expr %}
    }
  }

  private failUnknownTag(token: Token): never {
    const parts = [`unknown tag '${token.value}'`];
    const looking = this.endTokenStack.at(-1);
    if (looking) {
      const expected = new Set(this.endTokenStack.flat().map(describeExpr));
      const wanted = looking.map((e) => `'${describeExpr(e)}'`).join(" or ");
      parts.push(expected.has(token.value) ? `you probably made a nesting mistake: Jinja is expecting this tag, but first ${wanted}` : `Jinja was looking for ${wanted}`);
    }
    const innermost = this.tagStack.at(-1);
    if (innermost) parts.push(`the innermost block that needs to be closed is '${innermost.name}'`);
    if (DISABLED_TAGS[token.value]) parts.push(DISABLED_TAGS[token.value]!);
    throw new JinjaSyntaxError(parts.join("; "), token.offset);
  }

  /** The template ended inside a block tag: name the closing tag it needs and point at the tag that opened it. */
  private failEof(endTokens: string[]): never {
    const wanted = endTokens.map(describeExpr);
    const closer = wanted.find((t) => t.startsWith("end")) ?? wanted.at(-1)!;
    const opener = this.tagStack.at(-1);
    const looking = `Jinja reached the end of the template looking for ${wanted.map((t) => `'${t}'`).join(" or ")}`;
    if (!opener) throw new JinjaSyntaxError(`missing {% ${closer} %}: ${looking}`, this.stream.current.offset);
    throw new JinjaSyntaxError(`missing {% ${closer} %}: the '${opener.name}' tag is never closed (${looking})`, opener.offset);
  }

  private parseStatements(endTokens: string[], dropNeedle = false): StmtNode[] {
    this.stream.skipIf("colon");
    this.stream.expect("block_end");
    const result = this.subparse(endTokens);
    if (this.stream.current.type === "eof") this.failEof(endTokens);
    if (dropNeedle) this.stream.next();
    return result;
  }

  private parseSet(): StmtNode {
    this.stream.next();
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.stream.skipIf("assign")) return { kind: "Assign", target, node: this.parseTuple({}) };
    const filter = this.parseFilter(undefined);
    return { kind: "AssignBlock", target, filter, body: this.parseStatements(["name:endset"], true) };
  }

  private parseFor(): StmtNode {
    this.stream.expect("name:for");
    const target = this.parseAssignTarget({});
    this.stream.expect("name:in");
    const iter = this.parseTuple({ withCondexpr: false });
    const test = this.stream.skipIf("name:if") ? this.parseExpression() : undefined;
    const recursive = this.stream.skipIf("name:recursive");
    const body = this.parseStatements(["name:endfor", "name:else"]);
    const else_ = this.stream.next().value === "endfor" ? [] : this.parseStatements(["name:endfor"], true);
    return { kind: "For", target, iter, body, else_, test, recursive };
  }

  private parseIf(): IfNode {
    this.stream.expect("name:if");
    const result: IfNode = { kind: "If", test: this.parseTuple({ withCondexpr: false }), body: [], elif_: [], else_: [] };
    let node = result;
    for (;;) {
      node.body = this.parseStatements(["name:elif", "name:else", "name:endif"]);
      const token = this.stream.next();
      if (this.stream.test("name:elif", token)) {
        node = { kind: "If", test: this.parseTuple({ withCondexpr: false }), body: [], elif_: [], else_: [] };
        result.elif_.push(node);
        continue;
      }
      if (this.stream.test("name:else", token)) result.else_ = this.parseStatements(["name:endif"], true);
      return result;
    }
  }

  private parseWith(): StmtNode {
    this.stream.next();
    const targets: ExprNode[] = [];
    const values: ExprNode[] = [];
    while (this.stream.current.type !== "block_end") {
      if (targets.length) this.stream.expect("comma");
      const target = this.parseAssignTarget({});
      setContext(target, "param");
      targets.push(target);
      this.stream.expect("assign");
      values.push(this.parseExpression());
    }
    return { kind: "With", targets, values, body: this.parseStatements(["name:endwith"], true) };
  }

  private parseAutoescape(): StmtNode {
    this.stream.next();
    const value = this.parseExpression();
    return { kind: "Autoescape", value, body: this.parseStatements(["name:endautoescape"], true) };
  }

  private parseBlock(): StmtNode {
    this.stream.next();
    const name = this.stream.expect("name").value;
    const scoped = this.stream.skipIf("name:scoped");
    const required = this.stream.skipIf("name:required");
    if (this.stream.current.type === "sub") {
      this.fail("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.");
    }
    const body = this.parseStatements(["name:endblock"], true);
    const whitespaceOnly = (n: StmtNode) => n.kind === "Output" && n.nodes.every((o) => o.kind === "TemplateData" && isPythonSpace(o.data));
    if (required && !body.every(whitespaceOnly)) this.fail("Required blocks can only contain comments or whitespace");
    this.stream.skipIf(`name:${name}`);
    return { kind: "Block", name, body, scoped };
  }

  /** `with context` / `without context` after an include or import (Jinja looks one token ahead for it). */
  private skipImportContext(): boolean {
    if ((this.stream.test("name:with") || this.stream.test("name:without")) && this.stream.test("name:context", this.stream.look())) {
      this.stream.next();
      this.stream.next();
      return true;
    }
    return false;
  }

  private parseInclude(): StmtNode {
    this.stream.next();
    const node = this.parseExpression();
    if (this.stream.test("name:ignore") && this.stream.test("name:missing", this.stream.look())) {
      this.stream.next();
      this.stream.next();
    }
    this.skipImportContext();
    return { kind: "Include", node };
  }

  private parseImport(): StmtNode {
    this.stream.next();
    const node = this.parseExpression();
    this.stream.expect("name:as");
    const target = this.parseNameTarget();
    this.skipImportContext();
    return { kind: "Import", node, target };
  }

  private parseFrom(): StmtNode {
    this.stream.next();
    const node = this.parseExpression();
    this.stream.expect("name:import");
    const names: string[] = [];
    for (;;) {
      if (names.length) this.stream.expect("comma");
      if (this.stream.current.type !== "name") {
        this.stream.expect("name");
        continue;
      }
      if (this.skipImportContext()) break;
      const offset = this.stream.current.offset;
      const target = this.parseNameTarget();
      if (target.startsWith("_")) this.fail("names starting with an underline can not be imported", offset);
      names.push(this.stream.skipIf("name:as") ? this.parseNameTarget() : target);
      if (this.skipImportContext() || !this.stream.test("comma")) break;
    }
    return { kind: "FromImport", node, names };
  }

  private parseSignature(): { args: ExprNode[]; defaults: ExprNode[] } {
    const args: ExprNode[] = [];
    const defaults: ExprNode[] = [];
    this.stream.expect("lparen");
    while (this.stream.current.type !== "rparen") {
      if (args.length) this.stream.expect("comma");
      const offset = this.stream.current.offset;
      const name = this.parseNameTarget();
      if (this.stream.skipIf("assign")) defaults.push(this.parseExpression());
      else if (defaults.length) this.fail("non-default argument follows default argument");
      args.push({ kind: "Name", offset, name, ctx: "param" });
    }
    this.stream.expect("rparen");
    return { args, defaults };
  }

  private parseCallBlock(): StmtNode {
    const offset = this.stream.next().offset;
    const signature = this.stream.current.type === "lparen" ? this.parseSignature() : { args: [], defaults: [] };
    const call = this.parseExpression();
    if (call.kind !== "Call") this.fail("expected call", offset);
    return { kind: "CallBlock", call, ...signature, body: this.parseStatements(["name:endcall"], true) };
  }

  private parseFilterBlock(): StmtNode {
    this.stream.next();
    const filter = this.parseFilter(undefined, true)!;
    return { kind: "FilterBlock", filter, body: this.parseStatements(["name:endfilter"], true) };
  }

  private parseMacro(): StmtNode {
    this.stream.next();
    const name = this.parseNameTarget();
    const signature = this.parseSignature();
    return { kind: "Macro", name, ...signature, body: this.parseStatements(["name:endmacro"], true) };
  }

  private parsePrint(): StmtNode {
    this.stream.next();
    const nodes: ExprNode[] = [];
    while (this.stream.current.type !== "block_end") {
      if (nodes.length) this.stream.expect("comma");
      nodes.push(this.parseExpression());
    }
    return { kind: "Output", nodes };
  }

  /** parse_assign_target(name_only=True): a bare name, and not one of Jinja's constants. */
  private parseNameTarget(): string {
    const token = this.stream.expect("name");
    if (token.value in CONSTANT_NAMES) this.fail("can't assign to 'name'", token.offset);
    return token.value;
  }

  private parseAssignTarget(options: { withNamespace?: boolean }): ExprNode {
    const target = this.parseTuple({ simplified: true, withNamespace: options.withNamespace });
    setContext(target, "store");
    if (!canAssign(target)) this.fail(`can't assign to '${jinjaTypeName(target)}'`, target.offset);
    return target;
  }

  private parseExpression(withCondexpr = true): ExprNode {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): ExprNode {
    const offset = this.stream.current.offset;
    let expr1 = this.parseOr();
    while (this.stream.skipIf("name:if")) {
      const test = this.parseOr();
      const expr2 = this.stream.skipIf("name:else") ? this.parseCondexpr() : undefined;
      expr1 = { kind: "CondExpr", offset, test, expr1, expr2 };
    }
    return expr1;
  }

  private parseOr(): ExprNode {
    let left = this.parseAnd();
    while (this.stream.skipIf("name:or")) left = { kind: "Binary", offset: left.offset, op: "Or", left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): ExprNode {
    let left = this.parseNot();
    while (this.stream.skipIf("name:and")) left = { kind: "Binary", offset: left.offset, op: "And", left, right: this.parseNot() };
    return left;
  }

  private parseNot(): ExprNode {
    if (!this.stream.test("name:not")) return this.parseCompare();
    const offset = this.stream.next().offset;
    return { kind: "Unary", offset, op: "Not", node: this.parseNot() };
  }

  private parseCompare(): ExprNode {
    const expr = this.parseMath1();
    const ops: ExprNode[] = [];
    for (;;) {
      if (COMPARE_OPERATORS.has(this.stream.current.type)) {
        this.stream.next();
        ops.push(this.parseMath1());
      } else if (this.stream.skipIf("name:in")) ops.push(this.parseMath1());
      else if (this.stream.test("name:not") && this.stream.test("name:in", this.stream.look())) {
        this.stream.next();
        this.stream.next();
        ops.push(this.parseMath1());
      } else break;
    }
    return ops.length ? { kind: "Compare", offset: expr.offset, expr, ops } : expr;
  }

  private parseMath1(): ExprNode {
    let left = this.parseConcat();
    for (let type = this.stream.current.type; type === "add" || type === "sub"; type = this.stream.current.type) {
      this.stream.next();
      left = { kind: "Binary", offset: left.offset, op: MATH1[type], left, right: this.parseConcat() };
    }
    return left;
  }

  private parseConcat(): ExprNode {
    const nodes = [this.parseMath2()];
    while (this.stream.current.type === "tilde") {
      this.stream.next();
      nodes.push(this.parseMath2());
    }
    return nodes.length === 1 ? nodes[0]! : { kind: "Concat", offset: nodes[0]!.offset, nodes };
  }

  private parseMath2(): ExprNode {
    let left = this.parsePow();
    for (let type = this.stream.current.type; type in MATH2; type = this.stream.current.type) {
      this.stream.next();
      left = { kind: "Binary", offset: left.offset, op: MATH2[type as keyof typeof MATH2], left, right: this.parsePow() };
    }
    return left;
  }

  private parsePow(): ExprNode {
    let left = this.parseUnary();
    while (this.stream.current.type === "pow") {
      this.stream.next();
      left = { kind: "Binary", offset: left.offset, op: "Pow", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(withFilter = true): ExprNode {
    const { type, offset } = this.stream.current;
    let node: ExprNode;
    if (type === "sub" || type === "add") {
      this.stream.next();
      node = { kind: "Unary", offset, op: type === "sub" ? "Neg" : "Pos", node: this.parseUnary(false) };
    } else node = this.parsePrimary();
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  private parsePrimary(withNamespace = false): ExprNode {
    const token = this.stream.current;
    const offset = token.offset;
    if (token.type === "name") {
      this.stream.next();
      if (token.value in CONSTANT_NAMES) return { kind: "Const", offset, value: CONSTANT_NAMES[token.value]!, isString: false };
      if (withNamespace && this.stream.current.type === "dot") {
        this.stream.next();
        return { kind: "NSRef", offset, name: token.value, attr: this.stream.expect("name").value };
      }
      return { kind: "Name", offset, name: token.value, ctx: "load" };
    }
    if (token.type === "string") {
      // Adjacent literals are one string, as in Python: {{ 'a' "b" }} prints ab.
      let value = "";
      while (this.stream.current.type === "string") value += this.stream.next().value;
      return { kind: "Const", offset, value, isString: true };
    }
    if (token.type === "integer" || token.type === "float") {
      this.stream.next();
      return { kind: "Const", offset, value: token.value, isString: false };
    }
    if (token.type === "lparen") {
      this.stream.next();
      const node = this.parseTuple({ explicitParentheses: true });
      this.stream.expect("rparen");
      return node;
    }
    if (token.type === "lbracket") return this.parseList();
    if (token.type === "lbrace") return this.parseDict();
    return this.fail(`unexpected '${describeToken(token)}'`, token.offset);
  }

  /**
   * Comma-separated expressions, a Tuple when there is a comma. Jinja's `extra_end_rules` (such as "in" for a for
   * target) never take effect: is_tuple_end passes them to test_any as one tuple argument, which matches nothing.
   */
  private parseTuple(options: { simplified?: boolean; withCondexpr?: boolean; explicitParentheses?: boolean; withNamespace?: boolean }): ExprNode {
    const offset = this.stream.current.offset;
    const parse = options.simplified ? () => this.parsePrimary(options.withNamespace) : () => this.parseExpression(options.withCondexpr ?? true);
    const items: ExprNode[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.stream.expect("comma");
      if (["variable_end", "block_end", "rparen"].includes(this.stream.current.type)) break;
      items.push(parse());
      if (this.stream.current.type !== "comma") break;
      isTuple = true;
    }
    if (!isTuple && items.length) return items[0]!;
    if (!isTuple && !options.explicitParentheses) this.fail(`Expected an expression, got '${describeToken(this.stream.current)}'`);
    return { kind: "Tuple", offset, items };
  }

  private parseList(): ExprNode {
    const offset = this.stream.expect("lbracket").offset;
    const items: ExprNode[] = [];
    while (this.stream.current.type !== "rbracket") {
      if (items.length) this.stream.expect("comma");
      if (this.stream.current.type === "rbracket") break;
      items.push(this.parseExpression());
    }
    this.stream.expect("rbracket");
    return { kind: "List", offset, items };
  }

  private parseDict(): ExprNode {
    const offset = this.stream.expect("lbrace").offset;
    const items: [ExprNode, ExprNode][] = [];
    while (this.stream.current.type !== "rbrace") {
      if (items.length) this.stream.expect("comma");
      if (this.stream.current.type === "rbrace") break;
      const key = this.parseExpression();
      this.stream.expect("colon");
      items.push([key, this.parseExpression()]);
    }
    this.stream.expect("rbrace");
    return { kind: "Dict", offset, items };
  }

  private parsePostfix(node: ExprNode): ExprNode {
    for (;;) {
      const type = this.stream.current.type;
      if (type === "dot" || type === "lbracket") node = this.parseSubscript(node);
      else if (type === "lparen") node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: ExprNode): ExprNode {
    for (;;) {
      const type = this.stream.current.type;
      if (type === "pipe") node = this.parseFilter(node)!;
      else if (this.stream.test("name:is")) node = this.parseTest(node);
      else if (type === "lparen") node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: ExprNode): ExprNode {
    const token = this.stream.next();
    if (token.type === "dot") {
      const attr = this.stream.next();
      if (attr.type === "name") return { kind: "Getattr", offset: node.offset, node, attr: attr.value };
      if (attr.type !== "integer") this.fail("expected name or number", attr.offset);
      return { kind: "Getitem", offset: node.offset, node, arg: { kind: "Const", offset: attr.offset, value: attr.value, isString: false } };
    }
    const args: ExprNode[] = [];
    while (this.stream.current.type !== "rbracket") {
      if (args.length) this.stream.expect("comma");
      args.push(this.parseSubscribed());
    }
    this.stream.expect("rbracket");
    const arg = args.length === 1 ? args[0]! : { kind: "Tuple" as const, offset: token.offset, items: args };
    return { kind: "Getitem", offset: node.offset, node, arg };
  }

  private parseSubscribed(): ExprNode {
    const offset = this.stream.current.offset;
    const parts: (ExprNode | undefined)[] = [];
    if (this.stream.current.type === "colon") {
      this.stream.next();
      parts.push(undefined);
    } else {
      const node = this.parseExpression();
      if (this.stream.current.type !== "colon") return node;
      this.stream.next();
      parts.push(node);
    }
    const atEnd = () => ["rbracket", "comma"].includes(this.stream.current.type);
    if (this.stream.current.type === "colon" || atEnd()) parts.push(undefined);
    else parts.push(this.parseExpression());
    if (this.stream.current.type === "colon") {
      this.stream.next();
      parts.push(atEnd() ? undefined : this.parseExpression());
    }
    return { kind: "Slice", offset, parts };
  }

  private parseCallArgs(): CallArgs {
    const lparen = this.stream.expect("lparen");
    const call: CallArgs = { args: [], kwargs: [], dynArgs: undefined, dynKwargs: undefined };
    const ensure = (ok: boolean) => {
      if (!ok) this.fail("invalid syntax for function call expression", lparen.offset);
    };
    let requireComma = false;
    while (this.stream.current.type !== "rparen") {
      if (requireComma) {
        this.stream.expect("comma");
        if (this.stream.current.type === "rparen") break; // a trailing comma
      }
      if (this.stream.current.type === "mul") {
        ensure(!call.dynArgs && !call.dynKwargs);
        this.stream.next();
        call.dynArgs = this.parseExpression();
      } else if (this.stream.current.type === "pow") {
        ensure(!call.dynKwargs);
        this.stream.next();
        call.dynKwargs = this.parseExpression();
      } else if (this.stream.current.type === "name" && this.stream.look().type === "assign") {
        ensure(!call.dynKwargs);
        const key = this.stream.next().value;
        this.stream.next();
        call.kwargs.push({ key, value: this.parseExpression() });
      } else {
        ensure(!call.dynArgs && !call.dynKwargs && !call.kwargs.length);
        call.args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.stream.expect("rparen");
    return call;
  }

  private parseCall(node: ExprNode): ExprNode {
    return { kind: "Call", offset: node.offset, node, ...this.parseCallArgs() };
  }

  private noArgs(): CallArgs {
    return { args: [], kwargs: [], dynArgs: undefined, dynKwargs: undefined };
  }

  private parseFilter(node: ExprNode | undefined, startInline = false): ExprNode | undefined {
    while (this.stream.current.type === "pipe" || startInline) {
      if (!startInline) this.stream.next();
      const token = this.stream.expect("name");
      let name = token.value;
      while (this.stream.current.type === "dot") {
        this.stream.next();
        name += `.${this.stream.expect("name").value}`;
      }
      const args = this.stream.current.type === "lparen" ? this.parseCallArgs() : this.noArgs();
      node = { kind: "Filter", offset: node?.offset ?? token.offset, node, name, ...args };
      startInline = false;
    }
    return node;
  }

  private parseTest(node: ExprNode): ExprNode {
    const token = this.stream.next();
    const negated = this.stream.skipIf("name:not");
    let name = this.stream.expect("name").value;
    while (this.stream.current.type === "dot") {
      this.stream.next();
      name += `.${this.stream.expect("name").value}`;
    }
    let args = this.noArgs();
    const current = this.stream.current;
    if (current.type === "lparen") args = this.parseCallArgs();
    else if (["name", "string", "integer", "float", "lbracket", "lbrace"].includes(current.type) && !["else", "or", "and"].some((k) => this.stream.test(`name:${k}`))) {
      // `x is divisibleby 3`: one argument without parentheses
      if (this.stream.test("name:is")) this.fail("You cannot chain multiple tests with is");
      args = { ...args, args: [this.parsePostfix(this.parsePrimary())] };
    }
    const test: ExprNode = { kind: "Test", offset: node.offset, node, name, ...args };
    return negated ? { kind: "Unary", offset: token.offset, op: "Not", node: test } : test;
  }
}

function isPythonSpace(text: string): boolean {
  return new RegExp(`^${WS}+$`).test(text);
}

/** Jinja's Node.set_ctx: every node below that has a ctx (names and tuples here) gets this one. */
function setContext(node: ExprNode, ctx: "store" | "param"): void {
  for (const n of walkNodes(node)) if (n.kind === "Name") n.ctx = ctx;
}

function canAssign(node: ExprNode): boolean {
  if (node.kind === "Name") return !(node.name in CONSTANT_NAMES);
  if (node.kind === "NSRef") return true;
  return node.kind === "Tuple" && node.items.every(canAssign);
}

/** The lowercased Jinja node class name, as its "can't assign to ..." message says it. */
function jinjaTypeName(node: ExprNode): string {
  if (node.kind === "Binary" || node.kind === "Unary") return node.op.toLowerCase();
  return node.kind.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Identifier tracking (jinja2/idtracking.py): which names a frame loads from the context ("resolve"), takes as
// parameters, or aliases from an outer frame. Ported as is: it decides what Jinja resolves at runtime.

type Load = readonly ["param"] | readonly ["resolve", string] | readonly ["alias", string] | readonly ["undefined"];

class Symbols {
  readonly level: number;
  refs = new Map<string, string>();
  loads = new Map<string, Load>();
  stores = new Set<string>();

  constructor(readonly parent?: Symbols) {
    this.level = parent ? parent.level + 1 : 0;
  }

  findRef(name: string): string | undefined {
    return this.refs.get(name) ?? this.parent?.findRef(name);
  }

  copy(): Symbols {
    const copy = new Symbols(this.parent);
    copy.refs = new Map(this.refs);
    copy.loads = new Map(this.loads);
    copy.stores = new Set(this.stores);
    return copy;
  }

  store(name: string): void {
    this.stores.add(name);
    if (this.refs.has(name)) return;
    const outer = this.parent?.findRef(name);
    this.defineRef(name, outer !== undefined ? ["alias", outer] : ["undefined"]);
  }

  declareParameter(name: string): void {
    this.stores.add(name);
    this.defineRef(name, ["param"]);
  }

  load(name: string): void {
    if (this.findRef(name) === undefined) this.defineRef(name, ["resolve", name]);
  }

  /** After an if: names any branch stored are resolved from the outer frame or the context first. */
  branchUpdate(branches: Symbols[]): void {
    const stored = new Set(branches.flatMap((b) => [...b.stores]).filter((name) => !this.stores.has(name)));
    for (const branch of branches) {
      for (const [k, v] of branch.refs) this.refs.set(k, v);
      for (const [k, v] of branch.loads) this.loads.set(k, v);
      for (const name of branch.stores) this.stores.add(name);
    }
    for (const name of stored) {
      const target = this.findRef(name)!;
      const outer = this.parent?.findRef(name);
      this.loads.set(target, outer !== undefined ? ["alias", outer] : ["resolve", name]);
    }
  }

  private defineRef(name: string, load: Load): void {
    const ident = `l_${this.level}_${name}`;
    this.refs.set(name, ident);
    this.loads.set(ident, load);
  }
}

/** FrameSymbolVisitor: the names one frame stores and loads; it stops where Jinja opens another frame. */
class SymbolVisitor {
  constructor(public symbols: Symbols) {}

  visit(node: AnyNode, storeAsParam = false): void {
    switch (node.kind) {
      case "Name":
        if (storeAsParam || node.ctx === "param") this.symbols.declareParameter(node.name);
        else if (node.ctx === "store") this.symbols.store(node.name);
        else this.symbols.load(node.name);
        return;
      case "NSRef": return this.symbols.load(node.name);
      case "If": return this.visitIf(node, storeAsParam);
      case "Macro": return this.symbols.store(node.name);
      case "Import":
        this.visit(node.node);
        return this.symbols.store(node.target);
      case "FromImport":
        this.visit(node.node);
        return node.names.forEach((name) => this.symbols.store(name));
      case "Assign":
        this.visit(node.node);
        return this.visit(node.target);
      case "For": return this.visit(node.iter);
      case "CallBlock": return this.visit(node.call);
      case "FilterBlock": return this.visit(node.filter);
      case "With": return node.values.forEach((v) => this.visit(v));
      case "AssignBlock": return this.visit(node.target);
      case "Autoescape": case "Block": return;
      default: return children(node).forEach((child) => this.visit(child, storeAsParam));
    }
  }

  private visitIf(node: IfNode, storeAsParam: boolean): void {
    this.visit(node.test, storeAsParam);
    const original = this.symbols;
    const branch = (nodes: AnyNode[]) => {
      this.symbols = original.copy();
      for (const n of nodes) this.visit(n, storeAsParam);
      const result = this.symbols;
      this.symbols = original;
      return result;
    };
    original.branchUpdate([branch(node.body), branch(node.elif_), branch(node.else_)]);
  }
}

/** RootVisitor: fills the symbols of the frame that `node` opens (for a loop: of one of its parts). */
function analyzeFrame(symbols: Symbols, node: AnyNode, forBranch: "body" | "else" | "test" = "body"): void {
  const visitor = new SymbolVisitor(symbols);
  const visitAll = (nodes: AnyNode[]) => nodes.forEach((n) => visitor.visit(n));
  switch (node.kind) {
    case "AssignBlock": return visitAll(node.body);
    case "CallBlock": return visitAll([...node.args, ...node.defaults, ...node.body]);
    case "With": return visitAll([...node.targets, ...node.body]);
    case "For":
      if (forBranch === "else") return visitAll(node.else_);
      visitor.visit(node.target, true);
      return visitAll(forBranch === "body" ? node.body : node.test ? [node.test] : []);
    default: return visitAll(children(node));
  }
}

/** compiler.find_undeclared: which of `names` are loaded before any other use of them (blocks not entered). */
function findUndeclared(nodes: AnyNode[], names: readonly string[]): Set<string> {
  const wanted = new Set(names);
  const found = new Set<string>();
  const visit = (node: AnyNode): void => {
    if (node.kind === "Block") return;
    if (node.kind === "Name") {
      if (node.ctx === "load" && wanted.has(node.name)) found.add(node.name);
      else wanted.delete(node.name);
      return;
    }
    children(node).forEach(visit);
  };
  nodes.forEach(visit);
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// The frames Jinja's code generator opens (compiler.py), walked in the order the generated code runs. Each
// frame's symbols say where a name comes from; `state` says, per reference, whether it may still hold the value
// resolved from the context at this point (false once the template has assigned it on every path).

type State = Map<string, boolean>;

interface Scan {
  readonly reads: ContextRead[];
  readonly xcomPulls: XcomPull[];
  readonly undeclared: Set<string>;
}

function scanTemplate(template: TemplateNode): Scan {
  const scanner = new Scanner();
  scanner.template(template);
  const byOffset = (a: { offset: number }, b: { offset: number }) => a.offset - b.offset;
  return { reads: scanner.reads.sort(byOffset), xcomPulls: scanner.xcomPulls.sort(byOffset), undeclared: scanner.undeclared };
}

class Scanner {
  readonly reads: ContextRead[] = [];
  readonly xcomPulls: XcomPull[] = [];
  readonly undeclared = new Set<string>();
  private extendsSoFar = 0;
  private hasKnownExtends = false;

  template(template: TemplateNode): void {
    const root = new Symbols();
    if (findUndeclared(template.body, ["self"]).has("self")) root.declareParameter("self");
    analyzeFrame(root, template);
    this.statements(template.body, root, this.enter(root, new Map()), "root");
    // Blocks render as functions of their own, with a fresh frame that is no child of the template's.
    for (const node of walkNodes(template)) {
      if (node.kind !== "Block") continue;
      const symbols = new Symbols();
      for (const name of findUndeclared(node.body, ["self", "super"])) symbols.declareParameter(name);
      analyzeFrame(symbols, node);
      this.statements(node.body, symbols, this.enter(symbols, new Map()), "inner");
    }
  }

  /** enter_frame: the frame's references start as parameters, undefined, aliases of the outer frame, or resolved. */
  private enter(symbols: Symbols, outer: State): State {
    const state = new Map(outer);
    for (const [ident, load] of symbols.loads) {
      if (load[0] === "resolve") this.undeclared.add(load[1]);
      state.set(ident, load[0] === "resolve" || (load[0] === "alias" && outer.get(load[1]) === true));
    }
    return state;
  }

  /** `level`: where {% extends %} may stand ("root", or "top" inside an if at the root) — Jinja stops compiling a
   * statement list at a second extends after a known one, so names after it are never resolved. */
  private statements(nodes: StmtNode[], symbols: Symbols, state: State, level: "root" | "top" | "inner"): void {
    for (const node of nodes) {
      if (node.kind === "Extends" && level !== "inner") {
        if (this.extendsSoFar > 0 && this.hasKnownExtends) return;
        if (level === "root") this.hasKnownExtends = true;
        this.extendsSoFar++;
      }
      this.statement(node, symbols, state, level);
    }
  }

  private statement(node: StmtNode, symbols: Symbols, state: State, level: "root" | "top" | "inner"): void {
    switch (node.kind) {
      case "Output": return node.nodes.forEach((n) => n.kind !== "TemplateData" && this.expr(n, symbols, state));
      case "Extends": case "Include": case "ExprStmt": return this.expr(node.node, symbols, state);
      case "Import":
        this.expr(node.node, symbols, state);
        return this.assigned(node.target, symbols, state);
      case "FromImport":
        this.expr(node.node, symbols, state);
        return node.names.forEach((name) => this.assigned(name, symbols, state));
      case "Assign":
        this.expr(node.node, symbols, state);
        return this.assignTarget(node.target, symbols, state);
      case "If": return this.ifStatement(node, symbols, state, level === "inner" ? "inner" : "top");
      case "For": return this.forLoop(node, symbols, state);
      case "Macro":
        this.macro(node, symbols, state);
        return this.assigned(node.name, symbols, state);
      case "CallBlock":
        this.macro(node, symbols, state);
        return this.expr(node.call, symbols, state);
      case "With": return this.withStatement(node, symbols, state);
      case "FilterBlock": return this.innerFrame(node, symbols, state, [], node.body, [node.filter]);
      case "AssignBlock":
        this.innerFrame(node, symbols, state, [], node.body, node.filter ? [node.filter] : []);
        return this.assignTarget(node.target, symbols, state);
      case "Autoescape": return this.innerFrame(node, symbols, state, [node.value], node.body, []);
      case "Block": return; // rendered by its own function (see template())
    }
  }

  /** A frame that runs `before`, its statements, then `after` (a filter block's filter runs on its output). */
  private innerFrame(node: AnyNode, outer: Symbols, outerState: State, before: ExprNode[], body: StmtNode[], after: ExprNode[]): void {
    const symbols = new Symbols(outer);
    analyzeFrame(symbols, node);
    const state = this.enter(symbols, outerState);
    before.forEach((e) => this.expr(e, symbols, state));
    this.statements(body, symbols, state, "inner");
    after.forEach((e) => this.expr(e, symbols, state));
  }

  /** An if shares its frame; afterwards a reference may hold the context's value if it does on any path. */
  private ifStatement(node: IfNode, symbols: Symbols, state: State, level: "top" | "inner"): void {
    this.expr(node.test, symbols, state);
    const paths: State[] = [];
    const branch = (body: StmtNode[]) => {
      const path = new Map(state);
      this.statements(body, symbols, path, level);
      paths.push(path);
    };
    branch(node.body);
    for (const elif of node.elif_) {
      this.expr(elif.test, symbols, state);
      branch(elif.body);
    }
    branch(node.else_);
    for (const ident of state.keys()) state.set(ident, paths.some((p) => p.get(ident) === true));
  }

  private forLoop(node: Extract<StmtNode, { kind: "For" }>, symbols: Symbols, state: State): void {
    this.expr(node.iter, symbols, state);
    const loopFrame = new Symbols(symbols);
    // The special `loop` variable exists when the body reads it (or the loop is recursive or has scoped blocks).
    const scopedBlock = [...walkNodes(node)].some((n) => n.kind === "Block" && n.scoped);
    if (node.recursive || scopedBlock || findUndeclared(node.body, ["loop"]).has("loop")) loopFrame.declareParameter("loop");
    analyzeFrame(loopFrame, node, "body");
    const elseFrame = new Symbols(symbols);
    if (node.else_.length) analyzeFrame(elseFrame, node, "else");
    if (node.test) {
      const testFrame = new Symbols(symbols);
      analyzeFrame(testFrame, node, "test");
      this.expr(node.test, testFrame, this.enter(testFrame, state));
    }
    this.statements(node.body, loopFrame, this.enter(loopFrame, state), "inner");
    if (node.else_.length) this.statements(node.else_, elseFrame, this.enter(elseFrame, state), "inner");
  }

  /** macro_body: the frame of a macro or call block; `caller`, `kwargs` and `varargs` are parameters when read. */
  private macro(node: Extract<StmtNode, { kind: "Macro" | "CallBlock" }>, outer: Symbols, outerState: State): void {
    const symbols = new Symbols(outer);
    analyzeFrame(symbols, node);
    const argNames = node.args.map((a) => (a.kind === "Name" ? a.name : ""));
    for (const special of findUndeclared(node.body, ["caller", "kwargs", "varargs"])) {
      if (!argNames.includes(special)) symbols.declareParameter(special);
    }
    analyzeFrame(symbols, node);
    const state = this.enter(symbols, outerState);
    node.defaults.forEach((d) => this.expr(d, symbols, state));
    this.statements(node.body, symbols, state, "inner");
  }

  private withStatement(node: Extract<StmtNode, { kind: "With" }>, outer: Symbols, outerState: State): void {
    const symbols = new Symbols(outer);
    analyzeFrame(symbols, node);
    const state = this.enter(symbols, outerState);
    node.values.forEach((v) => this.expr(v, outer, outerState)); // the values are computed in the outer frame
    this.statements(node.body, symbols, state, "inner");
  }

  private assignTarget(target: ExprNode, symbols: Symbols, state: State): void {
    for (const node of walkNodes(target)) {
      if (node.kind === "Name") this.assigned(node.name, symbols, state);
      else if (node.kind === "NSRef") this.load(node.name, node.offset, symbols, state); // `ns.x = ...` reads ns
    }
  }

  private assigned(name: string, symbols: Symbols, state: State): void {
    const ident = symbols.findRef(name);
    if (ident !== undefined) state.set(ident, false);
  }

  /** A name loaded here: a context read when its reference may still hold the context's value. */
  private load(name: string, offset: number, symbols: Symbols, state: State): boolean {
    const ident = symbols.findRef(name);
    // No reference at all happens only for names in a {% set x | filter(name) %} filter, where Jinja's own
    // compiler fails; the name would come from the context.
    const fromContext = ident === undefined || state.get(ident) === true;
    if (fromContext) this.reads.push({ name, offset });
    return fromContext;
  }

  private expr(node: ExprNode, symbols: Symbols, state: State): void {
    if (node.kind === "Name") {
      if (node.ctx === "load") this.load(node.name, node.offset, symbols, state);
      return;
    }
    const ti = node.kind === "Call" ? xcomPullReceiver(node) : undefined;
    if (node.kind === "Call" && ti) {
      // `ti.xcom_pull(...)` on the context's task instance (a template's own `ti` variable does not count)
      if (this.load(ti.name, ti.offset, symbols, state)) this.xcomPulls.push({ taskIds: taskIdsOf(node), offset: ti.offset });
      children(node).slice(1).forEach((arg) => this.expr(arg as ExprNode, symbols, state));
      return;
    }
    children(node).forEach((child) => this.expr(child as ExprNode, symbols, state));
  }
}

/** The `ti` / `task_instance` name of a `<ti>.xcom_pull(...)` call. */
function xcomPullReceiver(call: Extract<ExprNode, { kind: "Call" }>): { name: string; offset: number } | undefined {
  const callee = call.node;
  if (callee.kind !== "Getattr" || callee.attr !== "xcom_pull" || callee.node.kind !== "Name") return undefined;
  return callee.node.name === "ti" || callee.node.name === "task_instance" ? callee.node : undefined;
}

/** `task_ids=` or the first positional argument (xcom_pull's first parameter on both lines), when literal. */
function taskIdsOf(call: Extract<ExprNode, { kind: "Call" }>): readonly string[] | "dynamic" {
  const given = call.kwargs.find((k) => k.key === "task_ids")?.value ?? call.args[0];
  return given ? literalStrings(given) : "dynamic";
}

/** A literal string, or a list or tuple of them; "dynamic" for anything computed. */
function literalStrings(node: ExprNode): readonly string[] | "dynamic" {
  const one = (n: ExprNode) => (n.kind === "Const" && n.isString ? (n.value as string) : undefined);
  if (node.kind === "Const") return node.isString ? [node.value as string] : "dynamic";
  if (node.kind !== "List" && node.kind !== "Tuple") return "dynamic";
  const values = node.items.map(one);
  return values.every((v): v is string => v !== undefined) ? values : "dynamic";
}
