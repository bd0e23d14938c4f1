import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataSource, IsNull } from 'typeorm';
import { APP_CONFIG, AppConfig, AuditService } from '@app/core';
import { TemplateLoadError, loadTemplatesDir, templateHash, type TemplateDefinition } from './engine';
import { LicenceTemplateEntity, LicenceTemplateVersionEntity, LicenceVersionStatus } from './licence-template.entities';

// Any constant, the same on every replica: replicas starting together synchronise one at a time.
const SYNC_LOCK = 727_403;

/** The standard templates cannot be loaded or conflict with the database: the server must not start. */
export class StandardTemplatesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StandardTemplatesError';
  }
}

/**
 * The folder of the standard templates: CONTRACT_TEMPLATES_DIR (relative to the working
 * directory) when set, else the first `contracts-templates` folder from the working
 * directory upwards, so that the server starts from the repository or any folder below it.
 */
export function contractTemplatesDir(configured: string | null, cwd = process.cwd()): string {
  if (configured) {
    const dir = resolve(cwd, configured);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new StandardTemplatesError(`CONTRACT_TEMPLATES_DIR: ${dir} is not a folder`);
    return dir;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, 'contracts-templates');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new StandardTemplatesError(`No contracts-templates folder in ${cwd} or above: set CONTRACT_TEMPLATES_DIR to the folder of the standard licence templates`);
}

/**
 * Loads the standard templates at start and stores the versions the database lacks, as
 * PUBLISHED. A stored version is never rewritten: if its file changed without a new version
 * number the server refuses to start, and so it does when a file is invalid.
 */
@Injectable()
export class StandardTemplatesSync implements OnModuleInit {
  private readonly logger = new Logger(StandardTemplatesSync.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      const dir = contractTemplatesDir(this.config.contractTemplatesDir);
      const added = await this.sync(dir);
      if (added.length) this.logger.log(`standard licence templates added from ${dir}: ${added.join(', ')}`);
    } catch (e) {
      // The application will not start and Nest closes nothing after a failed init:
      // release the database pool so that the process can end.
      await this.db.destroy().catch(() => undefined);
      throw e;
    }
  }

  /** Returns the key@version of the versions it stored. */
  async sync(dir: string): Promise<string[]> {
    const definitions = load(dir);
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
      const added: string[] = [];
      for (const file of definitions) {
        const { status: _status, ...definition } = file;
        const id = `${definition.key}@${definition.version}`;
        const hash = templateHash(definition);
        let template = await m.findOneBy(LicenceTemplateEntity, { organizationId: IsNull(), key: definition.key });
        if (template && template.family !== definition.family) {
          throw new StandardTemplatesError(`standard template ${definition.key} changed family from ${template.family} to ${definition.family}: give it a new key`);
        }
        template ??= await m.save(m.create(LicenceTemplateEntity, { organizationId: null, key: definition.key, family: definition.family, basedOnVersionId: null }));
        const stored = await m.findOneBy(LicenceTemplateVersionEntity, { templateId: template.id, version: definition.version });
        if (stored) {
          if (stored.hash !== hash) {
            throw new StandardTemplatesError(
              `standard template ${id} changed in place: give it a new version (stored sha256:${stored.hash.slice(0, 16)}…, file sha256:${hash.slice(0, 16)}…)`,
            );
          }
          continue;
        }
        const version = await m.save(m.create(LicenceTemplateVersionEntity, {
          templateId: template.id, version: definition.version, status: LicenceVersionStatus.PUBLISHED, definition, hash,
          createdBy: null, submittedBy: null, submittedAt: null, publishedBy: null, publishedAt: new Date(), deprecatedAt: null,
        }));
        await this.audit.record(m, null, 'licence_template.standard_loaded', 'LicenceTemplateVersion', version.id, { key: definition.key, version: definition.version, hash });
        added.push(id);
      }
      return added;
    });
  }
}

function load(dir: string): TemplateDefinition[] {
  let definitions: TemplateDefinition[];
  try {
    definitions = loadTemplatesDir(dir);
  } catch (e) {
    if (e instanceof TemplateLoadError) throw new StandardTemplatesError(`Invalid standard licence templates in ${dir}:\n${e.message}`);
    throw e;
  }
  if (!definitions.length) throw new StandardTemplatesError(`No standard licence template (*.yaml) in ${dir}: the platform cannot offer licences without them`);
  return definitions;
}
