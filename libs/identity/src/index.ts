export * from './identity.module';
export * from './identity.service';
// Entities are types to others: they read identity's tables through IdentityService.
export type { ApiKeyEntity, InvitationEntity, MembershipEntity, OrganizationEntity, SessionEntity, UserEntity } from './identity.entities';
export * from './identity.models';
export * from './identity.mappers';
export * from './organization-kind';
export * from './organization.loader';
export * from './roles.policy';
export * from './identity.events';
export * from './identity.sql';
export * from './identity.errors';
