import { EntityManager } from 'typeorm';
import type { QuoteRequest, QuoteResult } from './engine';
import { parisDay } from '@app/core';
import { QuoteEntity } from './quote.entities';

const DAY_MS = 86_400_000;

/** What a quote is about: the frozen versions and its two parties. */
export interface QuoteSubject {
  offeringId: string;
  offeringVersionId: string;
  tariffVersionId: string;
  buyerId: string;
  producerId: string;
}

/** Numbers and saves a quote (Q-<year>-<sequence>, the year in Paris), valid `validityDays`, in the caller's transaction. */
export async function saveQuote(
  m: EntityManager, createdBy: string | null, subject: QuoteSubject, priced: { request: QuoteRequest; result: QuoteResult }, validityDays: number,
): Promise<QuoteEntity> {
  const [{ seq }] = await m.query(`SELECT nextval('quote_number_seq') AS seq`);
  const createdAt = new Date();
  return m.save(m.create(QuoteEntity, {
    number: `Q-${parisDay(createdAt).slice(0, 4)}-${String(seq).padStart(6, '0')}`,
    offeringId: subject.offeringId, offeringVersionId: subject.offeringVersionId, tariffVersionId: subject.tariffVersionId,
    buyerId: subject.buyerId, producerId: subject.producerId, request: priced.request, result: priced.result,
    totalCents: priced.result.totalCents, currency: priced.result.currency,
    createdAt, validUntil: new Date(createdAt.getTime() + validityDays * DAY_MS), createdBy,
  }));
}
