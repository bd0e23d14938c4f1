import { buildSchema, execute, GraphQLResolveInfo, parse } from 'graphql';
import { selects } from './selection';

const schema = buildSchema(`
  type Org { id: ID name: String }
  type Node { id: ID producer: Org }
  type Edge { node: Node }
  type Page { edges: [Edge] total: Int }
  type Query { page: Page }
`);

/** The resolve info of `page` for a document. */
function infoOf(source: string): GraphQLResolveInfo {
  let seen: GraphQLResolveInfo | undefined;
  execute({ schema, document: parse(source), rootValue: { page: (_a: unknown, _c: unknown, info: GraphQLResolveInfo) => { seen = info; return null; } } });
  return seen!;
}

describe('selects', () => {
  it('finds a field at a path of plain selections', () => {
    const info = infoOf('{ page { edges { node { id producer { name } } } } }');
    expect(selects(info, 'edges', 'node', 'producer')).toBe(true);
    expect(selects(info, 'edges', 'node')).toBe(true);
    expect(selects(info, 'total')).toBe(false);
    expect(selects(info, 'edges', 'producer')).toBe(false);
  });

  it('looks through inline and named fragments, nested', () => {
    const info = infoOf(`{ page { ...P } }
      fragment P on Page { edges { ... on Edge { node { ...N } } } }
      fragment N on Node { ... { producer { id } } }`);
    expect(selects(info, 'edges', 'node', 'producer')).toBe(true);
    expect(selects(info, 'edges', 'node', 'id')).toBe(false);
  });

  it('answers false when the field is absent, and for an empty path', () => {
    const info = infoOf('{ page { total edges { node { id } } } }');
    expect(selects(info, 'edges', 'node', 'producer')).toBe(false);
    expect(selects(info)).toBe(false);
  });
});
