export default async function globalTeardown() {
  await (globalThis as { __stopTestDatabase?: () => Promise<void> }).__stopTestDatabase?.();
}
