import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TariffDefinition } from './engine';

export enum TariffVersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  RETIRED = 'RETIRED',
}

/** A producer's tariff for one offering; prices live in its versions. */
@Entity('tariffs')
export class TariffEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'offering_id', type: 'uuid' }) offeringId: string;
  @Column({ name: 'producer_id', type: 'uuid' }) producerId: string;
  @Column() name: string;
  /** The standard grid the tariff started from, if any. */
  @Column({ name: 'grid_key', type: 'text', nullable: true }) gridKey: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
}

/** One version of a tariff; immutable once published (a trigger enforces it). */
@Entity('tariff_versions')
export class TariffVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'tariff_id', type: 'uuid' }) tariffId: string;
  @Column({ name: 'version_no', type: 'int' }) versionNo: number;
  @Column() status: TariffVersionStatus;
  @Column({ type: 'jsonb' }) definition: TariffDefinition;
  /** YYYY-MM-DD (French time); null while a draft. */
  @Column({ name: 'effective_from', type: 'date', nullable: true }) effectiveFrom: string | null;
  /** YYYY-MM-DD, inclusive; null while open-ended. */
  @Column({ name: 'effective_to', type: 'date', nullable: true }) effectiveTo: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ name: 'published_by', type: 'uuid', nullable: true }) publishedBy: string | null;
}
