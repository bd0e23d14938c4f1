import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OfferingContent } from './offering.content';

export enum OfferingStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  RETIRED = 'RETIRED',
}

export enum OfferingVersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  SUPERSEDED = 'SUPERSEDED',
}

@Entity('offerings')
export class OfferingEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'producer_id', type: 'uuid' }) producerId: string;
  @Column() status: OfferingStatus;
  @Column({ name: 'latest_version_id', type: 'uuid', nullable: true }) latestVersionId: string | null;
  @Column({ name: 'published_version_id', type: 'uuid', nullable: true }) publishedVersionId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true }) retiredAt: Date | null;
}

/** One version of an offering's description; immutable once published. */
@Entity('offering_versions')
export class OfferingVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'offering_id', type: 'uuid' }) offeringId: string;
  @Column({ name: 'producer_id', type: 'uuid' }) producerId: string;
  @Column({ name: 'producer_kind' }) producerKind: string;
  @Column({ name: 'version_no', type: 'int' }) versionNo: number;
  /** In the public catalog: the published version of a live offering of a verified producer. */
  @Column({ default: false }) listed: boolean;
  @Column() status: OfferingVersionStatus;
  @Column({ type: 'jsonb' }) content: OfferingContent;
  @Column({ name: 'title_fr' }) titleFr: string;
  @Column({ type: 'text', array: true }) themes: string[];
  @Column({ name: 'data_model' }) dataModel: string;
  @Column({ name: 'coding_systems', type: 'text', array: true }) codingSystems: string[];
  @Column({ type: 'text', array: true }) regions: string[];
  @Column({ name: 'access_modality' }) accessModality: string;
  @Column({ name: 'number_of_individuals', type: 'bigint', nullable: true, transformer: { to: (v) => v, from: (v) => (v === null ? null : Number(v)) } })
  numberOfIndividuals: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ name: 'published_by', type: 'uuid', nullable: true }) publishedBy: string | null;
}

export enum ContributionStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

/**
 * A producer contributing to an offering version, with its weight in the revenue share and
 * its consent (weight and billing mandate); frozen with the published version (a trigger).
 */
@Entity('offering_contributors')
export class OfferingContributorEntity {
  @PrimaryColumn({ name: 'version_id', type: 'uuid' }) versionId: string;
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ type: 'int' }) weight: number;
  /** 1-based, in the order the version lists them: the stable tie-break of the split. */
  @Column({ type: 'int' }) position: number;
  @Column({ name: 'consent', type: 'text' }) status: ContributionStatus;
  @Column({ name: 'requested_at', type: 'timestamptz' }) requestedAt: Date;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'decided_by_user_id', type: 'uuid', nullable: true }) decidedByUserId: string | null;
  @Column({ name: 'decided_by_api_key_id', type: 'uuid', nullable: true }) decidedByApiKeyId: string | null;
  @Column({ name: 'mandate_version', type: 'text', nullable: true }) mandateVersion: string | null;
  @Column({ name: 'mandate_sha256', type: 'char', length: 64, nullable: true }) mandateSha256: string | null;
  @Column({ name: 'decline_reason', type: 'text', nullable: true }) declineReason: string | null;
}
