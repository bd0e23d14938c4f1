// The chart of accounts of the platform's books. Every line of the ledger names one of these
// accounts and the organisation it concerns: the buyer for what a buyer owes or is owed, the
// seller for what the platform holds for a seller, the platform itself for its own cash,
// revenue, costs and taxes. The migration that creates `ledger_accounts` lists the same rows
// (a test compares them).

import { subtractCents, type Cents } from '@app/core/kernel';

export type AccountCategory = 'ASSET' | 'LIABILITY' | 'REVENUE' | 'EXPENSE';
export type Side = 'DEBIT' | 'CREDIT';
/** Whose organisation a line of the account names. */
export type AccountHolder = 'BUYER' | 'SELLER' | 'PLATFORM';

export const ACCOUNT_CODES = [
  'BUYER_RECEIVABLE',
  'BUYER_UNAPPLIED_CASH',
  'REFUNDS_PAYABLE',
  'SELLER_PAYABLE',
  'SELLER_VAT_COLLECTED',
  'PAYOUTS_IN_TRANSIT',
  'CASH_STRIPE',
  'CASH_BANK',
  'DISPUTED_FUNDS',
  'COMMISSION_REVENUE',
  'COMMISSION_VAT_PAYABLE',
  'PAYMENT_FEES',
] as const;

export type AccountCode = (typeof ACCOUNT_CODES)[number];

export interface Account {
  code: AccountCode;
  category: AccountCategory;
  /** The side on which the account normally stands: its balance is shown positive there. */
  normalSide: Side;
  holder: AccountHolder;
  name: string;
}

export const CHART: Readonly<Record<AccountCode, Account>> = {
  BUYER_RECEIVABLE: { code: 'BUYER_RECEIVABLE', category: 'ASSET', normalSide: 'DEBIT', holder: 'BUYER', name: 'What the buyer owes on its bills, incl. VAT' },
  BUYER_UNAPPLIED_CASH: { code: 'BUYER_UNAPPLIED_CASH', category: 'LIABILITY', normalSide: 'CREDIT', holder: 'BUYER', name: 'Money received from the buyer beyond what it owed, to apply or return' },
  REFUNDS_PAYABLE: { code: 'REFUNDS_PAYABLE', category: 'LIABILITY', normalSide: 'CREDIT', holder: 'BUYER', name: 'Refunds decided for the buyer and not yet paid' },
  SELLER_PAYABLE: { code: 'SELLER_PAYABLE', category: 'LIABILITY', normalSide: 'CREDIT', holder: 'SELLER', name: "The seller's shares excl. VAT held for it, less its commission incl. VAT" },
  SELLER_VAT_COLLECTED: { code: 'SELLER_VAT_COLLECTED', category: 'LIABILITY', normalSide: 'CREDIT', holder: 'SELLER', name: "VAT invoiced in the seller's name, collected on its behalf and paid out to it" },
  PAYOUTS_IN_TRANSIT: { code: 'PAYOUTS_IN_TRANSIT', category: 'LIABILITY', normalSide: 'CREDIT', holder: 'SELLER', name: "Credit transfers ordered to the seller's bank account and not yet settled" },
  CASH_STRIPE: { code: 'CASH_STRIPE', category: 'ASSET', normalSide: 'DEBIT', holder: 'PLATFORM', name: "The platform's balance at Stripe" },
  CASH_BANK: { code: 'CASH_BANK', category: 'ASSET', normalSide: 'DEBIT', holder: 'PLATFORM', name: "The platform's bank account (bank transfers in, SEPA credit transfers out)" },
  DISPUTED_FUNDS: { code: 'DISPUTED_FUNDS', category: 'ASSET', normalSide: 'DEBIT', holder: 'PLATFORM', name: 'Funds Stripe withholds while a dispute (chargeback) is open' },
  COMMISSION_REVENUE: { code: 'COMMISSION_REVENUE', category: 'REVENUE', normalSide: 'CREDIT', holder: 'PLATFORM', name: "The platform's commission, excl. VAT" },
  COMMISSION_VAT_PAYABLE: { code: 'COMMISSION_VAT_PAYABLE', category: 'LIABILITY', normalSide: 'CREDIT', holder: 'PLATFORM', name: "VAT on the platform's commission, owed to the tax office" },
  PAYMENT_FEES: { code: 'PAYMENT_FEES', category: 'EXPENSE', normalSide: 'DEBIT', holder: 'PLATFORM', name: 'Fees the payment provider keeps (payments, disputes)' },
};

/** Whether `code` names an account of the chart. */
export function isAccountCode(code: string): code is AccountCode {
  return (ACCOUNT_CODES as readonly string[]).includes(code);
}

/** A balance as debits minus credits, turned to the account's normal side (positive when it stands there). */
export function normalBalance(code: AccountCode, debitCents: Cents, creditCents: Cents): Cents {
  return CHART[code].normalSide === 'DEBIT' ? subtractCents(debitCents, creditCents) : subtractCents(creditCents, debitCents);
}
