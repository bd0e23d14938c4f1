import { Role } from '@app/core';
import { ApiKeyEntity, InvitationEntity, OrganizationEntity, UserEntity } from './identity.entities';
import { ApiKeyModel, InvitationModel, OrganizationModel, OrganizationVerificationStatus, UserModel } from './identity.models';
import { isBuyerKind, isProducerKind, OrganizationKind } from './organization-kind';

export function toOrganizationModel(o: OrganizationEntity): OrganizationModel {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind as OrganizationKind,
    siren: o.siren,
    siret: o.siret,
    vatNumber: o.vatNumber,
    address: { line: o.addressLine, postalCode: o.postalCode, city: o.city, country: o.country },
    verified: o.verifiedAt !== null,
    verifiedAt: o.verifiedAt,
    verificationStatus: o.verifiedAt ? OrganizationVerificationStatus.VERIFIED : o.refusedAt ? OrganizationVerificationStatus.REFUSED : OrganizationVerificationStatus.PENDING,
    refusal: o.refusedAt && !o.verifiedAt ? { refusedAt: o.refusedAt, reason: o.refusalReason ?? '' } : null,
    isProducer: isProducerKind(o.kind),
    isBuyer: isBuyerKind(o.kind),
    createdAt: o.createdAt,
  };
}

export const toUserModel = (u: UserEntity): UserModel => ({ id: u.id, email: u.email, displayName: u.displayName });

export const toApiKeyModel = (k: ApiKeyEntity): ApiKeyModel => ({
  id: k.id,
  name: k.name,
  hint: k.tokenHint,
  roles: k.roles as Role[],
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
});

export const toInvitationModel = (i: InvitationEntity): InvitationModel => ({
  id: i.id,
  email: i.email,
  roles: i.roles as Role[],
  expiresAt: i.expiresAt,
  acceptedAt: i.acceptedAt,
});
