import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BillingModule } from '@app/billing';
import { IdentityModule } from '@app/identity';
import { LedgerModule } from '@app/ledger';
import { PayoutAccountResolver } from './accounts/payout-account.resolver';
import { PayoutAccountService } from './accounts/payout-account.service';
import { BillPaymentsService } from './bills/bill-payments.service';
import { CreditNoteService } from './bills/credit-note.service';
import { ReverseCreditNote } from './bills/credit-note.subscriber';
import { PaymentOptionsResolver } from './bills/payment-options.resolver';
import { PaymentsResolver } from './bills/payments.resolver';
import { FreezeCommission, PostIssuedBill } from './bills/payments.subscribers';
import { RefundService } from './bills/refund.service';
import { StripePaymentHandler } from './bills/stripe-payment.handler';
import { PayoutAccountEntity, StripeEventEntity } from './payments.entities';
import { PayoutRunService } from './payouts/payout-run.service';
import { PayoutListResolver } from './payouts/payout-list.resolver';
import { PayoutListService } from './payouts/payout-list.service';
import { SepaFileController } from './payouts/sepa-file.controller';
import { StatementController } from './statements/statement.controller';
import { StatementService } from './statements/statement.service';
import { StripeGateway } from './stripe/stripe.gateway';
import { StripeEventRouter } from './webhooks/stripe-event.router';
import { StripeWebhookController } from './webhooks/stripe-webhook.controller';
import { StripeWebhookService } from './webhooks/stripe-webhook.service';
import { AgreementCommissionResolver, CommissionRateResolver } from './commission/commission-rate.resolver';
import { CommissionRateService } from './commission/commission-rate.service';
import { CommissionInvoicingService } from './commission/commission-invoicing.service';

/** Payments of bills (Stripe or bank transfer), payout accounts, payouts, refunds, statements. */
@Module({
  imports: [IdentityModule, LedgerModule, BillingModule, TypeOrmModule.forFeature([PayoutAccountEntity, StripeEventEntity])],
  controllers: [StripeWebhookController, SepaFileController, StatementController],
  providers: [
    StripeGateway, StripeEventRouter, StripeWebhookService, PayoutAccountService, PayoutAccountResolver,
    BillPaymentsService, RefundService, CreditNoteService, ReverseCreditNote, StripePaymentHandler, PayoutRunService, PaymentsResolver, FreezeCommission, PostIssuedBill, StatementService,
    PaymentOptionsResolver, PayoutListService, PayoutListResolver,
    CommissionRateService, CommissionRateResolver, AgreementCommissionResolver, CommissionInvoicingService,
  ],
  exports: [StripeGateway, PayoutAccountService, BillPaymentsService, RefundService, PayoutRunService, StatementService, CommissionRateService, CommissionInvoicingService],
})
export class PaymentsModule {}
