import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadInputError, FieldProblem } from '@app/core';

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
  }

  async transform(value: unknown, metadata: ArgumentMetadata) {
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      if (e instanceof BadInputError && metadata.data) {
        throw new BadInputError(e.problems.map((p) => ({ ...p, field: `${metadata.data}.${p.field}` })));
      }
      throw e;
    }
  }
}
