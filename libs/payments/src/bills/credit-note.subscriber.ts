import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventSubscriber, type EventEnvelope, type HandlesEvent, type PayloadOf } from '@app/core';
import { CreditNoteIssued } from '@app/billing';
import { CreditNoteService } from './credit-note.service';

/** Each credit note reduces what the buyer owes (or is refunded), and reverses its seller's share and commission in proportion. */
@EventSubscriber({ name: 'payments.credit-note-issued', event: CreditNoteIssued })
@Injectable()
export class ReverseCreditNote implements HandlesEvent<PayloadOf<typeof CreditNoteIssued>> {
  constructor(private readonly creditNotes: CreditNoteService) {}

  async handle(event: EventEnvelope<PayloadOf<typeof CreditNoteIssued>>, m: EntityManager): Promise<void> {
    const c = event.payload;
    await this.creditNotes.recordCreditNotes(m, { billId: c.billId, billNumber: c.billNumber, reason: c.reason, issuedAt: new Date(event.occurredAt), creditNotes: c.creditNotes });
  }
}
