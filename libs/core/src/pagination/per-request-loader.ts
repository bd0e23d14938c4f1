import DataLoader from 'dataloader';

/** The GraphQL context carries one map of DataLoaders per request. */
export type LoaderContext = { loaders?: Map<string, unknown> };

export function perRequest<K, V>(ctx: LoaderContext, key: string, make: () => DataLoader<K, V>): DataLoader<K, V> {
  ctx.loaders ??= new Map();
  let loader = ctx.loaders.get(key) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = make();
    ctx.loaders.set(key, loader);
  }
  return loader;
}
