import type { AgreementVerification } from './agreement';
import type { AgreementVerificationModel, TransparencyRegisterEntryModel } from './agreement.models';
import type { RegisterRow, VerifiedAgreement } from './agreement.service';
import { PartySide } from './contracting.enums';

export const toVerificationModel = (v: AgreementVerification<VerifiedAgreement>): AgreementVerificationModel => ({
  issuedHere: v.issuedHere,
  unaltered: v.unaltered,
  agreementNumber: v.agreementNumber,
  documentSha256: v.documentSha256,
  signatures: v.signatures.map((s) => ({
    signerName: s.signerName ?? s.name ?? null,
    signerOrganization: s.signerOrganization ?? null,
    signedAt: s.signedAt ?? null,
    valid: s.valid,
    coversWholeDocument: s.coversWholeDocument,
    reason: s.reason ?? null,
    errors: s.errors,
  })),
  parties: (v.record?.parties ?? []).map((p) => ({ ...p, side: p.side as PartySide })),
  sealedAt: v.record?.agreement.sealedAt ?? null,
  status: v.record?.agreement.status ?? null,
});

export const toRegisterEntry = (r: RegisterRow): TransparencyRegisterEntryModel => ({
  agreementNumber: r.number,
  producerName: r.producer_name,
  buyerName: r.buyer_name,
  offeringTitle: r.title,
  purposeCategory: r.purpose_category,
  purposeCategoryLabel: r.purpose_category_label,
  purposeSummary: r.purpose_summary,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  status: r.status,
  signedAt: r.sealed_at,
  totalCents: r.total_cents === null ? null : Number(r.total_cents),
  currency: r.currency,
});
