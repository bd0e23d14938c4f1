// The posting engine: one function per movement of money, each returning the balanced lines
// of its journal entry (BILLING.md §1 and §4: the buyer pays the platform, which holds the
// money for the sellers and pays each one its invoices incl. VAT minus its commission incl.
// VAT). Functions check their input and throw a BadInputError naming every problem; the
// lines they return always balance (LinesBuilder.entry checks it once more).

import { sumCents, type Cents } from '@app/core/kernel';
import type { AccountCode } from './accounts';
import { LinesBuilder, type EntryDraft, type EntryKind } from './entry';
import { DEFAULT_CURRENCY, InputCheck } from './inputs';
import { reverseInProportion, withCommission, type ReversedShare, type ReversibleShare } from './reversal';

/** Where the platform holds money: its Stripe balance or its bank account. */
export type CashAccount = 'STRIPE' | 'BANK';

const CASH: Record<CashAccount, AccountCode> = { STRIPE: 'CASH_STRIPE', BANK: 'CASH_BANK' };

interface InCurrency {
  /** ISO 4217; EUR when not given. */
  currency?: string;
}

export interface SellerShare {
  sellerId: string;
  /** The total excl. VAT of the seller's invoice in the bill. */
  netCents: Cents;
  vatCents: Cents;
}

export interface BillIssued extends InCurrency {
  buyerId: string;
  /** One per invoice of the bill. */
  shares: SellerShare[];
}

/** A bill issued: the buyer owes its total; each seller is owed its share and the VAT invoiced in its name. */
export function billIssued(input: BillIssued): EntryDraft {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  const check = new InputCheck('BILL_ISSUED').currency(currency).id('buyerId', input.buyerId)
    .that(input.shares.length > 0, 'shares', 'a bill has at least one invoice');
  input.shares.forEach((s, i) => check.id(`shares[${i}].sellerId`, s.sellerId).cents(`shares[${i}].netCents`, s.netCents).cents(`shares[${i}].vatCents`, s.vatCents));
  check.done();
  const total = sumCents(input.shares.flatMap((s) => [s.netCents, s.vatCents]));
  new InputCheck('BILL_ISSUED').that(total > 0, 'shares', 'a bill of 0 cents moves no money').done();
  const b = new LinesBuilder(currency).debit('BUYER_RECEIVABLE', input.buyerId, total);
  for (const s of input.shares) b.credit('SELLER_PAYABLE', s.sellerId, s.netCents).credit('SELLER_VAT_COLLECTED', s.sellerId, s.vatCents);
  return b.entry('BILL_ISSUED');
}

export interface CommissionInvoiced extends InCurrency {
  sellerId: string;
  platformId: string;
  netCents: Cents;
  /** 0 under reverse charge (a seller in another EU country). */
  vatCents: Cents;
}

/** The platform's commission invoice to a seller: taken from what the platform holds for it. */
export function commissionInvoiced(input: CommissionInvoiced): EntryDraft {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  new InputCheck('COMMISSION_INVOICED').currency(currency).id('sellerId', input.sellerId).id('platformId', input.platformId)
    .cents('netCents', input.netCents, 1).cents('vatCents', input.vatCents).done();
  return new LinesBuilder(currency)
    .debit('SELLER_PAYABLE', input.sellerId, sumCents([input.netCents, input.vatCents]))
    .credit('COMMISSION_REVENUE', input.platformId, input.netCents)
    .credit('COMMISSION_VAT_PAYABLE', input.platformId, input.vatCents)
    .entry('COMMISSION_INVOICED');
}

export interface PaymentReceived extends InCurrency {
  buyerId: string;
  platformId: string;
  via: CashAccount;
  amountCents: Cents;
  /** What the buyer still owed on the bill before this payment; any excess is held as unapplied cash. */
  outstandingCents: Cents;
  /** What the payment provider kept (Stripe's fee); 0 for a bank transfer. */
  feeCents?: Cents;
}

