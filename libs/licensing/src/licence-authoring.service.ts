import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AuditService, BadInputError, ConflictError, ForbiddenError, NotFoundError, Role, inTurn } from '@app/core';
import { IdentityService, requireRole } from '@app/identity';
import { checkFork, templateHash, type TemplateDefinition } from './engine';
import { KEBAB_CASE } from './engine/definition';
import {
  ClausePatch, NewClause, addClause, editClause, nextMinorVersion, removeClause, setVariableDefault,
} from './definition-edits';
import {
  LicenceTemplateEntity, LicenceTemplateVersionEntity, LicenceVersionStatus, LicenceVersionView,
} from './licence-template.entities';
import { LicenceTemplateService } from './licence-template.service';
import { VIEW_COLUMNS, VIEW_FROM, viewFromRow } from './licence-version.sql';
import { assertValidDefinition, forkPolicyError, illegalMove } from './licensing.errors';

const { DRAFT, IN_REVIEW, PUBLISHED, DEPRECATED } = LicenceVersionStatus;

const label = (v: LicenceVersionView) => `Version ${v.version.version} of '${v.template.key}'`;

/**
 * What a legal team does with its organisation's licences: fork a standard template, edit
 * the draft (a published version is never changed: an edit starts the next minor version),
 * submit it for review, publish it with a second LEGAL member's approval, deprecate it.
 */
