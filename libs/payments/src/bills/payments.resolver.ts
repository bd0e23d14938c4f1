import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor, ForbiddenError, Role, Roles, UuidPipe } from '@app/core';
import { LedgerService } from '@app/ledger';
import { PayoutRunService } from '../payouts/payout-run.service';
import { BillPaymentsService, type BillPaymentState } from './bill-payments.service';
import {
  BillPaymentIntentModel, BillPaymentModel, LedgerBalanceModel, LedgerBalancesArgs, PayoutRunModel, RecordBankTransferInput, RecordRefundTransferInput, RefundBillInput, RefundModel, SepaFileExecutionModel,
} from './payments.models';
import { RefundService, type RefundView } from './refund.service';

/** A seller sees its own part of each refund; the buyer and the platform every part. */
function refundsSeenBy(actor: Actor, s: BillPaymentState, refunds: RefundView[]): RefundView[] {
  if (actor.organizationKind === 'PLATFORM' || actor.organizationId === s.bill.buyerId) return refunds;
  const mine = <T extends { sellerId: string }>(xs: T[]) => xs.filter((x) => x.sellerId === actor.organizationId);
  return refunds.map((r) => ({ ...r, parts: mine(r.parts), reversals: mine(r.reversals) }));
}

function toBillPayment(s: BillPaymentState, refunds: RefundView[]): BillPaymentModel {
  return {
    billId: s.bill.billId, billNumber: s.bill.number, status: s.bill.status, totalCents: s.bill.totalCents, paidCents: s.bill.paidCents,
    outstandingCents: s.outstandingCents, refundedCents: s.bill.refundedCents, creditedCents: s.bill.creditedCents, refundsOwedCents: s.refundsOwedCents, commissionBp: s.bill.commissionBp,
    payments: s.payments, refunds, stripeStatus: s.paymentIntent?.status ?? null, stripeError: s.paymentIntent?.lastError ?? null,
  };
}

@Resolver()
export class PaymentsResolver {
  constructor(
    private readonly bills: BillPaymentsService,
    private readonly refunds: RefundService,
    private readonly payouts: PayoutRunService,
    private readonly ledger: LedgerService,
  ) {}

  @Roles(Role.FINANCE)
  @Mutation(() => BillPaymentIntentModel, {
    description: "Starts paying a bill by card or SEPA Debit (the buyer's FINANCE member): one PaymentIntent per bill; with paymentMethodId it is confirmed at once (a decline is CONFLICT / PAYMENT_DECLINED)",
  })
  payBill(
    @CurrentActor() actor: Actor,
    @Args('billId', { type: () => ID }, UuidPipe) billId: string,
    @Args('paymentMethodId', { type: () => String, nullable: true, description: 'A payment method created by Stripe.js (pm_…): the platform confirms the payment with it' }) paymentMethodId?: string | null,
  ) {
    return this.bills.startStripePayment(actor, billId, paymentMethodId ?? null).then((s) => ({ billId: s.billId, billNumber: s.billNumber, paymentIntentId: s.id, clientSecret: s.clientSecret, amountCents: s.amountCents, status: s.status }));
  }

  @Roles(Role.FINANCE)
  @Mutation(() => BillPaymentModel, { description: "Records a bank transfer received on the platform's account against a bill (the platform's FINANCE member); partial payments add up, more than is owed is refused" })
  async recordBankTransfer(@CurrentActor() actor: Actor, @Args('input') input: RecordBankTransferInput) {
    const state = await this.bills.recordBankTransfer(actor, input);
    return toBillPayment(state, refundsSeenBy(actor, state, await this.refunds.viewsOf(state.bill.billId)));
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Query(() => BillPaymentModel, { description: "A bill's payment, for its buyer, its sellers and the platform" })
  async billPayment(@CurrentActor() actor: Actor, @Args('billId', { type: () => ID }, UuidPipe) billId: string) {
    const state = await this.bills.state(actor, billId);
    return toBillPayment(state, refundsSeenBy(actor, state, await this.refunds.viewsOf(billId)));
  }

  @Roles(Role.FINANCE)
  @Mutation(() => RefundModel, { description: "Refunds part or all of a paid bill (the platform's FINANCE member): each seller's share and the commission are reversed in proportion, Stripe transfers reversed" })
  refundBill(@CurrentActor() actor: Actor, @Args('input') input: RefundBillInput) {
    return this.refunds.refundBill(actor, input);
  }

  @Roles(Role.FINANCE)
  @Mutation(() => RefundModel, { description: "Records the transfer back of an OWED refund to the buyer (the platform's FINANCE member): a credit note on a bill paid by bank transfer" })
  recordRefundTransfer(@CurrentActor() actor: Actor, @Args('input') input: RecordRefundTransferInput) {
    return this.refunds.recordRefundTransfer(actor, input);
  }

  @Roles(Role.FINANCE)
  @Mutation(() => PayoutRunModel, { description: "Runs the payouts now (the platform's FINANCE member); the worker also runs them every day" })
  runPayouts(@CurrentActor() actor: Actor) {
    if (actor.organizationKind !== 'PLATFORM') throw new ForbiddenError("Payouts leave the platform's accounts: only the platform's FINANCE members run them");
    return this.payouts.run();
  }

  @Roles(Role.FINANCE)
  @Mutation(() => SepaFileExecutionModel, { description: "Confirms that the bank executed a SEPA file of the payout run (the platform's FINANCE member): its transfers leave the platform's account" })
  confirmSepaFileExecuted(@CurrentActor() actor: Actor, @Args('sepaFileId', { type: () => ID }, UuidPipe) sepaFileId: string, @Args('executedOn') executedOn: string) {
    return this.payouts.confirmSepaFileExecuted(actor, sepaFileId, executedOn);
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Query(() => [LedgerBalanceModel], { description: "An organisation's ledger balances per account and currency (its FINANCE and ADMIN members; the platform's for any)" })
  async ledgerBalances(@CurrentActor() actor: Actor, @Args() args: LedgerBalancesArgs) {
    const id = await this.ledger.readableOrganization(actor, args.organizationId ?? null);
    return this.ledger.balances(id, args.before ? new Date(args.before) : null);
  }

  @Roles(Role.FINANCE, Role.ADMIN)
  @Query(() => [LedgerBalanceModel], { description: "The whole ledger's totals per account and currency: each currency's debits equal its credits (the platform's only)" })
  ledgerTrialBalance(@CurrentActor() actor: Actor) {
    return this.ledger.trialBalance(actor, null);
  }
}
