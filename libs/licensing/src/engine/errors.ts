import type { VariableProblem } from './types';

/** Stable codes of the template engine's errors, to be mapped once to API error codes. */
export type LicensingEngineErrorCode =
  | 'TEMPLATE_INVALID'
  | 'TEMPLATE_VARIABLES_INVALID'
  | 'TEMPLATE_LOCALE_MISSING'
  | 'CLAUSE_OVERRIDE_REFUSED';

export abstract class LicensingEngineError extends Error {
  abstract readonly code: LicensingEngineErrorCode;
}

/** One problem found while loading a template file. `line` is 1-based (0 when unknown). */
export interface TemplateProblem {
  file: string;
  line: number;
  message: string;
  /** where in the template, e.g. "clauses[3].text.fr" */
  path?: string;
}

export function formatTemplateProblem(p: TemplateProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** A template file (or several) failed validation; the message lists every problem. */
export class TemplateLoadError extends LicensingEngineError {
  readonly code = 'TEMPLATE_INVALID' as const;
  constructor(readonly problems: TemplateProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in licence template${
        new Set(problems.map((p) => p.file)).size === 1 ? '' : 's'
      }:\n${problems.map(formatTemplateProblem).join('\n')}`,
    );
    this.name = 'TemplateLoadError';
  }
}

/** Rendering refused: the variable values are invalid (every problem is listed) or the locale is missing. */
export class TemplateRenderError extends LicensingEngineError {
  readonly code: 'TEMPLATE_VARIABLES_INVALID' | 'TEMPLATE_LOCALE_MISSING';
  constructor(
    readonly problems: VariableProblem[],
    options: { message?: string; code?: 'TEMPLATE_VARIABLES_INVALID' | 'TEMPLATE_LOCALE_MISSING' } = {},
  ) {
    super(
      options.message ??
        `invalid template variables:\n${problems.map((p) => `- ${p.path ?? p.variable}: ${p.problem}`).join('\n')}`,
    );
    this.code = options.code ?? 'TEMPLATE_VARIABLES_INVALID';
    this.name = 'TemplateRenderError';
  }
}

export interface ClauseOverrideProblem {
  clauseId: string;
  reason: string;
}

/** An override targets a clause that may not be changed, or changes it in a way not allowed. */
export class ClauseOverrideError extends LicensingEngineError {
  readonly code = 'CLAUSE_OVERRIDE_REFUSED' as const;
  /** the first refused clause */
  readonly clauseId: string;
  readonly reason: string;
  constructor(readonly problems: ClauseOverrideProblem[]) {
    super(problems.map((p) => `clause '${p.clauseId}': ${p.reason}`).join('\n'));
    this.clauseId = problems[0]?.clauseId ?? '';
    this.reason = problems[0]?.reason ?? '';
    this.name = 'ClauseOverrideError';
  }
}
