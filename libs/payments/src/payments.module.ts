import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@app/identity';
import { LedgerModule } from '@app/ledger';
import { PayoutAccountResolver } from './accounts/payout-account.resolver';
import { PayoutAccountService } from './accounts/payout-account.service';
import { PayoutAccountEntity, StripeEventEntity } from './payments.entities';
import { StripeGateway } from './stripe/stripe.gateway';
import { StripeEventRouter } from './webhooks/stripe-event.router';
import { StripeWebhookController } from './webhooks/stripe-webhook.controller';
import { StripeWebhookService } from './webhooks/stripe-webhook.service';

/** Payments of bills (Stripe or bank transfer), payout accounts, payouts, refunds, statements. */
@Module({
  imports: [IdentityModule, LedgerModule, TypeOrmModule.forFeature([PayoutAccountEntity, StripeEventEntity])],
  controllers: [StripeWebhookController],
  providers: [StripeGateway, StripeEventRouter, StripeWebhookService, PayoutAccountService, PayoutAccountResolver],
  exports: [StripeGateway, PayoutAccountService],
})
export class PaymentsModule {}
