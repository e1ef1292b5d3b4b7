/**
 * Loads an ES module from this CommonJS code. TypeScript compiles `import()` to `require()`,
 * which jest's module runtime cannot apply to ESM-only packages (openid-client, oidc-provider);
 * a real dynamic import works in Node and in jest alike.
 */
const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

export function importEsm<T>(specifier: string): Promise<T> {
  return dynamicImport(specifier) as Promise<T>;
}
