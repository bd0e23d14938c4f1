// Agreement documents: the PDF (clauses, annexes, signature page, audit trail), its seal,
// and the check of an agreement PDF handed back. Pure functions, no framework.
export { AGREEMENT_NUMBER_PATTERN, agreementInputProblems, assertAgreementInput } from './agreement-input';
export type { AgreementContributor, AgreementFeeLine, AgreementFees, AgreementParty, AgreementPdfInput, AgreementSigner, AuditEvent, DatasetDescriptionRow } from './agreement-input';
export { tariffValueFromFees } from './agreement-fees';
export { AGREEMENT_NUMBER_KEYWORD, renderAgreementPdf } from './agreement-pdf';
export type { RenderAgreementOptions } from './agreement-pdf';
export { agreementNumberOf, sealAgreement, verifyAgreementPdf } from './seal-agreement';
export type { AgreementSealMeta, AgreementVerification, KnownAgreementHashes, SealAgreementParams, SealedAgreement } from './seal-agreement';
