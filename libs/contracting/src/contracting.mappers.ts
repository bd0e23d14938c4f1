import { toPriceModel } from '@app/pricing';
import type { AgreementFees } from './agreement';
import type { AccessRequestModel } from './access-request.models';
import type { AgreementModel, AgreementSignatureModel } from './agreement.models';
import type { AccessRequestEntity, AgreementEntity, AgreementSignatureEntity } from './contracting.entities';
import { CnilFormality, PartySide } from './contracting.enums';

export const toAccessRequestModel = (r: AccessRequestEntity): AccessRequestModel => ({
  id: r.id,
  number: r.number,
  state: r.state,
  version: r.version,
  purposeCategory: r.purposeCategory,
  purposeSummary: r.purposeSummary,
  projectTitle: r.projectTitle,
  principalInvestigator: r.principalInvestigator,
  legalBasis: r.legalBasis,
  cnilFormality: r.cnilFormality as CnilFormality,
  cnilReference: r.cnilReference,
  processingEnvironment: r.processingEnvironment,
  scope: r.scope,
  durationMonths: r.durationMonths,
  startDate: r.startDate,
  estimate: toPriceModel(r.estimate),
  proposals: r.proposals.map((p) => ({
    by: p.by as PartySide,
    changes: p.changes.map((c) => ({
      clauseId: c.clauseId,
      alternativeId: c.alternativeId ?? null,
      text: c.text ? { fr: c.text.fr ?? null, en: c.text.en ?? null } : null,
      revertToStandard: !!c.revertToStandard,
    })),
    quoteId: p.quoteId,
    note: p.note,
    at: new Date(p.at),
  })),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  offeringId: r.offeringId,
  offeringVersionId: r.offeringVersionId,
  templateVersionId: r.templateVersionId,
  tariffVersionId: r.tariffVersionId,
  buyerId: r.buyerId,
  producerId: r.producerId,
  currentQuoteId: r.currentQuoteId,
  acceptedQuoteId: r.acceptedQuoteId,
});

export const toAgreementModel = (a: AgreementEntity, r: { buyerId: string; producerId: string }): AgreementModel => {
  const fees = a.renderInput.fees as AgreementFees;
  return {
    id: a.id,
    number: a.number,
    status: a.status,
    requestId: a.requestId,
    templateKey: a.templateKey,
    templateVersion: a.templateVersion,
    templateHash: a.templateHash,
    variablesHash: a.variablesHash,
    unsignedPdfSha256: a.unsignedPdfSha256,
    sealedPdfSha256: a.sealedPdfSha256,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    totalCents: fees.totalCents,
    currency: fees.currency,
    publishPrice: a.publishPrice,
    pdfPath: `/agreements/${a.id}.pdf`,
    createdAt: a.createdAt,
    sealedAt: a.sealedAt,
    terminatedAt: a.terminatedAt,
    terminationReason: a.terminationReason,
    buyerId: r.buyerId,
    producerId: r.producerId,
  };
};

export const toSignatureModel = (s: AgreementSignatureEntity): AgreementSignatureModel => ({
  side: s.side as PartySide,
  signerName: s.signerName,
  signerEmail: s.signerEmail,
  signedAt: s.signedAt,
  consentText: s.consentText,
  ip: s.ip,
  userAgent: s.userAgent,
  unsignedPdfSha256: s.unsignedPdfSha256,
});
