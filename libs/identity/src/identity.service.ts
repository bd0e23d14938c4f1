import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  Actor, API_KEY_PREFIX, APP_CONFIG, AppConfig, AuditService, BadInputError, ConflictError, DomainEvents, ForbiddenError,
  INVITATION_PREFIX, NotFoundError, Role, SESSION_PREFIX, SqlReader, UnauthenticatedError, hashPassword, hashToken, inTurn, newToken,
  normaliseVatNumber, vatNumberProblem, verifyPassword, verifyPasswordOrStandIn,
} from '@app/core';
import {
  AcceptInvitationInput, CreateApiKeyInput, InviteMemberInput, SignInInput, SignUpOrganizationInput,
  UpdateMemberRolesInput, UpdateOrganizationInput,
} from './dto/identity.inputs';
import {
  ApiKeyEntity, InvitationEntity, MembershipEntity, OrganizationEntity, SessionEntity, UserEntity,
} from './identity.entities';
import { OrganizationVerified } from './identity.events';
import { OrganizationVerificationStatus } from './identity.models';
import { REFUSAL_REASON_MAX } from './dto/identity.args';
import { API_KEY_ACTOR_SQL, ORGANIZATIONS_BY_IDS_SQL, SESSION_ACTOR_SQL, organizationFromRow } from './identity.sql';
import { assertRolesAllowed, requireRole } from './roles.policy';
import { AttemptLimits } from './attempt-limits';
import { OrganizationKind } from './organization-kind';

const INVITATION_TTL_DAYS = 14;

export interface SessionResult {
  token: string;
  expiresAt: Date;
  user: UserEntity;
  organization: OrganizationEntity;
  roles: Role[];
}

/** A transaction-scoped lock on a name (a value that must stay unique until commit). */
const lockName = (m: EntityManager, name: string) => m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);

