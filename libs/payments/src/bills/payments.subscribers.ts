import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventSubscriber, type EventEnvelope, type HandlesEvent, type PayloadOf } from '@app/core';
import { BillIssued } from '@app/billing';
import { AgreementSealed } from '@app/contracting';
import { BillPaymentsService } from './bill-payments.service';

/** The commission rate is frozen when the agreement binds: later changes of the defaults do not touch it. */
@EventSubscriber({ name: 'payments.freeze-commission', event: AgreementSealed })
@Injectable()
export class FreezeCommission implements HandlesEvent<PayloadOf<typeof AgreementSealed>> {
  constructor(private readonly bills: BillPaymentsService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof AgreementSealed>>, m: EntityManager): Promise<void> {
    await this.bills.freezeCommission(m, event.payload.agreementId, event.payload.producerId);
  }
}

/** Each issued bill becomes payable: its receivable, each seller's share and VAT and its commission are posted. */
@EventSubscriber({ name: 'payments.bill-issued', event: BillIssued })
@Injectable()
export class PostIssuedBill implements HandlesEvent<PayloadOf<typeof BillIssued>> {
  constructor(private readonly bills: BillPaymentsService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof BillIssued>>, m: EntityManager): Promise<void> {
    const b = event.payload;
    if (b.totalCents <= 0) return;
    await this.bills.recordIssuedBill(m, {
      billId: b.billId, number: b.number, agreementId: b.agreementId, producerId: b.networkId, buyerId: b.buyerId, currency: b.currency, totalCents: b.totalCents,
      issuedAt: new Date(event.occurredAt),
      sellers: b.sellers.map((s) => ({ invoiceId: s.invoiceId, number: s.number, sellerId: s.sellerId, netCents: s.netCents, vatCents: s.vatCents })),
    });
  }
}