@Injectable()
export class LicenceAuthoringService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly templates: LicenceTemplateService,
    private readonly identity: IdentityService,
  ) {}

  async fork(actor: Actor, standardVersionId: string, key: string): Promise<LicenceVersionView> {
    requireRole(actor, Role.LEGAL);
    if (!KEBAB_CASE.test(key) || key.length > 80) {
      throw BadInputError.field('key', `must be kebab-case, at most 80 characters, e.g. chu-valmont-academic-research (got '${key.slice(0, 80)}')`);
    }
    return inTurn(`licence_templates:${actor.organizationId}`, () => this.db.transaction(async (m) => {
      const base = await this.templates.getVersion(actor, standardVersionId, m);
      if (base.template.organizationId !== null) {
        throw BadInputError.field('standardVersionId', `'${base.template.key}' is an organisation's template: fork a standard template version`);
      }
      if (base.version.status !== PUBLISHED) {
        throw new ConflictError(`${label(base)} is ${base.version.status}: fork a published version of it`, { status: base.version.status });
      }
      // Serialises an organisation's forks, so that the key check below holds until commit.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`licence_templates:${actor.organizationId}`]);
      if (await m.exists(LicenceTemplateEntity, { where: { organizationId: actor.organizationId, key } })) {
        throw new ConflictError(`Your organisation already has a licence template '${key}': choose another key`, { field: 'key' });
      }
      const { status: _status, ...standard } = structuredClone(base.version.definition);
      const definition: TemplateDefinition = {
        ...standard, key, version: '1.0.0', basedOn: { key: standard.key, version: standard.version, hash: base.version.hash },
      };
      assertValidDefinition(definition);
      const template = await m.save(m.create(LicenceTemplateEntity, {
        organizationId: actor.organizationId, key, family: base.template.family, basedOnVersionId: base.version.id,
      }));
      const version = await m.save(m.create(LicenceTemplateVersionEntity, {
        templateId: template.id, version: '1.0.0', status: DRAFT, definition, hash: templateHash(definition), createdBy: actor.userId,
        submittedBy: null, submittedAt: null, publishedBy: null, publishedAt: null, deprecatedAt: null,
      }));
      await this.audit.record(m, actor, 'licence_template.forked', 'LicenceTemplate', template.id, {
        key, versionId: version.id, from: `${standard.key}@${standard.version}`,
      });
      return { template, version };
    }));
  }

  editClause(actor: Actor, versionId: string, clauseId: string, patch: ClausePatch) {
    return this.edit(actor, versionId, 'licence_template.clause_edited', { clauseId, fields: Object.entries(patch).filter(([, v]) => v !== undefined).map(([k]) => k) }, (d) => editClause(d, clauseId, patch));
  }

  addClause(actor: Actor, versionId: string, clause: NewClause) {
    return this.edit(actor, versionId, 'licence_template.clause_added', { clauseId: clause.id, mode: clause.mode }, (d) => addClause(d, clause));
  }

  removeClause(actor: Actor, versionId: string, clauseId: string) {
    return this.edit(actor, versionId, 'licence_template.clause_removed', { clauseId }, (d) => removeClause(d, clauseId));
  }

  setVariableDefault(actor: Actor, versionId: string, name: string, value: unknown) {
    return this.edit(actor, versionId, 'licence_template.variable_default_set', { variable: name, value }, (d) => setVariableDefault(d, name, value));
  }

  async submitForReview(actor: Actor, versionId: string): Promise<LicenceVersionView> {
    requireRole(actor, Role.LEGAL);
    return inTurn(`licence_version:${versionId}`, () => this.db.transaction(async (m) => {
      const view = await this.lockOwned(m, actor, versionId);
      if (view.version.status !== DRAFT) throw illegalMove(label(view), view.version.status, 'submitted for review');
      const def = view.version.definition;
      await this.checkAgainstStandard(m, view.template, def);
      assertValidDefinition(def);
      // The author is a person, whatever credential submits: the member behind an API key.
      const author = await this.identity.personOf(actor, m);
      if (!author) throw new ForbiddenError('A submission needs an author: sign in, or use an API key created by a member');
      Object.assign(view.version, { status: IN_REVIEW, hash: templateHash(def), submittedBy: author, submittedAt: new Date() });
      await m.save(view.version);
      await this.audit.record(m, actor, 'licence_template.submitted', 'LicenceTemplateVersion', versionId, { key: view.template.key, version: view.version.version });
      return view;
    }));
  }

  async publish(actor: Actor, versionId: string): Promise<LicenceVersionView> {
    requireRole(actor, Role.LEGAL);
    return inTurn(`licence_version:${versionId}`, () => this.db.transaction(async (m) => {
      const view = await this.lockOwned(m, actor, versionId);
      const v = view.version;
      if (v.status !== IN_REVIEW) throw illegalMove(label(view), v.status, 'published');
      const legalMembers = await this.identity.countMembersWithRole(actor.organizationId, Role.LEGAL, m);
      if (legalMembers >= 2 && !actor.userId) {
        throw new ForbiddenError(`A second LEGAL member must approve: your organisation has ${legalMembers} LEGAL members, so a signed-in member other than the submitter publishes (an API key cannot approve)`);
      }
      if (legalMembers >= 2 && actor.userId === v.submittedBy) {
        throw new ForbiddenError(`A second LEGAL member must approve: you submitted version ${v.version} of '${view.template.key}' for review; another of your organisation's ${legalMembers} LEGAL members publishes it`);
      }
      // The text under review is the text published: the hash was fixed at submission.
      if (templateHash(v.definition) !== v.hash) throw new Error(`licence template version ${v.id}: stored hash does not match its definition`);
      Object.assign(v, { status: PUBLISHED, publishedBy: actor.userId, publishedAt: new Date() });
      await m.save(v);
      await this.audit.record(m, actor, 'licence_template.published', 'LicenceTemplateVersion', versionId, {
        key: view.template.key, version: v.version, hash: v.hash, submittedBy: v.submittedBy,
      });
      return view;
    }));
  }

  async deprecate(actor: Actor, versionId: string): Promise<LicenceVersionView> {
    requireRole(actor, Role.LEGAL);
    return inTurn(`licence_version:${versionId}`, () => this.db.transaction(async (m) => {
      const view = await this.lockOwned(m, actor, versionId);
      if (view.version.status !== PUBLISHED) throw illegalMove(label(view), view.version.status, 'deprecated');
      Object.assign(view.version, { status: DEPRECATED, deprecatedAt: new Date() });
      await m.save(view.version);
      await this.audit.record(m, actor, 'licence_template.deprecated', 'LicenceTemplateVersion', versionId, { key: view.template.key, version: view.version.version });
      return view;
    }));
  }

  /** Applies an edit to the draft, or to a new draft when the version is published; refused edits save nothing. */
  private async edit(
    actor: Actor,
    versionId: string,
    action: string,
    changes: Record<string, unknown>,
    apply: (def: TemplateDefinition) => TemplateDefinition,
  ): Promise<LicenceVersionView> {
    requireRole(actor, Role.LEGAL);
    return inTurn(`licence_version:${versionId}`, () => this.db.transaction(async (m) => {
      const view = await this.lockOwned(m, actor, versionId);
      const target = await this.editableVersion(m, actor, view);
      const definition = apply(target.definition);
      await this.checkAgainstStandard(m, view.template, definition);
      assertValidDefinition(definition);
      Object.assign(target, { definition, hash: templateHash(definition) });
      const version = await m.save(target);
      const started = version.id !== view.version.id ? { startedFrom: view.version.version } : {};
      await this.audit.record(m, actor, action, 'LicenceTemplateVersion', version.id, {
        key: view.template.key, version: version.version, ...started, ...changes,
      });
      return { template: view.template, version };
    }));
  }

  /** The draft to change: this one, or a new next-minor draft copied from a published version. */
  private async editableVersion(m: EntityManager, actor: Actor, view: LicenceVersionView): Promise<LicenceTemplateVersionEntity> {
    const { version, template } = view;
    if (version.status === DRAFT) return version;
    if (version.status !== PUBLISHED) throw illegalMove(label(view), version.status, 'edited');
    const siblings = await m.find(LicenceTemplateVersionEntity, { where: { templateId: template.id }, select: { id: true, version: true, status: true } });
    const open = siblings.find((s) => s.status === DRAFT || s.status === IN_REVIEW);
    if (open) {
      const next = open.status === DRAFT ? 'edit that draft' : 'publish it';
      throw new ConflictError(`'${template.key}' already has version ${open.version} in ${open.status} (id ${open.id}): ${next} instead of starting another version`, { openVersionId: open.id });
    }
    const next = nextMinorVersion(siblings.map((s) => s.version));
    return m.create(LicenceTemplateVersionEntity, {
      templateId: template.id, version: next, status: DRAFT, definition: { ...structuredClone(version.definition), version: next },
      hash: '', createdBy: actor.userId, submittedBy: null, submittedAt: null, publishedBy: null, publishedAt: null, deprecatedAt: null,
    });
  }

  /** The fork policy against the standard version the template derives from. */
  private async checkAgainstStandard(m: EntityManager, template: LicenceTemplateEntity, definition: TemplateDefinition): Promise<void> {
    if (!template.basedOnVersionId) return;
    const base = await m.findOneByOrFail(LicenceTemplateVersionEntity, { id: template.basedOnVersionId });
    const violations = checkFork(base.definition, definition);
    if (violations.length) throw forkPolicyError(violations);
  }

  /** The version, its template row locked, if it belongs to the caller's organisation. */
  private async lockOwned(m: EntityManager, actor: Actor, versionId: string): Promise<LicenceVersionView> {
    const [ref] = await m.query(`SELECT template_id FROM licence_template_versions WHERE id = $1`, [versionId]);
    if (!ref) throw new NotFoundError('LicenceTemplateVersion', versionId);
    await m.query(`SELECT id FROM licence_templates WHERE id = $1 FOR UPDATE`, [ref.template_id]);
    const view = viewFromRow((await m.query(`SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE v.id = $1`, [versionId]))[0]);
    if (view.template.organizationId === actor.organizationId) return view;
    await this.templates.getVersion(actor, versionId, m);
    if (view.template.organizationId === null) {
      throw new ForbiddenError(`'${view.template.key}' is a standard template: it is never edited in place; fork it into your organisation (forkLicenceTemplate) and edit the fork`);
    }
    throw new ForbiddenError(`'${view.template.key}' belongs to another organisation: only its own LEGAL members change it`);
  }
}
