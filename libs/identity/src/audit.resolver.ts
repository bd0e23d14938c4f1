import { Args, ArgsType, Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import GraphQLJSON from 'graphql-type-json';
import { DataSource } from 'typeorm';
import { Actor, AuditEntry, ConnectionArgs, ConnectionType, CurrentActor, Role, Roles, decodeCursor, toConnection } from '@app/core';
import { OrganizationKind } from './organization-kind';

@ObjectType('AuditEntry', { description: 'Who changed what, and when' })
export class AuditEntryModel {
  @Field(() => ID) id: string;
  @Field() at: Date;
  @Field() action: string;
  @Field() entityType: string;
  @Field() entityId: string;
  @Field(() => ID, { nullable: true, description: 'The user who acted, when signed in' }) actorUserId: string | null;
  @Field(() => ID, { nullable: true, description: 'The API key that acted, when one was used' }) actorApiKeyId: string | null;
  @Field(() => GraphQLJSON, { description: 'What changed (fields, before/after where relevant)' }) changes: Record<string, unknown>;
}

const AuditConnection = ConnectionType(AuditEntryModel, 'AuditEntry');

@ArgsType()
class AuditArgs extends ConnectionArgs {
  @Field({ nullable: true, description: 'e.g. Offering, ApiKey, Membership' }) @IsOptional() @IsString() @MaxLength(60) entityType?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) entityId?: string;
}

@Resolver()
export class AuditResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Roles(Role.ADMIN)
  @Query(() => AuditConnection, { description: 'The audit trail of your organisation, newest first (ADMIN; the platform operator sees all)' })
  async auditTrail(@CurrentActor() actor: Actor, @Args() args: AuditArgs) {
    const offset = decodeCursor(args.after);
    const qb = this.db.getRepository(AuditEntry).createQueryBuilder('a');
    if (actor.organizationKind !== OrganizationKind.PLATFORM) qb.where('a.organization_id = :org', { org: actor.organizationId });
    if (args.entityType) qb.andWhere('a.entity_type = :t', { t: args.entityType });
    if (args.entityId) qb.andWhere('a.entity_id = :e', { e: args.entityId });
    const [rows, total] = await qb.orderBy('a.id', 'DESC').skip(offset).take(args.first ?? 20).getManyAndCount();
    return toConnection(rows, total, offset);
  }
}
