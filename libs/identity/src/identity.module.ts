import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule, describeUniqueConstraints } from '@app/core';
import { AttemptLimits } from './attempt-limits';
import { PasswordService } from './password.service';
import { AuditResolver } from './audit.resolver';
import { AuthGuard } from './auth.guard';
import {
  ApiKeyEntity, InvitationEntity, MembershipEntity, OrganizationEntity, PasswordResetEntity, SessionEntity, UserEntity,
} from './identity.entities';
import { IdentityResolver, MemberResolver, OrganizationResolver } from './identity.resolver';
import { IdentityService } from './identity.service';
import { IdentityLoaders } from './organization.loader';

@Module({
  imports: [
    TypeOrmModule.forFeature([OrganizationEntity, UserEntity, MembershipEntity, ApiKeyEntity, SessionEntity, InvitationEntity, PasswordResetEntity]),
    MailModule,
  ],
  providers: [IdentityService, AttemptLimits, PasswordService, IdentityLoaders, IdentityResolver, MemberResolver, OrganizationResolver, AuditResolver, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [IdentityService, IdentityLoaders],
})
export class IdentityModule {
  constructor() {
    // What a client is told if a race still reaches one of these constraints.
    describeUniqueConstraints({
      organizations_siret_key: { field: 'organization.siret', message: 'An organisation with this SIRET already exists: ask its admin to invite you' },
      users_email_key: { field: 'email', message: 'An account with this e-mail already exists: sign in, or give its password to accept an invitation' },
      password_resets_token_hash_key: { field: 'token', message: 'Two reset codes came out the same: ask for a new one' },
      memberships_organization_id_user_id_key: { field: 'userId', message: 'This person is already a member of the organisation' },
    });
  }
}
