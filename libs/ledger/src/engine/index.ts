// Public face of the ledger's posting engine: pure functions and types, no framework import.

export { ACCOUNT_CODES, CHART, isAccountCode, normalBalance } from './accounts';
export type { Account, AccountCategory, AccountCode, AccountHolder, Side } from './accounts';
export { assertBalanced, ENTRY_KINDS, entryProblems, LinesBuilder } from './entry';
export type { EntryDraft, EntryKind, PostingLine } from './entry';
export {
  billIssued, commissionInvoiced, creditNote, disputeLost, invoiceCredited, disputeOpened, disputeWon, paymentReceived, payoutSent, payoutSettled,
  refund, refundPaid, transferReversal,
} from './postings';
export type {
  BillIssued, CashAccount, CommissionInvoiced, DisputeOpened, DisputeWon, InvoiceCredited, InvoiceCreditReversal, PaymentReceived, PayoutMethod, PayoutSent, PayoutSettled,
  RefundPaid, Reversal, ReversalOfBill, SellerShare,
} from './postings';
export { reverseInProportion, withCommission } from './reversal';
export type { ReversedShare, ReversibleShare } from './reversal';
