import { Inject } from '@nestjs/common';
import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { APP_CONFIG, AppConfig } from '@app/core';
import { StripeGateway } from '../stripe/stripe.gateway';

@ObjectType('BankTransferInstructions', { description: 'Where a buyer wires a bill: the account printed on every invoice, the bill number as reference' })
export class BankTransferInstructionsModel {
  @Field({ description: 'The account holder: the platform, collecting for its sellers' }) accountHolder: string;
  @Field() iban: string;
  @Field(() => String, { nullable: true }) bic: string | null;
}

@ObjectType('PaymentOptions', { description: 'How bills can be paid on this platform' })
export class PaymentOptionsModel {
  @Field({ description: 'Card and SEPA Debit through Stripe (payBill) are on: false without a Stripe key, bank transfer only' }) stripeEnabled: boolean;
  @Field(() => BankTransferInstructionsModel, { nullable: true, description: 'null when no account is configured (development without BILLING_IBAN)' })
  bankTransfer: BankTransferInstructionsModel | null;
}

/** Read only: what a buyer's screen needs to offer the ways to pay that exist here. */
@Resolver()
export class PaymentOptionsResolver {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly stripe: StripeGateway) {}

  @Query(() => PaymentOptionsModel, { description: 'How bills can be paid on this platform: bank transfer to its account, and card or SEPA Debit when Stripe is on' })
  paymentOptions(): PaymentOptionsModel {
    const { iban, bic, issuerName } = this.config.billing;
    return { stripeEnabled: this.stripe.enabled, bankTransfer: iban ? { accountHolder: issuerName, iban, bic } : null };
  }
}
