export * from './payments.module';
export { StripeGateway, PaymentProviderError } from './stripe/stripe.gateway';
export { PayoutAccountService, type PayoutAccountView } from './accounts/payout-account.service';
export { BillPaymentsService, type IssuedBillFacts, type BillPaymentState } from './bills/bill-payments.service';
export { RefundService, type RefundView } from './bills/refund.service';
export { PayoutRunService, type PayoutRunResult } from './payouts/payout-run.service';
export { StatementService } from './statements/statement.service';
export * from './engine';
