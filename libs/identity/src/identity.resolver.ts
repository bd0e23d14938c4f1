import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  Actor, ConnectionArgs, CurrentActor, LoaderContext, Public, RequestContext, Role, Roles, decodeCursor, toConnection, UuidPipe,
} from '@app/core';
import {
  AcceptInvitationInput, ChangePasswordInput, CreateApiKeyInput, InviteMemberInput, RequestPasswordResetInput, ResetPasswordInput,
  SignInInput, SignUpOrganizationInput, UpdateMemberRolesInput, UpdateOrganizationInput,
} from './dto/identity.inputs';
import { PasswordService } from './password.service';
import { OrganizationsFilterArgs, RefuseOrganizationArgs } from './dto/identity.args';
import { IdentityService, SessionResult } from './identity.service';
import {
  ApiKeyConnection, ApiKeyCreatedModel, ApiKeyModel, InvitationCreatedModel, MeModel, MemberConnection, MemberModel,
  OrganizationConnection, OrganizationModel, OrganizationRefusalModel, OrganizationVerificationStatus, SessionModel, UserModel,
} from './identity.models';
import { toApiKeyModel, toInvitationModel, toOrganizationModel, toUserModel } from './identity.mappers';
import { IdentityLoaders } from './organization.loader';
import { bearerToken } from './auth.guard';
import { OrganizationKind } from './organization-kind';

/** The client's address as Express sees it: the socket's peer, or what a trusted proxy (TRUST_PROXY) says. */
const clientAddress = (ctx: RequestContext) => ctx.req.ip || 'unknown';

const toSession = (s: SessionResult): SessionModel => ({
  token: s.token, expiresAt: s.expiresAt, user: toUserModel(s.user), organization: toOrganizationModel(s.organization), roles: s.roles,
});

@Resolver()
export class IdentityResolver {
  constructor(private readonly identity: IdentityService, private readonly passwords: PasswordService) {}

  @Query(() => MeModel, { description: 'The caller: user or API key, organisation and roles' })
  async me(@CurrentActor() actor: Actor): Promise<MeModel> {
    const [organization, user, apiKey] = await Promise.all([
      this.identity.organization(actor.organizationId),
      actor.userId ? this.identity.user(actor.userId) : null,
      actor.apiKeyId ? this.identity.apiKey(actor.apiKeyId) : null,
    ]);
    return {
      organization: toOrganizationModel(organization), roles: actor.roles,
      user: user && toUserModel(user), apiKey: apiKey && toApiKeyModel(apiKey),
    };
  }

  @Public()
  @Query(() => OrganizationModel, { description: 'An organisation\'s public legal identity' })
  async organization(@Args('id', { type: () => ID }, UuidPipe) id: string): Promise<OrganizationModel> {
    return toOrganizationModel(await this.identity.organization(id));
  }

  @Query(() => OrganizationConnection, { description: 'Platform operator only: organisations, e.g. those awaiting verification' })
  async organizations(@CurrentActor() actor: Actor, @Args() args: OrganizationsFilterArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.identity.listOrganizations(actor, args, offset, args.first ?? 20);
    return toConnection(rows.map(toOrganizationModel), total, offset);
  }

  @Query(() => MemberConnection, { description: 'Members of the caller\'s organisation' })
  async members(@CurrentActor() actor: Actor, @Args() args: ConnectionArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.identity.listMembers(actor, offset, args.first ?? 20);
    return toConnection(rows.map((m) => ({ id: m.id, userId: m.userId, roles: m.roles, joinedAt: m.createdAt })), total, offset);
  }

  @Roles(Role.ADMIN)
  @Query(() => ApiKeyConnection, { description: 'API keys of the caller\'s organisation (ADMIN)' })
  async apiKeys(@CurrentActor() actor: Actor, @Args() args: ConnectionArgs) {
    const offset = decodeCursor(args.after);
    const { rows, total } = await this.identity.listApiKeys(actor, offset, args.first ?? 20);
    return toConnection(rows.map(toApiKeyModel), total, offset);
  }

  @Public()
  @Mutation(() => SessionModel, { description: 'Creates an organisation and its first ADMIN, and signs that admin in' })
  async signUpOrganization(@Args('input') input: SignUpOrganizationInput): Promise<SessionModel> {
    return toSession(await this.identity.signUp(input));
  }

  @Public()
  @Mutation(() => SessionModel, {
    description: 'Signs a user in; the token goes in "Authorization: Bearer <token>". Repeated failures lock the e-mail, and the client address, for a while (TOO_MANY_REQUESTS with retryAfterSeconds)',
  })
  async signIn(@Args('input') input: SignInInput, @Context() ctx: RequestContext): Promise<SessionModel> {
    return toSession(await this.identity.signIn(input, clientAddress(ctx)));
  }