/** A payment of a bill, whole or partial: cash in, the receivable down, any excess held for the buyer. */
export function paymentReceived(input: PaymentReceived): EntryDraft {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  const fee = input.feeCents ?? 0;
  new InputCheck('PAYMENT_RECEIVED').currency(currency).id('buyerId', input.buyerId).id('platformId', input.platformId)
    .that(Object.hasOwn(CASH, input.via), 'via', 'must be STRIPE or BANK')
    .cents('amountCents', input.amountCents, 1).cents('outstandingCents', input.outstandingCents).cents('feeCents', fee)
    .that(!(fee > input.amountCents), 'feeCents', `a fee of ${fee} cents exceeds the payment of ${input.amountCents} cents`)
    .done();
  const applied = Math.min(input.amountCents, input.outstandingCents);
  return new LinesBuilder(currency)
    .debit(CASH[input.via], input.platformId, input.amountCents - fee)
    .debit('PAYMENT_FEES', input.platformId, fee)
    .credit('BUYER_RECEIVABLE', input.buyerId, applied)
    .credit('BUYER_UNAPPLIED_CASH', input.buyerId, input.amountCents - applied)
    .entry('PAYMENT_RECEIVED');
}

/** How a seller is paid: a Stripe Connect transfer, or a line of a SEPA credit-transfer file. */
export type PayoutMethod = 'STRIPE_TRANSFER' | 'SEPA_CREDIT_TRANSFER';

interface SellerAmounts extends InCurrency {
  sellerId: string;
  platformId: string;
  /** Taken from the seller's payable: its shares excl. VAT less its commission incl. VAT. */
  payableCents: Cents;
  /** Taken from the VAT collected in its name. */
  vatCents: Cents;
}

function checkSellerAmounts(movement: string, input: SellerAmounts, currency: string): Cents {
  new InputCheck(movement).currency(currency).id('sellerId', input.sellerId).id('platformId', input.platformId)
    .cents('payableCents', input.payableCents).cents('vatCents', input.vatCents)
    .that(input.payableCents + input.vatCents > 0, 'payableCents', 'an amount of 0 cents moves no money').done();
  return sumCents([input.payableCents, input.vatCents]);
}

export interface PayoutSent extends SellerAmounts {
  method: PayoutMethod;
}

/**
 * A payout to a seller: a Stripe transfer leaves the platform's Stripe balance at once; a SEPA
 * credit transfer is in transit until the bank settles it (payoutSettled).
 */
export function payoutSent(input: PayoutSent): EntryDraft {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  const total = checkSellerAmounts('PAYOUT_SENT', input, currency);
  new InputCheck('PAYOUT_SENT').that(input.method === 'STRIPE_TRANSFER' || input.method === 'SEPA_CREDIT_TRANSFER', 'method', 'must be STRIPE_TRANSFER or SEPA_CREDIT_TRANSFER').done();
  const b = new LinesBuilder(currency).debit('SELLER_PAYABLE', input.sellerId, input.payableCents).debit('SELLER_VAT_COLLECTED', input.sellerId, input.vatCents);
  if (input.method === 'STRIPE_TRANSFER') b.credit('CASH_STRIPE', input.platformId, total);
  else b.credit('PAYOUTS_IN_TRANSIT', input.sellerId, total);
  return b.entry('PAYOUT_SENT');
}

export interface PayoutSettled extends InCurrency {
  sellerId: string;
  platformId: string;
  amountCents: Cents;
}

/** The bank executed a SEPA credit transfer to a seller: it leaves the platform's bank account. */
export function payoutSettled(input: PayoutSettled): EntryDraft {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  new InputCheck('PAYOUT_SETTLED').currency(currency).id('sellerId', input.sellerId).id('platformId', input.platformId).cents('amountCents', input.amountCents, 1).done();
  return new LinesBuilder(currency)
    .debit('PAYOUTS_IN_TRANSIT', input.sellerId, input.amountCents)
    .credit('CASH_BANK', input.platformId, input.amountCents)
    .entry('PAYOUT_SETTLED');
}

/** A Stripe transfer to a seller reversed (after a refund): the money comes back to the platform's Stripe balance. */
export function transferReversal(input: SellerAmounts): EntryDraft {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  const total = checkSellerAmounts('TRANSFER_REVERSAL', input, currency);
  return new LinesBuilder(currency)
    .debit('CASH_STRIPE', input.platformId, total)
    .credit('SELLER_PAYABLE', input.sellerId, input.payableCents)
    .credit('SELLER_VAT_COLLECTED', input.sellerId, input.vatCents)
    .entry('TRANSFER_REVERSAL');
}

