// A journal entry as the posting engine builds it: a kind and balanced lines. Amounts are
// integer cents on one side of each line; the ledger stores them as they are.

import { BadInputError, isCents, sumCents, type Cents, type FieldProblem } from '@app/core/kernel';
import { isAccountCode, type AccountCode } from './accounts';

export const ENTRY_KINDS = [
  'BILL_ISSUED',
  'COMMISSION_INVOICED',
  'PAYMENT_RECEIVED',
  'PAYOUT_SENT',
  'PAYOUT_SETTLED',
  'CREDIT_NOTE',
  'REFUND',
  'REFUND_PAID',
  'TRANSFER_REVERSAL',
  'DISPUTE_OPENED',
  'DISPUTE_WON',
  'DISPUTE_LOST',
] as const;

export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface PostingLine {
  account: AccountCode;
  organizationId: string;
  currency: string;
  /** Exactly one of debitCents and creditCents is positive, the other 0. */
  debitCents: Cents;
  creditCents: Cents;
}

export interface EntryDraft {
  kind: EntryKind;
  lines: PostingLine[];
}

const CURRENCY = /^[A-Z]{3}$/;

/** Every reason `draft` cannot be posted: lines malformed, fewer than two, or debits and credits unequal in a currency. */
export function entryProblems(draft: EntryDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!(ENTRY_KINDS as readonly string[]).includes(draft.kind)) problems.push({ field: 'kind', message: `"${draft.kind}" is not an entry kind` });
  if (draft.lines.length < 2) problems.push({ field: 'lines', message: `an entry needs at least two lines, got ${draft.lines.length}` });
  const net = new Map<string, Cents[]>();
  draft.lines.forEach((l, i) => {
    const at = `lines[${i}]`;
    if (!isAccountCode(l.account)) problems.push({ field: `${at}.account`, message: `"${l.account}" is not an account of the chart` });
    if (!l.organizationId) problems.push({ field: `${at}.organizationId`, message: 'is required' });
    if (!CURRENCY.test(l.currency)) problems.push({ field: `${at}.currency`, message: `must be an ISO 4217 code, got "${l.currency}"` });
    if (!isCents(l.debitCents) || !isCents(l.creditCents) || l.debitCents < 0 || l.creditCents < 0 || (l.debitCents > 0) === (l.creditCents > 0)) {
      problems.push({ field: at, message: `needs one positive amount of cents on one side and 0 on the other, got debit ${l.debitCents}, credit ${l.creditCents}` });
      return;
    }
    const list = net.get(l.currency) ?? [];
    list.push(l.debitCents, -l.creditCents);
    net.set(l.currency, list);
  });
  for (const [currency, amounts] of net) {
    const total = sumCents(amounts);
    if (total !== 0) problems.push({ field: 'lines', message: `debits and credits in ${currency} differ by ${total} cents` });
  }
  return problems;
}

/** `draft` itself when it can be posted, else a BadInputError listing every problem. */
export function assertBalanced(draft: EntryDraft): EntryDraft {
  const problems = entryProblems(draft);
  if (problems.length) throw new BadInputError(problems.map((p) => ({ ...p, message: `${draft.kind}: ${p.message}` })));
  return draft;
}

/**
 * Collects the lines of an entry from signed amounts (positive: a debit, negative: a
 * credit), leaving out the zero ones, so that each movement reads as its accounting rule.
 */
export class LinesBuilder {
  private readonly lines: PostingLine[] = [];

  constructor(private readonly currency: string) {}

  debit(account: AccountCode, organizationId: string, cents: Cents): this {
    return this.add(account, organizationId, cents);
  }

  credit(account: AccountCode, organizationId: string, cents: Cents): this {
    return this.add(account, organizationId, cents === 0 ? 0 : -cents);
  }

  entry(kind: EntryKind): EntryDraft {
    return assertBalanced({ kind, lines: this.lines });
  }

  private add(account: AccountCode, organizationId: string, signed: Cents): this {
    if (signed !== 0) {
      this.lines.push({
        account, organizationId, currency: this.currency,
        debitCents: signed > 0 ? signed : 0,
        creditCents: signed < 0 ? -signed : 0,
      });
    }
    return this;
  }
}
