/**
 * Field option for root queries whose answer must never come from the public response
 * cache (e.g. prices of today's tariff): `@Extensions(NO_PUBLIC_CACHE.extensions)` next to `@Query`.
 */
export const NO_PUBLIC_CACHE = { key: 'publicCache', extensions: { publicCache: false } } as const;