export interface ReversalOfBill extends InCurrency {
  buyerId: string;
  platformId: string;
  /** Incl. VAT. */
  amountCents: Cents;
  /** What remains of each seller's part of the bill after earlier reversals. */
  remaining: ReversibleShare[];
}

/** An entry that reverses part of a bill, and what it took back from each seller (to deduct from what remains). */
export interface Reversal {
  entry: EntryDraft;
  parts: ReversedShare[];
}

/** The debits of reversed parts: each seller's share and VAT, the platform's commission and its VAT; the seller gets its commission back. */
function reverseParts(b: LinesBuilder, platformId: string, parts: readonly ReversedShare[]): LinesBuilder {
  for (const p of parts) {
    b.debit('SELLER_PAYABLE', p.sellerId, p.netCents)
      .debit('SELLER_VAT_COLLECTED', p.sellerId, p.vatCents)
      .debit('COMMISSION_REVENUE', platformId, p.commissionNetCents)
      .debit('COMMISSION_VAT_PAYABLE', platformId, p.commissionVatCents)
      .credit('SELLER_PAYABLE', p.sellerId, sumCents([p.commissionNetCents, p.commissionVatCents]));
  }
  return b;
}

function reversal(kind: EntryKind, input: ReversalOfBill, to: { account: AccountCode; organizationId: string }): Reversal {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  new InputCheck(kind).currency(currency).id('buyerId', input.buyerId).id('platformId', input.platformId).done();
  const parts = reverseInProportion(kind, input.amountCents, input.remaining);
  const b = reverseParts(new LinesBuilder(currency), input.platformId, parts);
  b.credit(to.account, to.organizationId, input.amountCents);
  return { entry: b.entry(kind), parts };
}

/** A credit note on a bill not yet paid: the buyer owes less. */
export function creditNote(input: ReversalOfBill): Reversal {
  return reversal('CREDIT_NOTE', input, { account: 'BUYER_RECEIVABLE', organizationId: input.buyerId });
}

export interface InvoiceCredited extends InCurrency {
  buyerId: string;
  platformId: string;
  /** The credit note's total excl. VAT and its VAT (positive: what is credited). */
  netCents: Cents;
  vatCents: Cents;
  /** What remains of the credited seller's part of the bill, after earlier refunds and credit notes. */
  remaining: ReversibleShare;
  /** What the buyer still owes on the bill: the credit reduces it first; the rest is owed back to the buyer. */
  outstandingCents: Cents;
}

export interface InvoiceCreditReversal {
  /** Null when nothing remained to reverse (earlier refunds had given the seller's part back). */
  entry: EntryDraft | null;
  part: ReversedShare;
  /** Taken off what the buyer owes. */
  receivableCents: Cents;
  /** Owed back to the buyer (it had paid it): a refund, until paid (refundPaid). */
  refundCents: Cents;
  /** Of the credit note, what earlier refunds had already given back: reversed then, not again. */
  alreadyReversedCents: Cents;
}

/**
 * A credit note on one seller's invoice of a bill. The seller's share and VAT go down by the
 * credit note's own amounts when they remain (the document's split, exactly); when earlier
 * refunds took part of them, by what remains at most, split in proportion. The commission goes
 * down in the proportion of the part reversed (`withCommission`). The buyer owes that much less:
 * its receivable first, the rest (what it already paid) owed back to it as a refund.
 */
