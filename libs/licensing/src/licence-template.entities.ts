import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { TemplateDefinition } from './engine';

export enum LicenceVersionStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  PUBLISHED = 'PUBLISHED',
  DEPRECATED = 'DEPRECATED',
}

/** A standard template (no organisation) or an organisation's fork of one. */
@Entity('licence_templates')
export class LicenceTemplateEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  @Column() key: string;
  @Column() family: string;
  /** A fork: the standard version it derives from. */
  @Column({ name: 'based_on_version_id', type: 'uuid', nullable: true }) basedOnVersionId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One version of a template; only a DRAFT changes (a database trigger enforces it). */
@Entity('licence_template_versions')
export class LicenceTemplateVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'template_id', type: 'uuid' }) templateId: string;
  @Column() version: string;
  @Column() status: LicenceVersionStatus;
  @Column({ type: 'jsonb' }) definition: TemplateDefinition;
  /** SHA-256 of the definition's canonical form (templateHash). */
  @Column({ type: 'char', length: 64 }) hash: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ name: 'published_by', type: 'uuid', nullable: true }) publishedBy: string | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ name: 'deprecated_at', type: 'timestamptz', nullable: true }) deprecatedAt: Date | null;
}

/** A licence an offering accepts, with the tariff that applies under it. */
@Entity('offering_licences')
export class OfferingLicenceEntity {
  @PrimaryColumn({ name: 'offering_id', type: 'uuid' }) offeringId: string;
  @PrimaryColumn({ name: 'template_version_id', type: 'uuid' }) templateVersionId: string;
  @Column({ name: 'tariff_version_id', type: 'uuid', nullable: true }) tariffVersionId: string | null;
  @Column({ type: 'int' }) position: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A version with its template: what visibility and the GraphQL mappers need. */
export interface LicenceVersionView {
  template: LicenceTemplateEntity;
  version: LicenceTemplateVersionEntity;
}
