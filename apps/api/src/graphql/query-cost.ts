import {
  DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLNamedType, GraphQLSchema, Kind, Lexer,
  OperationDefinitionNode, SchemaMetaFieldDef, SelectionSetNode, Source, TokenKind, TypeMetaFieldDef,
  getNamedType, getOperationAST, isInterfaceType, isObjectType,
} from 'graphql';

// How much a GraphQL document may ask of the server, measured before it runs, in time
// linear in the document: fragments are measured once each (in dependency order, without
// recursion), whatever the number of places that spread them. The cost model is in README.

/** Brackets ({ [ () nested deeper than this are refused before parsing (the parser recurses). */
export const MAX_NESTING = 64;
/** A response path (e.g. offerings.edges.node.id) selected more often than this is refused. */
export const MAX_SAME_FIELD = 20;
/** A root query field runs database queries of its own. */
export const ROOT_QUERY_COST = 200;
/** A root mutation field writes in a transaction of its own (and may hash a password, seal a PDF). */
export const ROOT_MUTATION_COST = 2000;
/** Page size of a connection queried without `first`. */
const DEFAULT_PAGE_SIZE = 20;
const PAGED_FIELDS = new Set(['edges', 'nodes']);
/** Costs stay finite and exact well above any limit. */
const CEILING = 1e15;

export interface QueryLimits {
  maxTokens: number;
  maxDepth: number;
  maxComplexity: number;
}

export type QueryProblem =
  | { kind: 'tokens'; tokens: number; maxTokens: number }
  | { kind: 'nesting'; maxNesting: number; line: number; column: number }
  | { kind: 'cycle'; fragment: string; via: string[] }
  | { kind: 'depth'; depth: number; maxDepth: number }
  | { kind: 'fields'; fields: number; maxComplexity: number }
  | { kind: 'complexity'; complexity: number; maxComplexity: number }
  | { kind: 'repeated'; path: string; occurrences: number };

/**
 * Counts tokens and bracket nesting with the lexer alone (no recursion), stopping at the
 * first limit passed. A syntax error is left for the parser, which reports it with its place.
 */
export function scanSource(query: string, maxTokens: number): QueryProblem | null {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > maxTokens) return { kind: 'tokens', tokens, maxTokens };
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L) {
        if (++nesting > MAX_NESTING) return { kind: 'nesting', maxNesting: MAX_NESTING, line: token.line, column: token.column };
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R || token.kind === TokenKind.PAREN_R) {
        nesting--;
      }
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * A selection set measured: `perItem` is what its edges/nodes cost, counted once per item of
 * the page; `fields` counts the fields selected once fragments are expanded (each costs 1 or more).
 */
interface Measure {
  once: number;
  perItem: number;
  depth: number;
  fields: number;
}

type Variables = Record<string, unknown> | undefined;
type Definition = OperationDefinitionNode | FragmentDefinitionNode;

const add = (a: number, b: number) => Math.min(CEILING, a + b);
const times = (a: number, b: number) => Math.min(CEILING, a * b);

function fieldsOf(type: GraphQLNamedType | undefined): Record<string, GraphQLField<unknown, unknown>> | undefined {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined;
}

function fieldDefinition(type: GraphQLNamedType | undefined, name: string) {
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  return fieldsOf(type)?.[name];
}

/** Every spread in a selection set, nested ones included (explicit stack: no recursion). */
function spreadsIn(set: SelectionSetNode): string[] {
  const names: string[] = [];
  const stack = [set];
  while (stack.length) {
    for (const s of stack.pop()!.selections) {
      if (s.kind === Kind.FRAGMENT_SPREAD) names.push(s.name.value);
      else if (s.selectionSet) stack.push(s.selectionSet);
    }
  }
  return names;
}

/**
 * Fragments ordered so that each comes after those it spreads (iterative depth-first
 * search); a cycle is reported with the path that closes it.
 */
