/**
 * The syntax tree the parser builds: Jinja's node classes (jinja2/nodes.py) that a template can produce, with
 * their fields in Jinja's order, and the generic walk over a node's children that Jinja's NodeVisitor does. The
 * parser (statements.ts, expressions.ts) creates these nodes; symbols.ts and scope.ts only read them.
 */

// ---------------------------------------------------------------------------------------------------------------
// Syntax tree: Jinja's node classes that the parser can produce, with their fields in Jinja's order.

export type ExprNode =
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

export interface CallArgs {
  args: ExprNode[];
  kwargs: { key: string; value: ExprNode }[];
  dynArgs: ExprNode | undefined;
  dynKwargs: ExprNode | undefined;
}

export type StmtNode =
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

export interface IfNode {
  kind: "If";
  test: ExprNode;
  body: StmtNode[];
  elif_: IfNode[];
  else_: StmtNode[];
}

export interface TemplateNode {
  kind: "Template";
  body: StmtNode[];
}

export type AnyNode = ExprNode | StmtNode | TemplateNode | { kind: "TemplateData"; data: string };

/** A node's child nodes in Jinja's field order (what its NodeVisitor.generic_visit walks). */
export function children(node: AnyNode): AnyNode[] {
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
export function* walkNodes(node: AnyNode): Generator<AnyNode> {
  yield node;
  for (const child of children(node)) yield* walkNodes(child);
}
