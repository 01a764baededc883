/**
 * The expression half of Jinja's parser (jinja2/parser.py, parse_expression down to parse_primary), method for
 * method: operators by precedence, literals, subscripts, calls, filters and tests, with Jinja's error messages and
 * offsets instead of lines. This class owns the token stream; statements.ts extends it with the tags.
 */

import type { CallArgs, ExprNode } from "./ast";
import type { LexerEnd, Token } from "./lexer";
import { describeToken, JinjaSyntaxError, TokenStream } from "./token-stream";

const COMPARE_OPERATORS = new Set(["eq", "ne", "lt", "lteq", "gt", "gteq"]);
const MATH1 = { add: "Add", sub: "Sub" } as const;
const MATH2 = { mul: "Mul", div: "Div", floordiv: "FloorDiv", mod: "Mod" } as const;
export const CONSTANT_NAMES: Readonly<Record<string, boolean | null>> = { true: true, True: true, false: false, False: false, none: null, None: null };

export abstract class ExpressionParser {
  protected readonly stream: TokenStream;

  constructor(lexed: { tokens: Token[]; end: LexerEnd }) {
    this.stream = new TokenStream(lexed.tokens, lexed.end);
  }

  protected fail(message: string, offset: number = this.stream.current.offset): never {
    if (this.stream.current.type === "eof" && offset === this.stream.current.offset) this.stream.failAtEnd(message);
    throw new JinjaSyntaxError(message, offset);
  }

  protected parseExpression(withCondexpr = true): ExprNode {
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
  protected parseTuple(options: { simplified?: boolean; withCondexpr?: boolean; explicitParentheses?: boolean; withNamespace?: boolean }): ExprNode {
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

  protected parseFilter(node: ExprNode | undefined, startInline = false): ExprNode | undefined {
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