function orderFragments(fragments: Map<string, FragmentDefinitionNode>): string[] | QueryProblem {
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const spreads = new Map<string, string[]>();
  for (const [name, f] of fragments) spreads.set(name, spreadsIn(f.selectionSet).filter((n) => fragments.has(n)));
  for (const start of fragments.keys()) {
    if (state.has(start)) continue;
    const path: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, 'open');
    while (path.length) {
      const top = path[path.length - 1];
      const children = spreads.get(top.name)!;
      if (top.next === children.length) {
        state.set(top.name, 'done');
        order.push(top.name);
        path.pop();
        continue;
      }
      const child = children[top.next++];
      const seen = state.get(child);
      if (seen === 'open') {
        const from = path.findIndex((p) => p.name === child);
        return { kind: 'cycle', fragment: child, via: path.slice(from + 1).map((p) => p.name) };
      }
      if (seen === undefined) {
        state.set(child, 'open');
        path.push({ name: child, next: 0 });
      }
    }
  }
  return order;
}

/**
 * Measures every operation and fragment of a document once. Selection sets nest at most
 * MAX_NESTING deep (scanSource), so measuring one recurses at most that deep; fragments are
 * measured in dependency order, each once, and their spreads read the remembered measure.
 */
class DocumentMeasure {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly measured = new Map<string, Measure>();
  private readonly variableDefaults = new Map<string, unknown>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly document: DocumentNode,
    private readonly variables: Variables,
  ) {
    for (const d of document.definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
      if (d.kind === Kind.OPERATION_DEFINITION) {
        for (const v of d.variableDefinitions ?? []) {
          if (v.defaultValue?.kind === Kind.INT) this.variableDefaults.set(v.variable.name.value, Number(v.defaultValue.value));
        }
      }
    }
  }

  /** Measures every fragment; a fragment that spreads itself, directly or not, is the problem returned. */
  measureFragments(): QueryProblem | null {
    const order = orderFragments(this.fragments);
    if (!Array.isArray(order)) return order;
    for (const name of order) {
      const f = this.fragments.get(name)!;
      this.measured.set(name, this.selectionSet(f.selectionSet, this.schema.getType(f.typeCondition.name.value)));
    }
    return null;
  }

  fragment(name: string): Measure | undefined {
    return this.measured.get(name);
  }

  operation(op: OperationDefinitionNode): Measure {
    return this.selectionSet(op.selectionSet, this.schema.getRootType(op.operation) ?? undefined);
  }

  private selectionSet(set: SelectionSetNode, type: GraphQLNamedType | undefined): Measure {
    const total: Measure = { once: 0, perItem: 0, depth: 0, fields: 0 };
    const include = (m: Measure) => {
      total.once = add(total.once, m.once);
      total.perItem = add(total.perItem, m.perItem);
      total.depth = Math.max(total.depth, m.depth);
      total.fields = add(total.fields, m.fields);
    };
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const field = this.field(s, type);
        if (PAGED_FIELDS.has(s.name.value)) total.perItem = add(total.perItem, field.cost);
        else total.once = add(total.once, field.cost);
        total.depth = Math.max(total.depth, field.depth);
        total.fields = add(total.fields, field.fields);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const inner = s.typeCondition ? this.schema.getType(s.typeCondition.name.value) : type;
        include(this.selectionSet(s.selectionSet, inner));
      } else {
        const m = this.measured.get(s.name.value);
        if (m) include(m);
      }
    }
    return total;
  }

  /** What one field costs where it is: a root field (of a fragment on Query too) runs its own queries. */
  private ownCost(parent: GraphQLNamedType | undefined, name: string, declared: unknown): number {
    if (typeof declared === 'number') return Math.max(1, declared);
    if (name.startsWith('__') || !parent) return 1;
    if (parent === this.schema.getMutationType()) return ROOT_MUTATION_COST;
    return parent === this.schema.getQueryType() ? ROOT_QUERY_COST : 1;
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined) {
    const name = node.name.value;
    const def = fieldDefinition(parent, name);
    const introspection = name.startsWith('__');
    const own = this.ownCost(parent, name, def?.extensions?.complexity);
    if (!node.selectionSet) return { cost: own, depth: 0, fields: 1 };
    const child = this.selectionSet(node.selectionSet, def ? getNamedType(def.type) : undefined);
    const pages = def?.args.some((a) => a.name === 'first') ? this.pageSize(node, def) : 1;
    // Introspection is bounded by graphql-js's own rule (MaxIntrospectionDepthRule), not by the depth limit.
    return {
      cost: add(add(own, child.once), times(pages, child.perItem)),
      depth: introspection ? 0 : 1 + child.depth,
      fields: add(1, child.fields),
    };
  }

  /** The `first` asked for: a literal, a variable (or its default), else the argument's default. */
  private pageSize(node: FieldNode, def: GraphQLField<unknown, unknown>): number {
    const arg = node.arguments?.find((a) => a.name.value === 'first');
    let value: unknown;
    if (arg?.value.kind === Kind.INT) value = Number(arg.value.value);
    else if (arg?.value.kind === Kind.VARIABLE) {
      const name = arg.value.name.value;
      value = this.variables?.[name] ?? this.variableDefaults.get(name);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) value = def.args.find((a) => a.name === 'first')?.defaultValue;
    // Below 1 the request is refused later; it still costs at least one item here.
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(1, Math.ceil(value)) : DEFAULT_PAGE_SIZE;
  }
}

