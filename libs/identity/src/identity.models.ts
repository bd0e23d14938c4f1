import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Role } from '@app/core';
import { OrganizationKind } from './organization-kind';

registerEnumType(Role, {
  name: 'Role',
  description: 'ADMIN manages members and keys; PUBLISHER edits offerings; LEGAL edits contract templates; SIGNER signs agreements; BUYER requests access; FINANCE handles invoices.',
});

@ObjectType('Address')
export class AddressModel {
  @Field() line: string;
  @Field() postalCode: string;
  @Field() city: string;
  @Field({ description: 'ISO 3166-1 alpha-2' }) country: string;
}

/** Where the platform operator's check of an organisation stands. */
export enum OrganizationVerificationStatus {
  PENDING = 'PENDING',
  VERIFIED = 'VERIFIED',
  REFUSED = 'REFUSED',
}
registerEnumType(OrganizationVerificationStatus, {
  name: 'OrganizationVerificationStatus',
  description: 'PENDING: waiting for the platform operator; VERIFIED; REFUSED: the operator refused, with a reason (shown to the organisation\'s members)',
});

@ObjectType('OrganizationRefusal', { description: 'Why the platform operator refused to verify an organisation' })
export class OrganizationRefusalModel {
  @Field({ description: 'The operator\'s reason, to fix before asking again' }) reason: string;
  @Field() refusedAt: Date;
}

@ObjectType('Organization', { description: 'A legal entity: a data producer, a buyer or the platform operator' })
export class OrganizationModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => OrganizationKind) kind: OrganizationKind;
  @Field(() => String, { nullable: true }) siren: string | null;
  @Field(() => String, { nullable: true }) siret: string | null;
  @Field(() => String, { nullable: true }) vatNumber: string | null;
  @Field(() => AddressModel) address: AddressModel;
  @Field({ description: 'Verified by the platform operator; a producer\'s offerings are public only once verified' })
  verified: boolean;
  @Field(() => Date, { nullable: true }) verifiedAt: Date | null;
  /** Resolved per caller (OrganizationResolver): REFUSED and the refusal only for its members and the platform. */
  verificationStatus: OrganizationVerificationStatus;
  refusal: OrganizationRefusalModel | null;
  @Field() isProducer: boolean;
  @Field() isBuyer: boolean;
  @Field() createdAt: Date;
}

@ObjectType('User')
export class UserModel {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
}

@ObjectType('Member', { description: 'A user\'s membership of an organisation' })
export class MemberModel {
  @Field(() => ID) id: string;
  @Field(() => UserModel) user: UserModel;
  @Field(() => [Role]) roles: Role[];
  @Field() joinedAt: Date;
}

@ObjectType('ApiKey', { description: 'A key for GraphQL clients, scoped to one organisation; the secret is shown only once' })
export class ApiKeyModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'The first characters of the secret, to recognise it' }) hint: string;
  @Field(() => [Role]) roles: Role[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
}

@ObjectType('ApiKeyCreated')
export class ApiKeyCreatedModel {
  @Field(() => ApiKeyModel) apiKey: ApiKeyModel;
  @Field({ description: 'Send as "Authorization: Bearer <secret>". Shown once: store it now.' }) secret: string;
}

@ObjectType('Invitation')
export class InvitationModel {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field(() => [Role]) roles: Role[];
  @Field() expiresAt: Date;
  @Field(() => Date, { nullable: true }) acceptedAt: Date | null;
}

@ObjectType('InvitationCreated')
export class InvitationCreatedModel {
  @Field(() => InvitationModel) invitation: InvitationModel;
  @Field({ description: 'Give it to the invitee, who calls acceptInvitation with it. Shown once.' }) token: string;
}

@ObjectType('Session')
export class SessionModel {
  @Field({ description: 'Send as "Authorization: Bearer <token>"' }) token: string;
  @Field() expiresAt: Date;
  @Field(() => UserModel) user: UserModel;
  @Field(() => OrganizationModel) organization: OrganizationModel;
  @Field(() => [Role]) roles: Role[];
}

@ObjectType('Me', { description: 'The caller: a signed-in user or an API key, acting for one organisation' })
export class MeModel {
  @Field(() => UserModel, { nullable: true, description: 'Null when calling with an API key' }) user: UserModel | null;
  @Field(() => ApiKeyModel, { nullable: true }) apiKey: ApiKeyModel | null;
  @Field(() => OrganizationModel) organization: OrganizationModel;
  @Field(() => [Role]) roles: Role[];
}

export const MemberConnection = ConnectionType(MemberModel, 'Member');
export const ApiKeyConnection = ConnectionType(ApiKeyModel, 'ApiKey');
export const OrganizationConnection = ConnectionType(OrganizationModel, 'Organization');
