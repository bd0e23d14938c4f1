import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { QuoteRequest, QuoteResult } from '@app/pricing/engine';
import type { AccessRequestState, NegotiationSide, ProposedClauseChange, SigningSide } from './negotiation';

/** What the buyer asks for: population, variables and period of the data. */
export interface AccessScope {
  population: string;
  variables: string[];
  periodStart: string | null;
  periodEnd: string | null;
}

/** One proposal of the negotiation, as recorded (clause changes and, optionally, new tariff options). */
export interface RecordedProposal {
  by: SigningSide;
  changes: ProposedClauseChange[];
  quoteId: string | null;
  note: string | null;
  at: string;
}

/** A buyer's request for access to an offering under one of its licences; the versions it names are frozen. */
@Entity('access_requests')
export class AccessRequestEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** "AR-2026-000123" */
  @Column() number: string;
  @Column({ name: 'offering_id', type: 'uuid' }) offeringId: string;
  @Column({ name: 'offering_version_id', type: 'uuid' }) offeringVersionId: string;
  @Column({ name: 'template_version_id', type: 'uuid' }) templateVersionId: string;
  @Column({ name: 'tariff_version_id', type: 'uuid' }) tariffVersionId: string;
  @Column({ name: 'buyer_id', type: 'uuid' }) buyerId: string;
  @Column({ name: 'producer_id', type: 'uuid' }) producerId: string;
  @Column({ type: 'text' }) state: AccessRequestState;
  @Column({ name: 'purpose_category' }) purposeCategory: string;
  @Column({ name: 'purpose_summary' }) purposeSummary: string;
  @Column({ name: 'project_title' }) projectTitle: string;
  @Column({ name: 'principal_investigator' }) principalInvestigator: string;
  @Column({ name: 'legal_basis' }) legalBasis: string;
  @Column({ name: 'cnil_formality' }) cnilFormality: string;
  @Column({ name: 'cnil_reference' }) cnilReference: string;
  @Column({ name: 'processing_environment' }) processingEnvironment: string;
  @Column({ type: 'jsonb' }) scope: AccessScope;
  /** Values of the licence's other variables (e.g. territory, jurisdiction), given by the buyer. */
  @Column({ name: 'licence_variables', type: 'jsonb' }) licenceVariables: Record<string, unknown>;
  /** The pricing engine's request, buyer excluded (the buyer organisation is priced as itself). */
  @Column({ name: 'pricing_request', type: 'jsonb' }) pricingRequest: Omit<QuoteRequest, 'buyer'>;
  @Column({ name: 'duration_months', type: 'int' }) durationMonths: number;
  @Column({ name: 'start_date', type: 'date' }) startDate: string;
  @Column({ type: 'jsonb' }) estimate: QuoteResult;
  @Column({ name: 'current_quote_id', type: 'uuid', nullable: true }) currentQuoteId: string | null;
  @Column({ name: 'accepted_quote_id', type: 'uuid', nullable: true }) acceptedQuoteId: string | null;
  @Column({ type: 'jsonb' }) proposals: RecordedProposal[];
  /** Bumped by every transition: clients may compare it; the row lock makes transitions serial. */
  @Column({ type: 'int' }) version: number;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One transition of a request: the history, never edited. */
@Entity('access_request_events')
export class AccessRequestEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'request_id', type: 'uuid' }) requestId: string;
  @Column() transition: string;
  @Column({ name: 'from_state', type: 'text' }) fromState: AccessRequestState;
  @Column({ name: 'to_state', type: 'text' }) toState: AccessRequestState;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId: string | null;
  @Column({ name: 'actor_api_key_id', type: 'uuid', nullable: true }) actorApiKeyId: string | null;
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ type: 'text' }) side: NegotiationSide;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' }) at: Date;
}

export type AgreementStatus = 'ISSUED' | 'SIGNED' | 'ACTIVE' | 'EXPIRED' | 'TERMINATED';

/** The agreement generated on acceptance; its sealed PDF is written once (a trigger refuses a rewrite). */
@Entity('agreements')
export class AgreementEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** "AGR-2026-000042" */
  @Column() number: string;
  @Column({ name: 'request_id', type: 'uuid' }) requestId: string;
  @Column({ name: 'template_key' }) templateKey: string;
  @Column({ name: 'template_version' }) templateVersion: string;
  @Column({ name: 'template_hash', type: 'char', length: 64 }) templateHash: string;
  @Column({ type: 'jsonb' }) variables: Record<string, unknown>;
  @Column({ name: 'variables_hash', type: 'char', length: 64 }) variablesHash: string;
  /** The exact AgreementPdfInput (creationDate as ISO text): sealing re-renders it byte for byte. */
  @Column({ name: 'render_input', type: 'jsonb' }) renderInput: Record<string, unknown>;
  @Column({ name: 'unsigned_pdf_sha256', type: 'char', length: 64 }) unsignedPdfSha256: string;
  @Column({ name: 'sealed_pdf', type: 'bytea', nullable: true, select: false }) sealedPdf: Buffer | null;
  @Column({ name: 'sealed_pdf_sha256', type: 'char', length: 64, nullable: true }) sealedPdfSha256: string | null;
  @Column({ name: 'starts_on', type: 'date' }) startsOn: string;
  /** The first day without access. */
  @Column({ name: 'ends_on', type: 'date' }) endsOn: string;
  @Column({ type: 'text' }) status: AgreementStatus;
  @Column({ name: 'publish_price', default: false }) publishPrice: boolean;
  @Column({ name: 'termination_reason', type: 'text', nullable: true }) terminationReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'sealed_at', type: 'timestamptz', nullable: true }) sealedAt: Date | null;
  @Column({ name: 'terminated_at', type: 'timestamptz', nullable: true }) terminatedAt: Date | null;
}

/** A party's signature given in the application, with what identifies the moment and the device. */
@Entity('agreement_signatures')
export class AgreementSignatureEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'agreement_id', type: 'uuid' }) agreementId: string;
  @Column({ type: 'text' }) side: SigningSide;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true }) apiKeyId: string | null;
  @Column({ name: 'signer_name' }) signerName: string;
  @Column({ name: 'signer_email' }) signerEmail: string;
  @Column({ name: 'consent_text' }) consentText: string;
  @Column({ name: 'publish_price', default: false }) publishPrice: boolean;
  @Column({ name: 'signed_at', type: 'timestamptz' }) signedAt: Date;
  @Column() ip: string;
  @Column({ name: 'user_agent' }) userAgent: string;
  @Column({ name: 'unsigned_pdf_sha256', type: 'char', length: 64 }) unsignedPdfSha256: string;
}
