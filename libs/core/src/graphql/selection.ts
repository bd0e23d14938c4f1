import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects the field at `path` under the field being resolved
 * (`selects(info, 'edges', 'node', 'producer')`), through inline fragments and named
 * fragments. `@skip`/`@include` are not evaluated: a skipped field counts as selected, so
 * a resolver that loads ahead for it loads too much, never too little.
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, ...path: string[]): boolean {
  const visit = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): boolean => {
    if (!set) return false;
    for (const s of set.selections) {
      if (s.kind === 'Field') {
        if (s.name.value === path[depth] && (depth === path.length - 1 || visit(s.selectionSet, depth + 1, seen))) return true;
      } else if (s.kind === 'InlineFragment') {
        if (visit(s.selectionSet, depth, seen)) return true;
      } else if (!seen.has(s.name.value)) {
        // A named fragment, once per branch (validation refuses cycles; this does not rely on it).
        const next = new Set(seen).add(s.name.value);
        if (visit(info.fragments[s.name.value]?.selectionSet, depth, next)) return true;
      }
    }
    return false;
  };
  return path.length > 0 && info.fieldNodes.some((n) => visit(n.selectionSet, 0, new Set()));
}
