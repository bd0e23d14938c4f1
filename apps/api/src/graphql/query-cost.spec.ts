import { GraphQLObjectType, buildSchema, parse } from 'graphql';
import {
  MAX_NESTING, MAX_SAME_FIELD, QueryLimits, ROOT_MUTATION_COST, ROOT_QUERY_COST, deeplyNestedVariable, documentProblem,
  requestCost, scanSource,
} from './query-cost';

const schema = buildSchema(`
  type Query {
    items(first: Int = 20, after: String): ItemConnection!
    item(id: ID!): Item!
    me: Me!
  }
  type Mutation { rename(id: ID!, name: String!): Item! }
  type ItemConnection { edges: [ItemEdge!]! totalCount: Int! facets: Facets! }
  type ItemEdge { cursor: String! node: Item! }
  type Facets { kinds: [String!]! }
  type Item { id: ID! name: String! owner: Me! history: [Item!]! }
  type Me { id: ID! item: Item! }
`);
(schema.getType('Item') as GraphQLObjectType).getFields().history.extensions = { complexity: 10 };
(schema.getType('ItemConnection') as GraphQLObjectType).getFields().facets.extensions = { complexity: 20 };

const limits: QueryLimits = { maxTokens: 1_000_000, maxDepth: 10, maxComplexity: 1_000_000 };
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  requestCost(schema, parse(query), operationName, variables);
const problem = (query: string, l: Partial<QueryLimits> = {}) => documentProblem(schema, parse(query), { ...limits, ...l });
const times = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

describe('the cost of a query', () => {
  it('counts each field once, a root field as a query of its own, a declared cost instead of one', () => {
    expect(cost('{ item(id: 1) { id name } }')).toBe(ROOT_QUERY_COST + 2);
    expect(cost('{ item(id: 1) { owner { id } history { id } } }')).toBe(ROOT_QUERY_COST + 2 + 11);
    expect(cost('mutation { rename(id: 1, name: "x") { id } }')).toBe(ROOT_MUTATION_COST + 1);
    expect(cost('{ __typename }')).toBe(1);
  });

  it('counts the edges of a connection once per item asked for, its other fields once', () => {
    const page = (first: string) => `{ items${first} { totalCount facets { kinds } edges { cursor node { id } } } }`;
    const fixed = ROOT_QUERY_COST + 1 + 21;
    expect(cost(page('(first: 50)'))).toBe(fixed + 50 * 4);
    expect(cost(page(''))).toBe(fixed + 20 * 4);
    expect(cost('query($n: Int) ' + page('(first: $n)'), { n: 7 })).toBe(fixed + 7 * 4);
    expect(cost('query($n: Int = 9) ' + page('(first: $n)'))).toBe(fixed + 9 * 4);
    expect(cost('query($n: Int) ' + page('(first: $n)'), { n: 'many' })).toBe(fixed + 20 * 4);
    expect(cost('query { items(first: 0) { edges { cursor } } }')).toBe(ROOT_QUERY_COST + 2);
  });

  it('counts every alias and every place a fragment is spread', () => {
    const aliases = `{ ${times(100, (i) => `a${i}: items(first: 100) { edges { node { id } } }`)} }`;
    expect(cost(aliases)).toBe(100 * (ROOT_QUERY_COST + 100 * 3));
    const spreads = '{ items(first: 10) { edges { ...E } a: edges { ...E } } } fragment E on ItemEdge { node { id name } }';
    expect(cost(spreads)).toBe(ROOT_QUERY_COST + 2 * 10 * 4);
    const onConnection = '{ items(first: 10) { ...C } } fragment C on ItemConnection { totalCount edges { cursor } }';
    expect(cost(onConnection)).toBe(ROOT_QUERY_COST + 1 + 10 * 2);
  });

  it('measures fragments spreading each other twice, 40 levels deep, in time linear in the document', () => {
    const doubling = (levels: number) => `{ ...F0 }\n${times(levels, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)}\nfragment F${levels} on Query { me { id } }`;
    expect(cost(doubling(40))).toBe(2 ** 40 * (ROOT_QUERY_COST + 1));
    expect(problem(doubling(40), { maxComplexity: 10_000 })).toEqual({ kind: 'fields', fields: 2 ** 41, maxComplexity: 10_000 });
    // Expanded, 400 levels would take 2^400 steps: measured once per fragment, they end at once.
    expect(problem(doubling(400), { maxComplexity: 10_000 })).toEqual({ kind: 'fields', fields: 1e15, maxComplexity: 10_000 });
  });

  it('measures a chain of 10,000 fragments without recursing through it (graphql-js overflows its stack at 5,000)', () => {
    const chain = parse(`{ ...C0 }\n${times(10_000, (i) => `fragment C${i} on Query { ...C${i + 1} }`)}\nfragment C10000 on Query { me { id } }`);
    expect(documentProblem(schema, chain, limits)).toBeNull();
    expect(requestCost(schema, chain, undefined, undefined)).toBe(ROOT_QUERY_COST + 1);
  });

  it('reports a fragment cycle, with the fragments that close it', () => {
    expect(problem('{ ...A } fragment A on Query { ...B } fragment B on Query { me { ...M } } fragment M on Me { item { owner { ...M } } }'))
      .toEqual({ kind: 'cycle', fragment: 'M', via: [] });
    expect(problem('{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...A }'))
      .toEqual({ kind: 'cycle', fragment: 'A', via: ['B', 'C'] });
  });

  it('refuses a query deeper than the limit, fragments included, and leaves introspection to graphql-js', () => {
    const deep = '{ me { item { owner { item { owner { id } } } } } }';
    expect(problem(deep, { maxDepth: 5 })).toBeNull();
    expect(problem(deep, { maxDepth: 4 })).toEqual({ kind: 'depth', depth: 5, maxDepth: 4 });
    expect(problem('{ me { ...F } } fragment F on Me { item { owner { item { owner { id } } } } }', { maxDepth: 4 }))
      .toEqual({ kind: 'depth', depth: 5, maxDepth: 4 });
    expect(problem('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }', { maxDepth: 2 })).toBeNull();
  });

  it('costs the operation a request names, or all of them when the name resolves none', () => {
    const two = `query A { items(first: 100) { edges { node { id } } } } query B { me { id } }`;
    expect(cost(two, undefined, 'A')).toBe(ROOT_QUERY_COST + 300);
    expect(cost(two, undefined, 'B')).toBe(ROOT_QUERY_COST + 1);
    expect(cost(two)).toBe(2 * ROOT_QUERY_COST + 301);
  });

  it('counts the fields of every operation, and of fragments spread nowhere, whatever the variables', () => {
    const two = `query A { me { id } } query B { me { id item { id } } }`;
    expect(problem(two, { maxComplexity: 6 })).toBeNull();
    expect(problem(two, { maxComplexity: 5 })).toEqual({ kind: 'fields', fields: 6, maxComplexity: 5 });
    expect(problem(`{ me { id } } fragment U on Query { item(id: 1) { id name owner { id } } }`, { maxComplexity: 6 }))
      .toEqual({ kind: 'fields', fields: 7, maxComplexity: 6 });
  });

  it('refuses a field selected more than a few times under one response path, through fragments too', () => {
    const repeat = (n: number) => `{ me { ${times(n, () => 'item { id }')} } }`;
    expect(problem(repeat(MAX_SAME_FIELD))).toBeNull();
    expect(problem(repeat(MAX_SAME_FIELD + 1))).toEqual({ kind: 'repeated', path: 'me.item', occurrences: MAX_SAME_FIELD + 1 });
    const viaFragments = `{ me { ${times(MAX_SAME_FIELD + 1, (i) => `...F${i}`)} } } ${times(MAX_SAME_FIELD + 1, (i) => `fragment F${i} on Me { x: id }`)}`;
    expect(problem(viaFragments)).toEqual({ kind: 'repeated', path: 'me.x', occurrences: MAX_SAME_FIELD + 1 });
  });
});

