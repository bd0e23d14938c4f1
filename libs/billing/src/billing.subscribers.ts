import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventSubscriber, type EventEnvelope, type HandlesEvent, type PayloadOf } from '@app/core';
import { AccessRequestWithdrawn, AgreementExpired, AgreementSealed, AgreementTerminated } from '@app/contracting';
import { BillingRunService, withdrawalLogLine } from './billing-run.service';
import { BillingService } from './billing.service';
import { BillIssued, CreditNoteIssued } from './billing.events';
import { InvoiceDispatch } from './dispatch/dispatch.service';

/** Fees due at signature: one bill of one invoice per contributor when the agreement is sealed. */
@Injectable()
@EventSubscriber({ name: 'billing.bill-at-signature', event: AgreementSealed })
export class BillAtSignature implements HandlesEvent<PayloadOf<typeof AgreementSealed>> {
  constructor(private readonly runs: BillingRunService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof AgreementSealed>>, m: EntityManager): Promise<void> {
    await this.runs.issueAtSignature(m, event.payload.agreementId, new Date(event.occurredAt));
  }
}

/** The closing bill at expiry: the usage of the last month. */
@Injectable()
@EventSubscriber({ name: 'billing.bill-at-expiry', event: AgreementExpired })
export class BillAtExpiry implements HandlesEvent<PayloadOf<typeof AgreementExpired>> {
  constructor(private readonly runs: BillingRunService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof AgreementExpired>>, m: EntityManager): Promise<void> {
    await this.runs.issueClosing(m, event.payload.agreementId, new Date(event.occurredAt));
  }
}

/** The closing bill at termination: the usage of the month up to the termination, nothing after it. */
@Injectable()
@EventSubscriber({ name: 'billing.bill-at-termination', event: AgreementTerminated })
export class BillAtTermination implements HandlesEvent<PayloadOf<typeof AgreementTerminated>> {
  constructor(private readonly runs: BillingRunService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof AgreementTerminated>>, m: EntityManager): Promise<void> {
    await this.runs.issueClosing(m, event.payload.agreementId, new Date(event.occurredAt));
  }
}

/** The costs incurred before a withdrawal: one bill of one invoice per contributor, when a quote was given and they are not zero. */
@Injectable()
@EventSubscriber({ name: 'billing.bill-at-withdrawal', event: AccessRequestWithdrawn })
export class BillAtWithdrawal implements HandlesEvent<PayloadOf<typeof AccessRequestWithdrawn>> {
  private readonly logger = new Logger(BillAtWithdrawal.name);

  constructor(private readonly runs: BillingRunService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof AccessRequestWithdrawn>>, m: EntityManager): Promise<void> {
    const done = await this.runs.issueAtWithdrawal(m, event.payload, new Date(event.occurredAt));
    this.logger.log(withdrawalLogLine(event.payload, done));
  }
}

/** Renders the Factur-X PDFs of an issued bill after it commits, so that the issuing transaction stays short. */
@Injectable()
@EventSubscriber({ name: 'billing.render-invoice-pdfs', event: BillIssued })
export class RenderBillPdfs implements HandlesEvent<PayloadOf<typeof BillIssued>> {
  constructor(private readonly billing: BillingService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof BillIssued>>, m: EntityManager): Promise<void> {
    await this.billing.renderPdfsOfBill(event.payload.billId, m);
  }
}

@Injectable()
@EventSubscriber({ name: 'billing.render-credit-note-pdfs', event: CreditNoteIssued })
export class RenderCreditNotePdfs implements HandlesEvent<PayloadOf<typeof CreditNoteIssued>> {
  constructor(private readonly billing: BillingService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof CreditNoteIssued>>, m: EntityManager): Promise<void> {
    await this.billing.renderPdfsOfBill(event.payload.billId, m);
  }
}

/** Hands a bill's invoices to the seller's PA or to Chorus Pro, when an adapter is configured. */
@Injectable()
@EventSubscriber({ name: 'billing.dispatch-invoices', event: BillIssued })
export class DispatchBillInvoices implements HandlesEvent<PayloadOf<typeof BillIssued>> {
  constructor(private readonly dispatch: InvoiceDispatch) {}

  async handle(event: EventEnvelope<PayloadOf<typeof BillIssued>>, m: EntityManager): Promise<void> {
    await this.dispatch.dispatchBill(event.payload.billId, m);
  }
}
