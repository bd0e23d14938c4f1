import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { QuoteRequest, QuoteResult } from './engine';

const bigintAsNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/** A saved quote: the request, the result and the versions it froze; never edited. */
@Entity('quotes')
export class QuoteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** "Q-2026-000123" */
  @Column() number: string;
  @Column({ name: 'offering_id', type: 'uuid' }) offeringId: string;
  @Column({ name: 'offering_version_id', type: 'uuid' }) offeringVersionId: string;
  @Column({ name: 'tariff_version_id', type: 'uuid' }) tariffVersionId: string;
  @Column({ name: 'buyer_id', type: 'uuid' }) buyerId: string;
  @Column({ name: 'producer_id', type: 'uuid' }) producerId: string;
  /** The engine's request, buyer included (from the buyer organisation at the time). */
  @Column({ type: 'jsonb' }) request: QuoteRequest;
  @Column({ type: 'jsonb' }) result: QuoteResult;
  @Column({ name: 'total_cents', type: 'bigint', transformer: bigintAsNumber }) totalCents: number;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'valid_until', type: 'timestamptz' }) validUntil: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
}
