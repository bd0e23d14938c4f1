export * from './payments.module';
export { StripeGateway, PaymentProviderError } from './stripe/stripe.gateway';
export { PayoutAccountService, type PayoutAccountView } from './accounts/payout-account.service';
export * from './engine';
