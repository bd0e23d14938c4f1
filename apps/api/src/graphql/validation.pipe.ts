import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { BadInputError, FieldProblem, nullFields } from '@app/core';

function flatten(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`${e.property} `) ? message.slice(e.property.length + 1) : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Longer than any text an input holds (clauses: 20,000); a backstop behind each field's own limit. */
const MAX_TEXT_LENGTH = 100_000;
/** verifyAgreement's whole PDF in base64, bounded by the body limit and its own check. */
const LONG_TEXT_ARGUMENTS = new Set(['pdfBase64']);
/** What clients send: GraphQL arguments, HTTP bodies, query strings and path parameters. */
const CLIENT_INPUT = new Set(['args', 'body', 'query', 'param']);

/**
 * Text PostgreSQL cannot store (the NUL character) or longer than any field holds, anywhere in
 * an input, JSON values included; walked without recursion, each problem named by its path.
 */
function unstorableText(value: unknown, root: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) problems.push({ field: path, message: 'must not contain the NUL character (\\u0000)' });
      if (v.length > MAX_TEXT_LENGTH && !LONG_TEXT_ARGUMENTS.has(root)) problems.push({ field: path, message: `is longer than ${MAX_TEXT_LENGTH} characters` });
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) stack.push({ value: child, path: path ? `${path}.${key}` : key });
    }
  }
  return problems.reverse();
}

/**
 * class-validator finds the rules of a class by scanning the rules of every class it knows,
 * on every validation; they are fixed once the classes are loaded, so the answers are kept
 * (and forgotten whenever a rule is added).
 */
let remembering = false;
function rememberRuleLookups(): void {
  if (remembering) return;
  remembering = true;
  const storage = getMetadataStorage();
  const find = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  const known = new Map<unknown, Map<string, ReturnType<typeof find>>>();
  storage.addValidationMetadata = (metadata) => {
    known.clear();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let byKey = known.get(target);
    if (!byKey) known.set(target, (byKey = new Map()));
    let rules = byKey.get(key);
    if (!rules) byKey.set(key, (rules = find(target, schema, always, strictGroups, groups)));
    return rules;
  };
}

/** class-validator on every input; errors become BAD_USER_INPUT naming each field by its path. */
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new BadInputError(flatten(errors, '')),
    });
    rememberRuleLookups();
  }

  async transform(value: unknown, metadata: ArgumentMetadata) {
    // the parent object, the context, custom decorators: nothing a client sent, nothing to check
    if (!CLIENT_INPUT.has(metadata.type)) return value;
    {
      const prefix = metadata.data ? `${metadata.data}.` : '';
      const problems = [
        ...unstorableText(value, metadata.data ?? ''),
        ...nullFields(metadata.metatype, value).map((name) => ({ field: `${prefix}${name}`, message: 'cannot be null: leave it out to keep the current value' })),
      ];
      if (problems.length) throw new BadInputError(problems);
    }
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      if (e instanceof BadInputError && metadata.data) {
        throw new BadInputError(e.problems.map((p) => ({ ...p, field: `${metadata.data}.${p.field}` })));
      }
      throw e;
    }
  }

  /** Inputs arrive as JSON (GraphQL variables, JSON bodies): no binary value can nest in them. */
  protected findNestedBinaryValues(): ValidationError[] {
    return [];
  }
}
