// The schemas copied into the library (schemas/, see its README): read by the conformance
// harness and, for the Factur-X XMP, by the PDF.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const EN16931_XSD = 'facturx-en16931/Factur-X_EN16931.xsd';

/** The schemas shipped with the library, found from the source tree or the working directory. */
export function defaultSchemasDir(): string {
  const candidates = [resolve(__dirname, '../../schemas'), resolve(process.cwd(), 'libs/billing/schemas')];
  const found = candidates.find((c) => existsSync(join(c, EN16931_XSD)));
  if (found === undefined) throw new Error(`Factur-X schemas not found (looked in ${candidates.join(', ')})`);
  return found;
}
