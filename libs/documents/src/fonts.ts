// The bundled DejaVu fonts (assets/fonts), the only fonts a document uses: the standard 14
// PDF fonts are never embedded, so a document that used them would render differently from
// one reader to the next and could not be PDF/A.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PdfDoc } from './pdf-doc';

/** Names under which every document registers the embedded DejaVu fonts. */
export const PDF_FONTS = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold', italic: 'DejaVuSans-Oblique' } as const;

export type FontStyle = keyof typeof PDF_FONTS;

const FONT_FILES: Record<FontStyle, string> = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' };
const STYLES = Object.keys(FONT_FILES) as FontStyle[];

/**
 * The repository's `assets/fonts` folder: DOCUMENTS_FONTS_DIR if set, else the first
 * `assets/fonts` holding DejaVuSans.ttf walking up from this file (source or compiled
 * output), then from the working directory.
 */
export function findFontsDir(): string {
  const fromEnv = process.env.DOCUMENTS_FONTS_DIR;
  if (fromEnv && existsSync(join(fromEnv, FONT_FILES.regular))) return fromEnv;
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const candidate = join(dir, 'assets', 'fonts');
      if (existsSync(join(candidate, FONT_FILES.regular))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`cannot find assets/fonts/${FONT_FILES.regular} above ${__dirname} or ${process.cwd()} (set DOCUMENTS_FONTS_DIR)`);
}

let fontsDir: string | undefined;
let fontData: Record<FontStyle, Buffer> | undefined;

/** Absolute paths of the three embedded fonts. */
export function fontPaths(): Record<FontStyle, string> {
  fontsDir ??= findFontsDir();
  const dir = fontsDir;
  return Object.fromEntries(STYLES.map((s) => [s, join(dir, FONT_FILES[s])])) as Record<FontStyle, string>;
}

function fonts(): Record<FontStyle, Buffer> {
  if (!fontData) {
    const p = fontPaths();
    fontData = { regular: readFileSync(p.regular), bold: readFileSync(p.bold), italic: readFileSync(p.italic) };
  }
  return fontData;
}

// Parsing a TrueType font (fontkit) and shaping words cost more than the rest of a licence,
// so both are shared between documents: each document gets its own embedded-font object
// (its own glyph subset) over the same parsed font, and the per-word layout cache (pure
// glyph ids and positions) is shared and renewed every LAYOUT_CACHE_DOCS documents.
// This relies on pdfkit internals (_fontFamilies, _fontCount, layoutCache); if they ever
// change, we fall back to plain registerFont.
type EmbeddedFontLike = { font?: { createSubset?: unknown }; layoutCache?: Record<string, unknown> };
interface SharedFonts {
  EmbeddedFont: new (doc: PdfDoc, font: unknown, id: string) => EmbeddedFontLike;
  parsed: Partial<Record<FontStyle, unknown>>;
  layoutCaches: Partial<Record<FontStyle, Record<string, unknown>>>;
  docs: number;
}
const LAYOUT_CACHE_DOCS = 500;
let shared: SharedFonts | null | undefined;

export interface PdfkitInternals {
  _font?: EmbeddedFontLike & { constructor: SharedFonts['EmbeddedFont'] };
  _fontFamilies?: Record<string, unknown>;
  _fontCount?: number;
}

/** Registers the three DejaVu fonts in a new document under the PDF_FONTS names. */
export function installFonts(doc: PdfDoc): void {
  const internals = doc as unknown as PdfkitInternals;
  const data = fonts();
  if (shared && ++shared.docs % LAYOUT_CACHE_DOCS === 0) shared.layoutCaches = {};
  for (const style of STYLES) {
    const name = PDF_FONTS[style];
    const parsed = shared?.parsed[style];
    if (shared && parsed && internals._fontFamilies && typeof internals._fontCount === 'number') {
      const font = new shared.EmbeddedFont(doc, parsed, `F${++internals._fontCount}`);
      if (font.layoutCache) font.layoutCache = shared.layoutCaches[style] ??= font.layoutCache;
      internals._fontFamilies[name] = font;
      continue;
    }
    doc.registerFont(name, data[style]);
    doc.font(name);
    const embedded = internals._font;
    if (shared === null || !embedded?.font || typeof embedded.font.createSubset !== 'function' || !internals._fontFamilies) {
      shared = null;
      continue;
    }
    shared ??= { EmbeddedFont: embedded.constructor, parsed: {}, layoutCaches: {}, docs: 0 };
    shared.parsed[style] = embedded.font;
    if (embedded.layoutCache) shared.layoutCaches[style] = embedded.layoutCache;
  }
}
