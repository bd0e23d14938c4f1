import { QuoteLine, QuoteResult } from './engine';
import { StandardGrid } from './grids';
import { QuoteStatus } from './pricing.enums';
import { QuoteEntity } from './quote.entities';
import { EstimateModel, PriceLineModel, PriceModel, QuoteModel } from './quote.models';
import type { Priced } from './quote.service';
import { TariffEntity, TariffVersionEntity } from './tariff.entities';
import { StandardTariffGridModel, TariffModel, TariffVersionModel } from './tariff.models';

export const toGridModel = (g: StandardGrid): StandardTariffGridModel => ({
  key: g.key, name: g.name, description: g.description, definition: g.tariff,
});

export const toTariffModel = (t: TariffEntity): TariffModel => ({
  id: t.id, offeringId: t.offeringId, name: t.name, gridKey: t.gridKey, createdAt: t.createdAt, producerId: t.producerId,
});

export const toTariffVersionModel = (v: TariffVersionEntity): TariffVersionModel => ({
  id: v.id,
  tariffId: v.tariffId,
  version: v.versionNo,
  status: v.status,
  definition: v.definition,
  effectiveFrom: v.effectiveFrom,
  effectiveTo: v.effectiveTo,
  createdAt: v.createdAt,
  publishedAt: v.publishedAt,
});

const toLine = (l: QuoteLine): PriceLineModel => ({
  code: l.code, componentCode: l.componentCode, label: l.label, kind: l.kind, nature: l.nature, quantity: l.quantity, unit: l.unit,
  unitPriceCents: l.unitPriceCents, amountCents: l.amountCents, vatRateBp: l.vatRateBp, rule: l.rule, estimate: l.estimate, waived: l.waived,
});

export const toPriceModel = (r: QuoteResult): PriceModel => ({
  tariffKey: r.tariffKey,
  tariffVersion: r.tariffVersion,
  currency: r.currency,
  locale: r.locale,
  lines: r.lines.map(toLine),
  chargesCents: r.chargesCents,
  adjustments: r.adjustments.map(toLine),
  subtotalCents: r.subtotalCents,
  vatRegime: r.vatRegime,
  vatLines: r.vatLines,
  vatCents: r.vatCents,
  totalCents: r.totalCents,
  vatMention: r.vatMention,
  estimate: r.estimate,
  withdrawn: r.withdrawn,
  costsOnly: r.costsOnly,
  notes: r.notes,
});

export const toEstimateModel = (p: Priced): EstimateModel => ({
  offeringId: p.offeringId,
  offeringVersion: p.offeringVersionNo,
  tariffId: p.tariffId,
  tariffVersionId: p.tariffVersionId,
  tariffVersion: p.tariffVersionNo,
  pricedOn: p.pricedOn,
  buyer: { category: p.request.buyer.category, country: p.request.buyer.country, vatNumber: p.request.buyer.vatNumber ?? null },
  price: toPriceModel(p.result),
});

export const toQuoteModel = (q: QuoteEntity, now = new Date()): QuoteModel => ({
  id: q.id,
  number: q.number,
  status: q.validUntil > now ? QuoteStatus.ISSUED : QuoteStatus.EXPIRED,
  createdAt: q.createdAt,
  validUntil: q.validUntil,
  pricedBuyer: { category: q.request.buyer.category, country: q.request.buyer.country, vatNumber: q.request.buyer.vatNumber ?? null },
  price: toPriceModel(q.result),
  pdfPath: `/quotes/${q.id}.pdf`,
  offeringId: q.offeringId,
  offeringVersionId: q.offeringVersionId,
  tariffVersionId: q.tariffVersionId,
  buyerId: q.buyerId,
  producerId: q.producerId,
});
