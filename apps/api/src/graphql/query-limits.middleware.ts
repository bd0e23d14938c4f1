import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DocumentNode, parse } from 'graphql';
import { APP_CONFIG, AppConfig, ErrorCode, QUERY_TOO_COMPLEX } from '@app/core';
import {
  MAX_NESTING, MAX_SAME_FIELD, QueryLimits, QueryProblem, deeplyNestedVariable, documentProblem, requestCost, scanSource,
} from './query-cost';

interface Refusal {
  message: string;
  extensions: Record<string, unknown> & { code: string };
}

function refusal(problem: QueryProblem): Refusal {
  switch (problem.kind) {
    case 'tokens':
      return {
        message: `This document has more than ${problem.maxTokens} tokens: send a smaller query (split it, drop unused fragments)`,
        extensions: { code: QUERY_TOO_COMPLEX, maxTokens: problem.maxTokens },
      };
    case 'nesting':
      return {
        message: `Brackets are nested more than ${problem.maxNesting} deep (line ${problem.line}, column ${problem.column}): flatten the query or its arguments`,
        extensions: { code: QUERY_TOO_COMPLEX, maxNesting: problem.maxNesting },
      };
    case 'cycle': {
      const via = problem.via.length ? ` via ${problem.via.map((n) => `"${n}"`).join(', ')}` : '';
      // A validation error, coded as graphql-js validation errors are (see createErrorFormatter).
      return {
        message: `Cannot spread fragment "${problem.fragment}" within itself${via}: a fragment may not spread itself, directly or not`,
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      };
    }
    case 'depth':
      return {
        message: `The query is ${problem.depth} levels deep and exceeds maximum operation depth of ${problem.maxDepth}: nest fewer levels or split it into several queries`,
        extensions: { code: QUERY_TOO_COMPLEX, depth: problem.depth, maxDepth: problem.maxDepth },
      };
    case 'fields':
      return {
        message: `This document selects ${problem.fields} fields once its fragments are expanded, each costing at least 1, more than the limit of ${problem.maxComplexity}: ask for fewer fields`,
        extensions: { code: QUERY_TOO_COMPLEX, complexity: problem.fields, maxComplexity: problem.maxComplexity },
      };
    case 'complexity':
      return {
        message: `This query costs ${problem.complexity}, more than the limit of ${problem.maxComplexity}: ask for fewer fields or smaller pages (first)`,
        extensions: { code: QUERY_TOO_COMPLEX, complexity: problem.complexity, maxComplexity: problem.maxComplexity },
      };
    case 'repeated':
      return {
        message: `"${problem.path}" is selected ${problem.occurrences} times or more (at most ${MAX_SAME_FIELD}): select each field once`,
        extensions: { code: QUERY_TOO_COMPLEX, field: problem.path },
      };
  }
}

/** Recently accepted documents, so that a client repeating a query does not have it parsed twice. */
const KNOWN_DOCUMENTS = 500;
const KNOWN_DOCUMENT_LENGTH = 20_000;

type GraphQLHttpRequest = { method: string; body?: unknown; query?: Record<string, unknown> };

/**
 * Measures every GraphQL request before Apollo parses and validates it (README, "Limits of a
 * request"): the source (tokens, nesting) with the lexer alone, then the document (depth,
 * fields, fragment cycles, repeated fields), then the cost of what it runs with its
 * variables. Anything Apollo itself refuses (no query, batches, a malformed body) is left to it.
 */
@Injectable()
export class QueryLimitsMiddleware implements NestMiddleware {
  private readonly limits: QueryLimits;
  private readonly known = new Map<string, DocumentNode>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly schemaHost: GraphQLSchemaHost) {
    this.limits = { maxTokens: config.graphqlMaxTokens, maxDepth: config.graphqlMaxDepth, maxComplexity: config.graphqlMaxComplexity };
  }

  use(req: GraphQLHttpRequest, res: { status(code: number): { json(body: unknown): void } }, next: () => void) {
    const params = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    const problem = params && typeof params === 'object' && !Array.isArray(params) ? this.check(params, req.method) : null;
    if (!problem) return next();
    res.status(400).json({ errors: [problem] });
  }

  private check(params: Record<string, unknown>, method: string): Refusal | null {
    const { query, operationName } = params;
    if (typeof query !== 'string') return null;
    let variables = params.variables;
    // A GET carries them JSON-encoded; Apollo refuses a POST that does.
    if (typeof variables === 'string' && method === 'GET') {
      try {
        variables = JSON.parse(variables);
      } catch {
        return null;
      }
    }
    const values = variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : undefined;
    const deep = deeplyNestedVariable(values);
    if (deep) {
      const message = `is nested more than ${MAX_NESTING} levels deep: flatten the value`;
      return { message: `$${deep}: ${message}`, extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [{ field: `$${deep}`, message }] } };
    }
    const parsed = this.document(query);
    if (!parsed) return null;
    if ('problem' in parsed) return refusal(parsed.problem);
    const cost = requestCost(this.schemaHost.schema, parsed.document, typeof operationName === 'string' ? operationName : null, values);
    return cost > this.limits.maxComplexity ? refusal({ kind: 'complexity', complexity: cost, maxComplexity: this.limits.maxComplexity }) : null;
  }

  /** The parsed document, a problem with it, or null for a syntax error (Apollo reports it). */
  private document(query: string): { document: DocumentNode } | { problem: QueryProblem } | null {
    const known = this.known.get(query);
    if (known) return { document: known };
    const problem = scanSource(query, this.limits.maxTokens);
    if (problem) return { problem };
    let document: DocumentNode;
    try {
      document = parse(query, { noLocation: true });
    } catch {
      return null;
    }
    const structural = documentProblem(this.schemaHost.schema, document, this.limits);
    if (structural) return { problem: structural };
    if (query.length <= KNOWN_DOCUMENT_LENGTH) {
      if (this.known.size >= KNOWN_DOCUMENTS) this.known.delete(this.known.keys().next().value!);
      this.known.set(query, document);
    }
    return { document };
  }
}
