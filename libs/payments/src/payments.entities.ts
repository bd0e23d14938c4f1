import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A seller's payout account. The IBAN is kept whole (the SEPA file needs it) and shown masked everywhere else. */
@Entity('payout_accounts')
export class PayoutAccountEntity {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId: string;
  @Column('text', { name: 'holder_name' }) holderName: string;
  @Column('text', { nullable: true }) iban: string | null;
  @Column('text', { nullable: true }) bic: string | null;
  @Column('text', { name: 'stripe_account_id', nullable: true }) stripeAccountId: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy: string | null;
}

/** A Stripe webhook event, recorded once per id with what came of it. */
@Entity('stripe_events')
export class StripeEventEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') type: string;
  @Column('text', { name: 'object_id', nullable: true }) objectId: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'received_at' }) receivedAt: Date;
  @Column('text') outcome: 'APPLIED' | 'IGNORED';
  @Column('text', { nullable: true }) note: string | null;
}