describe('the source of a query', () => {
  it('stops counting at the token limit, comments aside', () => {
    expect(scanSource('# a comment\n{ me { id } }', 6)).toBeNull();
    expect(scanSource('{ me { id } }', 5)).toEqual({ kind: 'tokens', tokens: 6, maxTokens: 5 });
    expect(scanSource(`{ ${'a '.repeat(1_000_000)} }`, 3000)).toEqual({ kind: 'tokens', tokens: 3001, maxTokens: 3000 });
  });

  it('refuses brackets nested deeper than the parser may recurse', () => {
    expect(scanSource(`{ items(after: ${'['.repeat(MAX_NESTING - 2)}${']'.repeat(MAX_NESTING - 2)}) { totalCount } }`, 1e6)).toBeNull();
    expect(scanSource(`{ items(after: ${'['.repeat(5000)}) }`, 1e6)).toEqual({ kind: 'nesting', maxNesting: MAX_NESTING, line: 1, column: 15 + MAX_NESTING - 1 });
  });

  it('leaves syntax errors to the parser', () => {
    expect(scanSource('{ me { "unterminated }', 100)).toBeNull();
  });
});

describe('variables', () => {
  it('names a variable nested deeper than the limit, without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(deeplyNestedVariable({ ok: { a: [[1]] }, deep })).toBe('deep');
    let fine: unknown = 'x';
    for (let i = 0; i < MAX_NESTING; i++) fine = { a: fine };
    expect(deeplyNestedVariable({ fine })).toBeNull();
    expect(deeplyNestedVariable(undefined)).toBeNull();
  });
});
