// Checks of the movements' inputs: every problem of an input is reported at once, naming its field.

import { BadInputError, isCents, type FieldProblem } from '@app/core/kernel';

export const DEFAULT_CURRENCY = 'EUR';

export class InputCheck {
  private readonly problems: FieldProblem[] = [];

  constructor(private readonly movement: string) {}

  /** A safe integer of cents, at least `min` (0 unless told). */
  cents(field: string, value: number, min = 0): this {
    if (!isCents(value) || value < min) this.problems.push({ field, message: `must be a whole number of cents of at least ${min}, got ${value}` });
    return this;
  }

  id(field: string, value: string): this {
    if (typeof value !== 'string' || value.length === 0) this.problems.push({ field, message: 'must name an organisation' });
    return this;
  }

  currency(value: string): this {
    if (!/^[A-Z]{3}$/.test(value)) this.problems.push({ field: 'currency', message: `must be an ISO 4217 code such as EUR, got "${value}"` });
    return this;
  }

  that(ok: boolean, field: string, message: string): this {
    if (!ok) this.problems.push({ field, message });
    return this;
  }

  /** Throws a BadInputError listing every problem found, if any. */
  done(): void {
    if (this.problems.length) throw new BadInputError(this.problems.map((p) => ({ ...p, message: `${this.movement}: ${p.message}` })));
  }
}
