import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditResolver } from './audit.resolver';
import { AuthGuard } from './auth.guard';
import {
  ApiKeyEntity, InvitationEntity, MembershipEntity, OrganizationEntity, SessionEntity, UserEntity,
} from './identity.entities';
import { IdentityResolver, MemberResolver } from './identity.resolver';
import { IdentityService } from './identity.service';
import { IdentityLoaders } from './organization.loader';

@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity, UserEntity, MembershipEntity, ApiKeyEntity, SessionEntity, InvitationEntity])],
  providers: [IdentityService, IdentityLoaders, IdentityResolver, MemberResolver, AuditResolver, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [IdentityService, IdentityLoaders],
})
export class IdentityModule {}
