/**
 * The statement half of Jinja's parser (jinja2/parser.py): the template body of data, `{{ ... }}` and tags, each
 * tag Airflow's environment knows (`for`, `if`, `set`, `macro`, `block`... and `do`), assignment targets, and the
 * errors for unknown or unclosed tags. It builds on ExpressionParser (expressions.ts) for every expression.
 */

import { walkNodes, type ExprNode, type IfNode, type StmtNode, type TemplateNode } from "./ast";
import { CONSTANT_NAMES, ExpressionParser } from "./expressions";
import { WS, type Token } from "./lexer";
import { describeExpr, JinjaSyntaxError } from "./token-stream";

// ---------------------------------------------------------------------------------------------------------------
// Parser (jinja2/parser.py), method for method; messages as Jinja words them, with offsets instead of lines.

/** Jinja's statements, and `do` from jinja2.ext.do (the one extension Airflow turns on). */
const KNOWN_TAGS = new Set(["for", "if", "block", "extends", "print", "macro", "include", "from", "import", "set", "with", "autoescape", "call", "filter", "do"]);

/** Tags of Jinja extensions that Airflow's template environment leaves off. */
const DISABLED_TAGS: Readonly<Record<string, string>> = {
  break: "loop controls ({% break %}, {% continue %}) need Jinja's loopcontrols extension, which Airflow does not enable",
  continue: "loop controls ({% break %}, {% continue %}) need Jinja's loopcontrols extension, which Airflow does not enable",
  trans: "{% trans %} needs Jinja's i18n extension, which Airflow does not enable",
  debug: "{% debug %} needs Jinja's debug extension, which Airflow does not enable",
};

export class Parser extends ExpressionParser {
  private readonly tagStack: { name: string; offset: number }[] = [];
  private readonly endTokenStack: string[][] = [];

  parse(): TemplateNode {
    return { kind: "Template", body: this.subparse(undefined) };
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
