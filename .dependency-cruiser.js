// The architecture's rules, checked by `npm test` (npm run lint:deps):
// - a library is imported through its public face only: `@app/<lib>` (index.ts), or the
//   framework-free face of a pure engine, `@app/<lib>/engine` and `@app/core/kernel`;
// - no import cycle;
// - pure code (engines, core's kernel, the PDF kit) imports no framework, no database
//   driver, and nothing but other pure code;
// - one PDF kit: pdfkit is imported by libs/documents only (tests, benches and scripts too are
//   checked for it).

/** Framework-free code: plain functions and types, tested directly. */
const PURE = [
  '^libs/[^/]+/src/engine/',
  '^libs/core/src/kernel/',
  '^libs/core/src/errors/domain-error\\.ts$',
  '^libs/contracting/src/(agreement|negotiation|signing)/',
  '^libs/documents/',
];

/** The public faces of the libraries. */
const PUBLIC = ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/engine/index\\.ts$', '^libs/core/src/kernel/index\\.ts$'];

/**
 * Where a package resolves: node_modules/ here, or another checkout's when node_modules is a
 * link to it (a git worktree's), so that the rules hold in either.
 */
const PACKAGE = '(^|/)node_modules/';

/** Modules that tie code to Nest, GraphQL or the database. */
const FRAMEWORKS = PACKAGE + '(@nestjs|typeorm|pg|pg-boss|graphql|@apollo|dataloader|class-validator|class-transformer)/';

module.exports = {
  forbidden: [
    {
      name: 'no-deep-import-across-libraries',
      comment: 'Import another library through @app/<lib> (its index.ts), or its pure engine through @app/<lib>/engine; export what you need from there.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$1/', ...PUBLIC] },
    },
    {
      name: 'apps-import-libraries-through-their-index',
      comment: 'An application imports a library through @app/<lib> (its index.ts).',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/', pathNot: PUBLIC },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other (directly or through others) cannot be understood, tested or loaded one without the other.',
      severity: 'error',
      from: { path: '^(libs|apps)/' },
      // A type-only import is erased at compile time: a cycle through one loads fine.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'pure-code-imports-no-framework',
      comment: 'Engines, the kernel and the PDF kit are plain functions and types: no Nest, GraphQL, TypeORM or pg.',
      severity: 'error',
      from: { path: PURE },
      to: { path: FRAMEWORKS },
    },
    {
      name: 'pure-code-imports-only-pure-code',
      comment: 'Pure code imports other pure code only (engines, the kernel, the PDF kit), so that it stays pure all the way down; its specs may use fixtures from elsewhere.',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.spec\\.ts$' },
      to: { path: '^(libs|apps)/', pathNot: PURE },
    },
    {
      name: 'pdfkit-only-in-the-document-kit',
      comment: 'Every PDF is made with the document kit (@app/documents: fonts, style, PDF/A, same bytes for the same input), fixtures and benches too: use its blocks, or add the one you need there.',
      severity: 'error',
      from: { pathNot: '^libs/documents/' },
      to: { path: PACKAGE + '(@types/)?pdfkit/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