@Injectable()
export class IdentityService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sql: SqlReader,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly limits: AttemptLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Resolves a bearer token to the acting organisation and roles, or fails with UNAUTHENTICATED. */
  async authenticate(token: string): Promise<Actor> {
    const hash = hashToken(token);
    if (token.startsWith(API_KEY_PREFIX)) {
      const rows = await this.sql.rows(API_KEY_ACTOR_SQL, [hash], 'api-key-actor');
      if (!rows.length) throw new UnauthenticatedError('This API key is unknown or has been revoked');
      // A key acts for the member who created it: it stops when that person leaves the organisation.
      if (!rows[0].creator_is_member) {
        throw new UnauthenticatedError('This API key\'s creator is no longer a member of the organisation: an ADMIN creates a new key');
      }
      const r = rows[0];
      return {
        kind: 'API_KEY', userId: null, apiKeyId: r.id, organizationId: r.org_id, organizationKind: r.kind,
        organizationVerified: r.verified_at !== null, organizationCountry: r.country, organizationVatNumber: r.vat_number, roles: r.roles,
      };
    }
    if (token.startsWith(SESSION_PREFIX)) {
      const rows = await this.sql.rows(SESSION_ACTOR_SQL, [hash], 'session-actor');
      if (!rows.length) throw new UnauthenticatedError('This session has expired or was signed out: sign in again');
      const r = rows[0];
      return {
        kind: 'USER', userId: r.user_id, apiKeyId: null, organizationId: r.org_id, organizationKind: r.kind,
        organizationVerified: r.verified_at !== null, organizationCountry: r.country, organizationVatNumber: r.vat_number, roles: r.roles,
      };
    }
    throw new UnauthenticatedError('The bearer token is not an API key (hdm_key_…) nor a session token (hdm_ses_…)');
  }

  async signUp(input: SignUpOrganizationInput): Promise<SessionResult> {
    const org = input.organization;
    if (org.kind === OrganizationKind.PLATFORM) {
      throw BadInputError.field('organization.kind', 'PLATFORM organisations cannot sign up; choose a producer or buyer kind');
    }
    this.checkLegalIdentity(org.address.country, org.siret ?? null, org.vatNumber ?? null, 'organization');
    const email = input.admin.email.toLowerCase();
    return this.db.transaction(async (m) => {
      // Serialises sign-ups with this SIRET and this e-mail, so that the checks below hold until commit.
      if (org.siret) await lockName(m, `organizations.siret:${org.siret}`);
      await lockName(m, `users.email:${email}`);
      if (org.siret && (await m.exists(OrganizationEntity, { where: { siret: org.siret } }))) {
        throw new ConflictError(`An organisation with SIRET ${org.siret} already exists; ask its admin to invite you`, { field: 'organization.siret' });
      }
      if (await m.exists(UserEntity, { where: { email } })) {
        throw new ConflictError(`A user with email ${email} already exists; sign in and ask for an invitation instead`, { field: 'admin.email' });
      }
      const organization = await m.save(m.create(OrganizationEntity, {
        name: org.name.trim(), kind: org.kind, siret: org.siret ?? null, siren: org.siret ? org.siret.slice(0, 9) : null,
        vatNumber: normaliseVatNumber(org.vatNumber), addressLine: org.address.line, postalCode: org.address.postalCode,
        city: org.address.city, country: org.address.country, verifiedAt: null,
      }));
      const user = await m.save(m.create(UserEntity, {
        email, displayName: input.admin.displayName.trim(), passwordHash: await hashPassword(input.admin.password),
      }));
      const roles = [Role.ADMIN];
      await m.insert(MembershipEntity, { organizationId: organization.id, userId: user.id, roles });
      const actor: Actor = {
        kind: 'USER', userId: user.id, apiKeyId: null, organizationId: organization.id, organizationKind: organization.kind,
        organizationVerified: false, organizationCountry: organization.country, organizationVatNumber: organization.vatNumber, roles,
      };
      await this.audit.record(m, actor, 'organization.signed_up', 'Organization', organization.id, { name: organization.name, kind: organization.kind });
      return this.openSession(m, user, organization, roles);
    });
  }

  /**
   * Creates the platform operator organisation and an ADMIN/LEGAL user of it, once. Used by
   * `npm run platform:operator` and the demo seed; sign-up never creates PLATFORM organisations.
   */
  async bootstrapPlatformOperator(input: { email: string; displayName: string; password: string; organizationName?: string }): Promise<{ organization: OrganizationEntity; user: UserEntity }> {
    const email = input.email.toLowerCase();
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(727402)');
      let organization = await m.findOneBy(OrganizationEntity, { kind: OrganizationKind.PLATFORM });
      if (!organization) {
        organization = await m.save(m.create(OrganizationEntity, {
          name: input.organizationName ?? 'Opérateur de la place de marché', kind: OrganizationKind.PLATFORM, siret: null, siren: null,
          vatNumber: null, addressLine: '—', postalCode: '—', city: 'Paris', country: 'FR', verifiedAt: new Date(),
        }));
      }
      let user = await m.findOneBy(UserEntity, { email });
      if (!user) {
        user = await m.save(m.create(UserEntity, { email, displayName: input.displayName, passwordHash: await hashPassword(input.password) }));
      }
      if (!(await m.exists(MembershipEntity, { where: { organizationId: organization.id, userId: user.id } }))) {
        await m.insert(MembershipEntity, { organizationId: organization.id, userId: user.id, roles: [Role.ADMIN, Role.LEGAL] });
      }
      return { organization, user };
    });
  }

  /**
   * `address`: the client's (Express's req.ip, which TRUST_PROXY governs). Failures lock the
   * e-mail and the address for a while (AttemptLimits). An unknown e-mail and a wrong password
   * get the same answer at the same cost (one scrypt): no account enumeration, by text or by time.
   */
  async signIn(input: SignInInput, address: string): Promise<SessionResult> {
    const email = input.email.toLowerCase();
    await this.limits.signInAttempt(email, address);
    const user = await this.db.getRepository(UserEntity).findOne({ where: { email } });
    if (!(await verifyPasswordOrStandIn(input.password, user?.passwordHash ?? null)) || !user) {
      throw new UnauthenticatedError('Email or password is wrong');
    }
    await this.limits.signInSucceeded(email, address);
    const memberships = await this.db.getRepository(MembershipEntity).find({ where: { userId: user.id } });
    let membership = memberships[0];
    if (input.organizationId) {
      membership = memberships.find((x) => x.organizationId === input.organizationId)!;
      if (!membership) throw new ForbiddenError('You are not a member of this organisation');
    } else if (memberships.length > 1) {
      throw BadInputError.field('organizationId', `you belong to ${memberships.length} organisations: say which one (${memberships.map((x) => x.organizationId).join(', ')})`);
    }
    if (!membership) throw new ForbiddenError('Your account has no organisation any more; ask an admin to invite you');
    const organization = await this.db.getRepository(OrganizationEntity).findOneByOrFail({ id: membership.organizationId });
    return this.openSession(this.db.manager, user, organization, membership.roles as Role[]);
  }

  async signOut(actor: Actor, token: string): Promise<boolean> {
    if (actor.kind !== 'USER') throw BadInputError.field('Authorization', 'sign-out applies to session tokens; revoke an API key with revokeApiKey');
    await this.db.getRepository(SessionEntity).update({ tokenHash: hashToken(token) }, { revokedAt: new Date() });
    return true;
  }

  private async openSession(m: EntityManager, user: UserEntity, organization: OrganizationEntity, roles: Role[]): Promise<SessionResult> {
    const token = newToken(SESSION_PREFIX);
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    await m.insert(SessionEntity, { userId: user.id, organizationId: organization.id, tokenHash: hashToken(token), expiresAt, revokedAt: null });
    return { token, expiresAt, user, organization, roles };
  }

  private checkLegalIdentity(country: string, siret: string | null, vatNumber: string | null, prefix: string): void {
    const problems = [];
    if (country === 'FR' && !siret) problems.push({ field: `${prefix}.siret`, message: 'is required for an organisation established in France' });
    if (vatNumber) {
      const problem = vatNumberProblem(country, vatNumber, siret ? siret.slice(0, 9) : null);
      if (problem) problems.push({ field: `${prefix}.vatNumber`, message: problem });
    }
    if (problems.length) throw new BadInputError(problems);
  }

  /** `m`: the caller's transaction, when it holds one (never take a second connection inside it). */
  async organization(id: string, m: EntityManager = this.db.manager): Promise<OrganizationEntity> {
    const org = await m.findOneBy(OrganizationEntity, { id });
    if (!org) throw new NotFoundError('Organization', id);
    return org;
  }

  /** Inside a transaction (`m`), through it; otherwise as a hot read, prepared once per connection. */
  async organizationsByIds(ids: readonly string[], m?: EntityManager): Promise<OrganizationEntity[]> {
    const rows = m ? await m.query(ORGANIZATIONS_BY_IDS_SQL, [ids]) : await this.sql.rows(ORGANIZATIONS_BY_IDS_SQL, [ids], 'organizations-by-ids');
    return rows.map(organizationFromRow);
  }

  /** Who signs for an organisation: the first member with the SIGNER role, else the first ADMIN; null when none. */
  async signatoryOf(organizationId: string, m: EntityManager = this.db.manager): Promise<{ name: string; email: string } | null> {
    const rows: { display_name: string; email: string }[] = await m.query(
      `SELECT u.display_name, u.email FROM memberships ms JOIN users u ON u.id = ms.user_id
        WHERE ms.organization_id = $1 AND ms.roles && ARRAY['SIGNER','ADMIN']
        ORDER BY ('SIGNER' = ANY(ms.roles)) DESC, ms.created_at, u.id LIMIT 1`,
      [organizationId],
    );
    return rows.length ? { name: rows[0].display_name, email: rows[0].email } : null;
  }

  /** How many members of an organisation hold `role`. */
  async countMembersWithRole(organizationId: string, role: Role, m: EntityManager = this.db.manager): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM memberships WHERE organization_id = $1 AND $2 = ANY(roles)`, [organizationId, role]);
    return n;
  }

  async listOrganizations(actor: Actor, filter: { kind?: string; verified?: boolean; verificationStatus?: OrganizationVerificationStatus }, offset: number, limit: number) {
    this.requirePlatform(actor);
    const qb = this.db.getRepository(OrganizationEntity).createQueryBuilder('o');
    if (filter.kind) qb.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.verified !== undefined) qb.andWhere(filter.verified ? 'o.verified_at IS NOT NULL' : 'o.verified_at IS NULL');
    if (filter.verificationStatus === OrganizationVerificationStatus.VERIFIED) qb.andWhere('o.verified_at IS NOT NULL');
    if (filter.verificationStatus === OrganizationVerificationStatus.REFUSED) qb.andWhere('o.verified_at IS NULL AND o.refused_at IS NOT NULL');
    if (filter.verificationStatus === OrganizationVerificationStatus.PENDING) qb.andWhere('o.verified_at IS NULL AND o.refused_at IS NULL');
    const [rows, total] = await qb.orderBy('o.created_at', 'ASC').addOrderBy('o.id').skip(offset).take(limit).getManyAndCount();
    return { rows, total };
  }

  async updateOrganization(actor: Actor, input: UpdateOrganizationInput): Promise<OrganizationEntity> {
    requireRole(actor, Role.ADMIN);
    return this.db.transaction(async (m) => {
      const org = await m.findOneByOrFail(OrganizationEntity, { id: actor.organizationId });
      const country = input.address?.country ?? org.country;
      const vat = input.vatNumber === undefined ? org.vatNumber : input.vatNumber;
      this.checkLegalIdentity(country, org.siret, vat, 'input');
      const before = { name: org.name, vatNumber: org.vatNumber, city: org.city };
      if (input.name) org.name = input.name.trim();
      if (input.vatNumber !== undefined) org.vatNumber = normaliseVatNumber(input.vatNumber);
      if (input.address) {
        Object.assign(org, { addressLine: input.address.line, postalCode: input.address.postalCode, city: input.address.city, country: input.address.country });
      }
      const saved = await m.save(org);
      await this.audit.record(m, actor, 'organization.updated', 'Organization', org.id, { before, after: { name: saved.name, vatNumber: saved.vatNumber, city: saved.city } });
      return saved;
    });
  }

  async verifyOrganization(actor: Actor, id: string): Promise<OrganizationEntity> {
    this.requirePlatform(actor);
    return inTurn(`organization:${id}`, () => this.db.transaction(async (m) => {
      const org = await m.findOne(OrganizationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw new NotFoundError('Organization', id);
      if (org.verifiedAt) throw new ConflictError(`Organization "${org.name}" is already verified`);
      const refused = org.refusalReason;
      org.verifiedAt = new Date();
      org.refusedAt = null;
      org.refusalReason = null;
      await m.save(org);
      await this.audit.record(m, actor, 'organization.verified', 'Organization', id, refused ? { refusedBefore: refused } : undefined);
      await this.events.publish(m, OrganizationVerified, { organizationId: id, kind: org.kind, verifiedAt: org.verifiedAt.toISOString() });
      return org;
    }));
  }

  /**
   * The operator refuses to verify an organisation, saying why: its members read the reason
   * (Organization.refusal) and can fix what it names; the operator may verify it later, or
   * refuse again with a new reason. A verified organisation is not refused.
   */
  async refuseOrganization(actor: Actor, id: string, reason: string): Promise<OrganizationEntity> {
    this.requirePlatform(actor);
    const text = reason.trim();
    if (!text) throw new BadInputError([{ field: 'reason', message: 'Give the reason of the refusal: the organisation\'s members read it to fix what it names' }]);
    if (text.length > REFUSAL_REASON_MAX) throw new BadInputError([{ field: 'reason', message: `The reason has ${text.length} characters: keep it to ${REFUSAL_REASON_MAX}` }]);
    return inTurn(`organization:${id}`, () => this.db.transaction(async (m) => {
      const org = await m.findOne(OrganizationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw new NotFoundError('Organization', id);
      if (org.verifiedAt) throw new ConflictError(`Organization "${org.name}" is already verified: a verified organisation cannot be refused`);
      const previous = org.refusalReason;
      org.refusedAt = new Date();
      org.refusalReason = text;
      await m.save(org);
      await this.audit.record(m, actor, 'organization.refused', 'Organization', id, { reason: text, ...(previous ? { previousReason: previous } : {}) });
      return org;
    }));
  }

  private requirePlatform(actor: Actor): void {
    if (actor.organizationKind !== OrganizationKind.PLATFORM || !actor.roles.includes(Role.ADMIN)) {
      throw new ForbiddenError('Only the platform operator\'s administrators can do this');
    }
  }

  async user(id: string, m: EntityManager = this.db.manager): Promise<UserEntity> {
    return m.findOneByOrFail(UserEntity, { id });
  }

  /** The person answerable for what the actor does: the signed-in user, or the member who created the API key. */
  async personOf(actor: Actor, m: EntityManager = this.db.manager): Promise<string | null> {
    if (actor.userId) return actor.userId;
    return actor.apiKeyId ? (await m.findOneBy(ApiKeyEntity, { id: actor.apiKeyId }))?.createdBy ?? null : null;
  }

  async apiKey(id: string, m: EntityManager = this.db.manager): Promise<ApiKeyEntity> {
    return m.findOneByOrFail(ApiKeyEntity, { id });
  }

  async createApiKey(actor: Actor, input: CreateApiKeyInput): Promise<{ key: ApiKeyEntity; secret: string }> {
    requireRole(actor, Role.ADMIN);
    assertRolesAllowed(actor.organizationKind, input.roles, 'input.roles');
    const secret = newToken(API_KEY_PREFIX);
    return this.db.transaction(async (m) => {
      const key = await m.save(m.create(ApiKeyEntity, {
        organizationId: actor.organizationId, name: input.name.trim(), tokenHash: hashToken(secret),
        tokenHint: secret.slice(0, API_KEY_PREFIX.length + 6), roles: input.roles, createdBy: await this.personOf(actor, m), revokedAt: null,
      }));
      await this.audit.record(m, actor, 'api_key.created', 'ApiKey', key.id, { name: key.name, roles: key.roles });
      return { key, secret };
    });
  }

  async revokeApiKey(actor: Actor, id: string): Promise<ApiKeyEntity> {
    requireRole(actor, Role.ADMIN);
    return inTurn(`api_key:${id}`, () => this.db.transaction(async (m) => {
      const key = await m.findOne(ApiKeyEntity, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw new NotFoundError('ApiKey', id);
      if (key.revokedAt) throw new ConflictError(`API key "${key.name}" was already revoked on ${key.revokedAt.toISOString()}`);
      key.revokedAt = new Date();
      await m.save(key);
      await this.audit.record(m, actor, 'api_key.revoked', 'ApiKey', id);
      return key;
    }));
  }

  async listApiKeys(actor: Actor, offset: number, limit: number) {
    requireRole(actor, Role.ADMIN);
    const [rows, total] = await this.db.getRepository(ApiKeyEntity).findAndCount({
      where: { organizationId: actor.organizationId }, order: { createdAt: 'ASC', id: 'ASC' }, skip: offset, take: limit,
    });
    return { rows, total };
  }

  async listMembers(actor: Actor, offset: number, limit: number) {
    const [rows, total] = await this.db.getRepository(MembershipEntity).findAndCount({
      where: { organizationId: actor.organizationId }, order: { createdAt: 'ASC', id: 'ASC' }, skip: offset, take: limit,
    });
    return { rows, total };
  }

  async usersByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.db.getRepository(UserEntity).findBy({ id: In([...ids]) });
  }

  async inviteMember(actor: Actor, input: InviteMemberInput): Promise<{ invitation: InvitationEntity; token: string }> {
    requireRole(actor, Role.ADMIN);
    assertRolesAllowed(actor.organizationKind, input.roles, 'input.roles');
    const email = input.email.toLowerCase();
    return this.db.transaction(async (m) => {
      const existing = await m.query(
        `SELECT 1 FROM memberships ms JOIN users u ON u.id = ms.user_id WHERE ms.organization_id = $1 AND u.email = $2`,
        [actor.organizationId, email],
      );
      if (existing.length) throw new ConflictError(`${email} is already a member of your organisation`, { field: 'input.email' });
      await m.update(InvitationEntity, { organizationId: actor.organizationId, email, acceptedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
      const token = newToken(INVITATION_PREFIX);
      const invitation = await m.save(m.create(InvitationEntity, {
        organizationId: actor.organizationId, email, roles: input.roles, tokenHash: hashToken(token), invitedBy: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86400_000), acceptedAt: null, revokedAt: null,
      }));
      await this.audit.record(m, actor, 'member.invited', 'Invitation', invitation.id, { email, roles: input.roles });
      return { invitation, token };
    });
  }

  async acceptInvitation(input: AcceptInvitationInput): Promise<SessionResult> {
    return inTurn(`invitation:${hashToken(input.token)}`, () => this.db.transaction(async (m) => {
      const inv = await m.findOne(InvitationEntity, { where: { tokenHash: hashToken(input.token) }, lock: { mode: 'pessimistic_write' } });
      if (!inv || inv.revokedAt) throw new NotFoundError('Invitation', 'token');
      if (inv.acceptedAt) throw new ConflictError('This invitation was already accepted; sign in instead');
      if (inv.expiresAt < new Date()) throw new ConflictError('This invitation has expired; ask the admin for a new one');
      // Two invitations of one new person accepted at once create the account once.
      await lockName(m, `users.email:${inv.email}`);
      let user = await m.findOneBy(UserEntity, { email: inv.email });
      if (user) {
        if (!(await verifyPassword(input.password, user.passwordHash))) {
          throw new UnauthenticatedError(`An account already exists for ${inv.email}: give its password to join`);
        }
      } else {
        if (!input.displayName) throw BadInputError.field('input.displayName', 'is required to create your account');
        user = await m.save(m.create(UserEntity, { email: inv.email, displayName: input.displayName.trim(), passwordHash: await hashPassword(input.password) }));
      }
      await m.insert(MembershipEntity, { organizationId: inv.organizationId, userId: user.id, roles: inv.roles });
      inv.acceptedAt = new Date();
      await m.save(inv);
      const organization = await m.findOneByOrFail(OrganizationEntity, { id: inv.organizationId });
      const actor: Actor = {
        kind: 'USER', userId: user.id, apiKeyId: null, organizationId: organization.id, organizationKind: organization.kind,
        organizationVerified: organization.verifiedAt !== null, organizationCountry: organization.country,
        organizationVatNumber: organization.vatNumber, roles: inv.roles as Role[],
      };
      await this.audit.record(m, actor, 'member.joined', 'Membership', user.id, { roles: inv.roles });
      return this.openSession(m, user, organization, inv.roles as Role[]);
    }));
  }

  async updateMemberRoles(actor: Actor, input: UpdateMemberRolesInput): Promise<MembershipEntity> {
    requireRole(actor, Role.ADMIN);
    assertRolesAllowed(actor.organizationKind, input.roles, 'input.roles');
    return inTurn(`memberships:${actor.organizationId}`, () => this.db.transaction(async (m) => {
      const member = await this.lockMembers(m, actor.organizationId, input.userId);
      const before = member.target.roles;
      if (before.includes(Role.ADMIN) && !input.roles.includes(Role.ADMIN) && member.adminCount === 1) {
        throw new ConflictError('This is the organisation\'s last ADMIN: give ADMIN to another member first');
      }
      member.target.roles = input.roles;
      await m.save(member.target);
      await this.audit.record(m, actor, 'member.roles_changed', 'Membership', member.target.id, { userId: input.userId, before, after: input.roles });
      return member.target;
    }));
  }

  async removeMember(actor: Actor, userId: string): Promise<boolean> {
    requireRole(actor, Role.ADMIN);
    return inTurn(`memberships:${actor.organizationId}`, () => this.db.transaction(async (m) => {
      const member = await this.lockMembers(m, actor.organizationId, userId);
      if (member.target.roles.includes(Role.ADMIN) && member.adminCount === 1) {
        throw new ConflictError('This is the organisation\'s last ADMIN and cannot be removed');
      }
      await m.delete(MembershipEntity, { id: member.target.id });
      const now = new Date();
      await m.update(SessionEntity, { userId, organizationId: actor.organizationId, revokedAt: IsNull() }, { revokedAt: now });
      // The keys a person created act in their name: they go with them.
      const keys = await m.update(ApiKeyEntity, { createdBy: userId, organizationId: actor.organizationId, revokedAt: IsNull() }, { revokedAt: now });
      await this.audit.record(m, actor, 'member.removed', 'Membership', member.target.id, { userId, apiKeysRevoked: keys.affected ?? 0 });
      return true;
    }));
  }

  /** Locks the organisation's memberships so that two admins cannot both demote each other. */
  private async lockMembers(m: EntityManager, organizationId: string, userId: string) {
    const all = await m.find(MembershipEntity, { where: { organizationId }, lock: { mode: 'pessimistic_write' } });
    const target = all.find((x) => x.userId === userId);
    if (!target) throw new NotFoundError('Member', userId);
    return { target, adminCount: all.filter((x) => x.roles.includes(Role.ADMIN)).length };
  }
}