  @Mutation(() => Boolean, { description: 'Changes the signed-in user\'s password, given the current one; their other sessions end' })
  async changePassword(@CurrentActor() actor: Actor, @Args('input') input: ChangePasswordInput, @Context() ctx: RequestContext): Promise<boolean> {
    await this.passwords.change(actor, input, bearerToken(ctx.req.headers.authorization)!, clientAddress(ctx));
    return true;
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'Mails a single-use password-reset code to the e-mail if it has an account; always true, whether or not it has one (limited per e-mail and address: TOO_MANY_REQUESTS)',
  })
  async requestPasswordReset(@Args('input') input: RequestPasswordResetInput, @Context() ctx: RequestContext): Promise<boolean> {
    await this.passwords.requestReset(input.email, clientAddress(ctx));
    return true;
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Sets a new password with the code of a reset message; the code is used up and every session of the user ends' })
  async resetPassword(@Args('input') input: ResetPasswordInput): Promise<boolean> {
    await this.passwords.reset(input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Ends the current session' })
  signOut(@CurrentActor() actor: Actor, @Context() ctx: { req: { headers: Record<string, string> } }): Promise<boolean> {
    return this.identity.signOut(actor, bearerToken(ctx.req.headers.authorization)!);
  }

  @Mutation(() => OrganizationModel, { description: 'Edits the caller\'s organisation (ADMIN)' })
  async updateOrganization(@CurrentActor() actor: Actor, @Args('input') input: UpdateOrganizationInput) {
    return toOrganizationModel(await this.identity.updateOrganization(actor, input));
  }

  @Mutation(() => OrganizationModel, { description: 'Platform operator: marks an organisation as verified' })
  async verifyOrganization(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, UuidPipe) id: string) {
    return toOrganizationModel(await this.identity.verifyOrganization(actor, id));
  }

  @Roles(Role.ADMIN)
  @Mutation(() => OrganizationModel, { description: 'Platform operator: refuses to verify an organisation, with a reason its members read (refusal); it may be verified later' })
  async refuseOrganization(@CurrentActor() actor: Actor, @Args() args: RefuseOrganizationArgs) {
    return toOrganizationModel(await this.identity.refuseOrganization(actor, args.organizationId, args.reason));
  }

  @Mutation(() => ApiKeyCreatedModel, { description: 'Creates an API key for the caller\'s organisation (ADMIN); the secret is shown once' })
  async createApiKey(@CurrentActor() actor: Actor, @Args('input') input: CreateApiKeyInput): Promise<ApiKeyCreatedModel> {
    const { key, secret } = await this.identity.createApiKey(actor, input);
    return { apiKey: toApiKeyModel(key), secret };
  }

  @Mutation(() => ApiKeyModel, { description: 'Revokes an API key at once (ADMIN)' })
  async revokeApiKey(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, UuidPipe) id: string) {
    return toApiKeyModel(await this.identity.revokeApiKey(actor, id));
  }

  @Mutation(() => InvitationCreatedModel, { description: 'Invites someone to join the caller\'s organisation with roles (ADMIN)' })
  async inviteMember(@CurrentActor() actor: Actor, @Args('input') input: InviteMemberInput): Promise<InvitationCreatedModel> {
    const { invitation, token } = await this.identity.inviteMember(actor, input);
    return { invitation: toInvitationModel(invitation), token };
  }

  @Public()
  @Mutation(() => SessionModel, { description: 'Joins an organisation with an invitation token' })
  async acceptInvitation(@Args('input') input: AcceptInvitationInput): Promise<SessionModel> {
    return toSession(await this.identity.acceptInvitation(input));
  }

  @Mutation(() => MemberModel, { description: 'Changes a member\'s roles (ADMIN); the last ADMIN cannot lose ADMIN' })
  async updateMemberRoles(@CurrentActor() actor: Actor, @Args('input') input: UpdateMemberRolesInput) {
    const m = await this.identity.updateMemberRoles(actor, input);
    return { id: m.id, userId: m.userId, roles: m.roles, joinedAt: m.createdAt };
  }

  @Mutation(() => Boolean, { description: 'Removes a member and ends their sessions (ADMIN)' })
  removeMember(@CurrentActor() actor: Actor, @Args('userId', { type: () => ID }, UuidPipe) userId: string): Promise<boolean> {
    return this.identity.removeMember(actor, userId);
  }
}

@Resolver(() => MemberModel)
export class MemberResolver {
  constructor(private readonly loaders: IdentityLoaders) {}

  @ResolveField(() => UserModel)
  async user(@Parent() member: { userId: string }, @Context() ctx: LoaderContext): Promise<UserModel> {
    return toUserModel(await this.loaders.user(ctx, member.userId));
  }
}

/** What only an organisation's members and the platform operator see of its verification. */
@Resolver(() => OrganizationModel)
export class OrganizationResolver {
  private static mayReadRefusal(actor: Actor | null, org: OrganizationModel): boolean {
    return !!actor && (actor.organizationId === org.id || actor.organizationKind === OrganizationKind.PLATFORM);
  }

  @ResolveField(() => OrganizationVerificationStatus, {
    description: 'REFUSED only to the organisation\'s members and the platform operator; to anyone else a refused organisation is PENDING (not verified)',
  })
  verificationStatus(@Parent() org: OrganizationModel, @CurrentActor() actor: Actor | null): OrganizationVerificationStatus {
    if (org.verificationStatus === OrganizationVerificationStatus.REFUSED && !OrganizationResolver.mayReadRefusal(actor, org)) return OrganizationVerificationStatus.PENDING;
    return org.verificationStatus;
  }

  @ResolveField(() => OrganizationRefusalModel, { nullable: true, description: 'Why the platform operator refused to verify it: to its members and the operator only' })
  refusal(@Parent() org: OrganizationModel, @CurrentActor() actor: Actor | null): OrganizationRefusalModel | null {
    return org.refusal && OrganizationResolver.mayReadRefusal(actor, org) ? org.refusal : null;
  }
}
