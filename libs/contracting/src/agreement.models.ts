import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CentsScalar, ConnectionType } from '@app/core';
import { LocalizedTextModel } from '@app/catalog';
import { AccessRequestStateEnum, AgreementStatusEnum, PartySide } from './contracting.enums';
import type { AgreementStatus } from './contracting.entities';

@ObjectType('AgreementSignature', { description: 'A party\'s signature given in the application' })
export class AgreementSignatureModel {
  @Field(() => PartySide, { description: 'BUYER or PRODUCER' }) side: PartySide;
  @Field({ description: 'Who signed' }) signerName: string;
  @Field({ description: 'Their e-mail address' }) signerEmail: string;
  @Field({ description: 'When' }) signedAt: Date;
  @Field({ description: 'The consent text they accepted' }) consentText: string;
  @Field({ description: 'The IP address they signed from' }) ip: string;
  @Field({ description: 'Their user agent' }) userAgent: string;
  @Field({ description: 'SHA-256 of the unsigned agreement they signed' }) unsignedPdfSha256: string;
}

@ObjectType('Agreement', { description: 'The agreement generated on acceptance: frozen template version, negotiated clauses, variables and accepted quote; visible to its two parties only' })
export class AgreementModel {
  @Field(() => ID) id: string;
  @Field({ description: '"AGR-2026-000042"' }) number: string;
  @Field(() => AgreementStatusEnum) status: AgreementStatus;
  @Field(() => ID, { description: 'The access request it concludes' }) requestId: string;
  @Field({ description: 'The licence template key' }) templateKey: string;
  @Field({ description: 'The frozen template version' }) templateVersion: string;
  @Field({ description: 'SHA-256 of the template version\'s canonical form' }) templateHash: string;
  @Field({ description: 'SHA-256 of the variables\' canonical JSON' }) variablesHash: string;
  @Field({ description: 'SHA-256 of the unsigned PDF the parties sign' }) unsignedPdfSha256: string;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the sealed PDF, once both parties have signed' }) sealedPdfSha256: string | null;
  @Field({ description: 'First day of access, YYYY-MM-DD (Paris)' }) startsOn: string;
  @Field({ description: 'First day without access, YYYY-MM-DD (Paris)' }) endsOn: string;
  @Field(() => CentsScalar, { description: 'Total of the accepted quote, VAT included, in cents' }) totalCents: number;
  @Field({ description: 'ISO 4217 currency' }) currency: string;
  @Field({ description: 'Whether the price appears in the public transparency register (both signers agreed)' }) publishPrice: boolean;
  @Field({ description: 'GET this path with the same Authorization header: the sealed PDF once signed, the unsigned one before' }) pdfPath: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the platform sealed it' }) sealedAt: Date | null;
  @Field(() => Date, { nullable: true }) terminatedAt: Date | null;
  @Field(() => String, { nullable: true }) terminationReason: string | null;
  buyerId: string;
  producerId: string;
}

@ObjectType('PdfSignatureCheck', { description: 'One cryptographic signature found in a PDF' })
export class PdfSignatureCheckModel {
  @Field(() => String, { nullable: true, description: 'The certificate\'s common name' }) signerName: string | null;
  @Field(() => String, { nullable: true, description: 'The certificate\'s organisation' }) signerOrganization: string | null;
  @Field(() => Date, { nullable: true, description: 'The signing time the signature states' }) signedAt: Date | null;
  @Field({ description: 'The signed bytes are unchanged and the signature matches the certificate' }) valid: boolean;
  @Field({ description: 'This signature covers the whole file (nothing appended after it)' }) coversWholeDocument: boolean;
  @Field(() => String, { nullable: true, description: 'The reason it states' }) reason: string | null;
  @Field(() => [String], { description: 'What is wrong, when not valid' }) errors: string[];
}

@ObjectType('VerifiedParty', { description: 'A party of an agreement issued here, and its signature in the application' })
export class VerifiedPartyModel {
  @Field(() => PartySide) side: PartySide;
  @Field({ description: 'Legal name' }) name: string;
  @Field(() => String, { nullable: true }) siret: string | null;
  @Field(() => String, { nullable: true, description: 'Who signed for it' }) signerName: string | null;
  @Field(() => Date, { nullable: true, description: 'When' }) signedAt: Date | null;
}

@ObjectType('AgreementVerification', { description: 'Whether a PDF is an agreement issued here, unaltered, and who signed it when' })
export class AgreementVerificationModel {
  @Field({ description: 'The file (or the revision its first signature covers) is an agreement this platform sealed' }) issuedHere: boolean;
  @Field({ description: 'Every signature is valid and the last one covers the whole file' }) unaltered: boolean;
  @Field(() => String, { nullable: true, description: 'The agreement number the file states' }) agreementNumber: string | null;
  @Field({ description: 'SHA-256 of the file checked' }) documentSha256: string;
  @Field(() => [PdfSignatureCheckModel], { description: 'The cryptographic signatures found' }) signatures: PdfSignatureCheckModel[];
  @Field(() => [VerifiedPartyModel], { description: 'The parties, when issued here; empty otherwise' }) parties: VerifiedPartyModel[];
  @Field(() => Date, { nullable: true, description: 'When the platform sealed it, when issued here' }) sealedAt: Date | null;
  @Field(() => AgreementStatusEnum, { nullable: true, description: 'Its status today, when issued here' }) status: AgreementStatus | null;
}

@ObjectType('TransparencyRegisterEntry', { description: 'A signed agreement as the public sees it: who accesses which dataset for what purpose; nothing confidential' })
export class TransparencyRegisterEntryModel {
  @Field({ description: 'The agreement number' }) agreementNumber: string;
  @Field({ description: 'The data producer' }) producerName: string;
  @Field({ description: 'The organisation given access' }) buyerName: string;
  @Field(() => LocalizedTextModel, { description: 'The dataset' }) offeringTitle: LocalizedTextModel;
  @Field({ description: 'The purpose category code' }) purposeCategory: string;
  @Field({ description: 'The purpose category in French' }) purposeCategoryLabel: string;
  @Field({ description: 'The purpose, as the buyer stated it' }) purposeSummary: string;
  @Field({ description: 'First day of access' }) startsOn: string;
  @Field({ description: 'First day without access' }) endsOn: string;
  @Field(() => AgreementStatusEnum) status: AgreementStatus;
  @Field({ description: 'When it was signed and sealed' }) signedAt: Date;
  @Field(() => CentsScalar, { nullable: true, description: 'Total price in cents, VAT included: only when both parties chose to publish it' }) totalCents: number | null;
  @Field(() => String, { nullable: true, description: 'Currency of totalCents' }) currency: string | null;
}

export const TransparencyRegisterConnection = ConnectionType(TransparencyRegisterEntryModel, 'TransparencyRegister');

@ObjectType('AgreementLifecycleRun', { description: 'What one run of the agreement lifecycle did' })
export class AgreementLifecycleRunModel {
  @Field(() => [String], { description: 'Agreements that became ACTIVE' }) activated: string[];
  @Field(() => [String], { description: 'Agreements that EXPIRED' }) expired: string[];
}