export function invoiceCredited(input: InvoiceCredited): InvoiceCreditReversal {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  const s = input.remaining;
  const check = new InputCheck('CREDIT_NOTE').currency(currency).id('buyerId', input.buyerId).id('platformId', input.platformId).id('remaining.sellerId', s.sellerId)
    .cents('netCents', input.netCents).cents('vatCents', input.vatCents).cents('outstandingCents', input.outstandingCents)
    .that(input.netCents + input.vatCents > 0, 'netCents', 'a credit note of 0 cents credits nothing');
  for (const k of ['netCents', 'vatCents', 'commissionNetCents', 'commissionVatCents'] as const) check.cents(`remaining.${k}`, s[k]);
  check.done();
  const total = input.netCents + input.vatCents;
  const left = s.netCents + s.vatCents;
  let part: ReversedShare;
  if (input.netCents <= s.netCents && input.vatCents <= s.vatCents) part = withCommission(s, input.netCents, input.vatCents);
  else if (left === 0) part = { sellerId: s.sellerId, netCents: 0, vatCents: 0, commissionNetCents: 0, commissionVatCents: 0 };
  else [part] = reverseInProportion('CREDIT_NOTE', Math.min(total, left), [s]);
  const reversed = part.netCents + part.vatCents;
  const receivableCents = Math.min(reversed, input.outstandingCents);
  const refundCents = reversed - receivableCents;
  const entry = reversed === 0 ? null : reverseParts(new LinesBuilder(currency), input.platformId, [part])
    .credit('BUYER_RECEIVABLE', input.buyerId, receivableCents)
    .credit('REFUNDS_PAYABLE', input.buyerId, refundCents)
    .entry('CREDIT_NOTE');
  return { entry, part, receivableCents, refundCents, alreadyReversedCents: total - reversed };
}

/** A refund of a paid bill: owed to the buyer until paid (refundPaid). */
export function refund(input: ReversalOfBill): Reversal {
  return reversal('REFUND', input, { account: 'REFUNDS_PAYABLE', organizationId: input.buyerId });
}

export interface RefundPaid extends InCurrency {
  buyerId: string;
  platformId: string;
  via: CashAccount;
  amountCents: Cents;
}

/** A refund paid out to the buyer (a Stripe refund, or a bank transfer). */
export function refundPaid(input: RefundPaid): EntryDraft {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  new InputCheck('REFUND_PAID').currency(currency).id('buyerId', input.buyerId).id('platformId', input.platformId)
    .that(Object.hasOwn(CASH, input.via), 'via', 'must be STRIPE or BANK').cents('amountCents', input.amountCents, 1).done();
  return new LinesBuilder(currency)
    .debit('REFUNDS_PAYABLE', input.buyerId, input.amountCents)
    .credit(CASH[input.via], input.platformId, input.amountCents)
    .entry('REFUND_PAID');
}

export interface DisputeOpened extends InCurrency {
  platformId: string;
  amountCents: Cents;
  /** Stripe's dispute fee. */
  feeCents: Cents;
}

/** A dispute (chargeback) opened: Stripe withholds the amount and its fee from the platform's balance. */
export function disputeOpened(input: DisputeOpened): EntryDraft {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  new InputCheck('DISPUTE_OPENED').currency(currency).id('platformId', input.platformId).cents('amountCents', input.amountCents, 1).cents('feeCents', input.feeCents).done();
  return new LinesBuilder(currency)
    .debit('DISPUTED_FUNDS', input.platformId, input.amountCents)
    .debit('PAYMENT_FEES', input.platformId, input.feeCents)
    .credit('CASH_STRIPE', input.platformId, sumCents([input.amountCents, input.feeCents]))
    .entry('DISPUTE_OPENED');
}

export interface DisputeWon extends InCurrency {
  platformId: string;
  amountCents: Cents;
  /** The part of the dispute fee Stripe gives back, if any. */
  feeReturnedCents: Cents;
}

/** A dispute won: the withheld funds come back. */
export function disputeWon(input: DisputeWon): EntryDraft {
  const currency = input.currency ?? DEFAULT_CURRENCY;
  new InputCheck('DISPUTE_WON').currency(currency).id('platformId', input.platformId).cents('amountCents', input.amountCents, 1).cents('feeReturnedCents', input.feeReturnedCents).done();
  return new LinesBuilder(currency)
    .debit('CASH_STRIPE', input.platformId, sumCents([input.amountCents, input.feeReturnedCents]))
    .credit('DISPUTED_FUNDS', input.platformId, input.amountCents)
    .credit('PAYMENT_FEES', input.platformId, input.feeReturnedCents)
    .entry('DISPUTE_WON');
}

/** A dispute lost: the buyer keeps the withheld amount, which reverses the bill in proportion as a refund does. */
export function disputeLost(input: ReversalOfBill): Reversal {
  return reversal('DISPUTE_LOST', input, { account: 'DISPUTED_FUNDS', organizationId: input.platformId });
}
