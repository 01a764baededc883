/**
 * The parser's view of the lexer's tokens (Jinja's TokenStream): the current token, one token of lookahead,
 * `test`/`expect` on Jinja's "type:value" token expressions, and the syntax errors worded as Jinja words them,
 * including the lexer's own error, which is raised only when the parser reaches it (as in Jinja).
 */

import { OPERATOR_TEXT, type LexerEnd, type Token } from "./lexer";

export class JinjaSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const TOKEN_DESCRIPTIONS: Readonly<Record<string, string>> = {
  block_begin: "begin of statement block", block_end: "end of statement block", variable_begin: "begin of print statement",
  variable_end: "end of print statement", data: "template data / text", eof: "end of template",
};

function describeType(type: string): string {
  return OPERATOR_TEXT[type] ?? TOKEN_DESCRIPTIONS[type] ?? type;
}
export function describeToken(token: Token): string {
  return token.type === "name" ? token.value : describeType(token.type);
}
/** "name:for" → "for", "block_end" → "end of statement block" (Jinja's describe_token_expr). */
export function describeExpr(expr: string): string {
  const [type, value] = expr.split(":", 2) as [string, string | undefined];
  return type === "name" && value !== undefined ? value : describeType(type);
}

export class TokenStream {
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