/**
 * Counts how often each response path is selected once fragments are expanded; the caller
 * expands only documents whose expanded fields are within the limit.
 */
function repeatedField(roots: Definition[], fragments: Map<string, FragmentDefinitionNode>): QueryProblem | null {
  const counts = new Map<string, number>();
  const stack: { set: SelectionSetNode; path: string }[] = roots.map((r) => ({ set: r.selectionSet, path: '' }));
  while (stack.length) {
    const { set, path } = stack.pop()!;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const key = `${path}${path ? '.' : ''}${s.alias?.value ?? s.name.value}`;
        const n = (counts.get(key) ?? 0) + 1;
        if (n > MAX_SAME_FIELD) return { kind: 'repeated', path: key, occurrences: n };
        counts.set(key, n);
        if (s.selectionSet) stack.push({ set: s.selectionSet, path: key });
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        stack.push({ set: s.selectionSet, path });
      } else {
        const f = fragments.get(s.name.value);
        if (f) stack.push({ set: f.selectionSet, path });
      }
    }
  }
  return null;
}

/**
 * What a document asks for whatever its variables, checked before graphql-js validates it
 * (validation recurses through fragments and is quadratic in fields repeated under one
 * response path): fragment cycles, the depth of each operation, the fields it selects once
 * fragments are expanded, and repeated fields. Fragments spread nowhere count like operations.
 */
export function documentProblem(schema: GraphQLSchema, document: DocumentNode, limits: QueryLimits): QueryProblem | null {
  const measure = new DocumentMeasure(schema, document, undefined);
  const cycle = measure.measureFragments();
  if (cycle) return cycle;
  const fragments = new Map<string, FragmentDefinitionNode>();
  const spread = new Set<string>();
  const roots: { definition: Definition; measure: Measure }[] = [];
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    if (d.kind === Kind.FRAGMENT_DEFINITION || d.kind === Kind.OPERATION_DEFINITION) {
      for (const name of spreadsIn(d.selectionSet)) spread.add(name);
    }
    if (d.kind === Kind.OPERATION_DEFINITION) roots.push({ definition: d, measure: measure.operation(d) });
  }
  for (const f of fragments.values()) {
    if (!spread.has(f.name.value)) roots.push({ definition: f, measure: measure.fragment(f.name.value)! });
  }
  let fields = 0;
  for (const { measure: m } of roots) {
    if (m.depth > limits.maxDepth) return { kind: 'depth', depth: m.depth, maxDepth: limits.maxDepth };
    fields = add(fields, m.fields);
  }
  if (fields > limits.maxComplexity) return { kind: 'fields', fields, maxComplexity: limits.maxComplexity };
  return repeatedField(roots.map((r) => r.definition), fragments);
}

/**
 * Cost of what a request runs: the operation it names (or its only one), with the page
 * sizes its variables give; all operations together when the name resolves none.
 */
export function requestCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Variables): number {
  const measure = new DocumentMeasure(schema, document, variables);
  if (measure.measureFragments()) return CEILING;
  const chosen = getOperationAST(document, operationName);
  const operations = chosen ? [chosen] : document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operations.reduce((sum, op) => {
    const m = measure.operation(op);
    return add(sum, add(m.once, m.perItem));
  }, 0);
}

/**
 * The first variable whose value nests arrays or objects deeper than MAX_NESTING (what
 * downstream code recursing over it could not survive), found without recursion.
 */
export function deeplyNestedVariable(variables: Variables): string | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
    while (stack.length) {
      const { value: v, depth } = stack.pop()!;
      if (v === null || typeof v !== 'object') continue;
      if (depth >= MAX_NESTING) return name;
      for (const child of Object.values(v)) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}
