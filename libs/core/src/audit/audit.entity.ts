import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @CreateDateColumn({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'uuid', nullable: true, name: 'actor_user_id' }) actorUserId: string | null;
  @Column({ type: 'uuid', nullable: true, name: 'actor_api_key_id' }) actorApiKeyId: string | null;
  @Column({ type: 'uuid', nullable: true, name: 'organization_id' }) organizationId: string | null;
  @Column() action: string;
  @Column({ name: 'entity_type' }) entityType: string;
  @Column({ name: 'entity_id' }) entityId: string;
  @Column({ type: 'jsonb', default: {} }) changes: Record<string, unknown>;
}
