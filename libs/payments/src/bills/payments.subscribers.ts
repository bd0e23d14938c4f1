import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventSubscriber, type EventEnvelope, type HandlesEvent, type PayloadOf } from '@app/core';
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
