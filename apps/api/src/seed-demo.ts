import 'reflect-metadata';
import { Actor, Role, loadConfig } from '@app/core';
import { IdentityService, OrganizationKind, type OrganizationEntity } from '@app/identity';
import { ContributionService, ContributionStatus, OfferingService } from '@app/catalog';
import { DataSource } from 'typeorm';
import { createApp } from './bootstrap';
import { resolveDatabase } from './database';
import { DEMO_OFFERINGS, DEMO_ORGANIZATIONS, DEMO_PASSWORD as PASSWORD, demoAdminEmail, siretFrom } from './demo-data';
import { seedRunningAgreement } from './seed-demo-agreement';

/** Creates demo producers and buyers (idempotent) and prints fresh API keys for each. */
async function main() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const db = await resolveDatabase(config, () => undefined);
  const app = await createApp(config, db.url, { writeSchemaFile: false });
  await app.init();
  const identity = app.get(IdentityService);
  const offerings = app.get(OfferingService);
  const contributions = app.get(ContributionService);
  const ds = app.get(DataSource);
  const { user: operatorUser, organization: platform } = await identity.bootstrapPlatformOperator({
    email: 'operator@platform.demo', displayName: 'Opérateur de la plateforme', password: PASSWORD,
  });
  const operator: Actor = actorFor(platform, [Role.ADMIN, Role.LEGAL], operatorUser.id);
  const keys: { organization: string; kind: string; email: string; key: string }[] = [];
  keys.push({ organization: platform.name, kind: 'PLATFORM', email: 'operator@platform.demo', key: (await identity.createApiKey(operator, { name: 'demo', roles: [Role.ADMIN, Role.LEGAL] })).secret });

  const orgs = new Map<string, { org: OrganizationEntity; actor: Actor; created: boolean }>();
  for (const d of DEMO_ORGANIZATIONS) {
    const email = demoAdminEmail(d.key);
    const [existing] = await ds.query(`SELECT id FROM organizations WHERE name = $1`, [d.name]);
    let org: OrganizationEntity | null = existing ? await identity.organization(existing.id) : null;
    const created = !org;
    if (!org) {
      const session = await identity.signUp({
        organization: {
          name: d.name, kind: d.kind as OrganizationKind, siret: d.siretBase ? siretFrom(d.siretBase) : null, vatNumber: d.vatNumber ?? null,
          address: { line: '1 place de la Démo', postalCode: d.postalCode, city: d.city, country: d.country },
        },
        admin: { email, displayName: `Admin ${d.name}`, password: PASSWORD },
      });
      org = session.organization;
      await ds.query(`UPDATE memberships SET roles = $1 WHERE organization_id = $2`, [d.roles, org.id]);
      org = await identity.verifyOrganization(operator, org.id);
    }
    const [{ user_id }] = await ds.query(`SELECT user_id FROM memberships WHERE organization_id = $1 ORDER BY created_at LIMIT 1`, [org.id]);
    const actor = actorFor(org, d.roles as Role[], user_id);
    orgs.set(d.key, { org, actor, created });
    const { secret } = await identity.createApiKey(actor, { name: `demo ${new Date().toISOString()}`, roles: d.roles as Role[] });
    keys.push({ organization: d.name, kind: d.kind, email, key: secret });
  }

  let published = 0;
  for (const o of DEMO_OFFERINGS) {
    const producer = orgs.get(o.producer)!;
    if (!producer.created) continue;
    const view = await offerings.create(producer.actor, {
      title: o.title, description: o.description, keywords: o.keywords, themes: o.themes,
      populationCoverage: { fr: 'Patients pris en charge depuis 2015', en: 'Patients treated since 2015' },
      numberOfRecords: o.records, numberOfUniqueIndividuals: o.individuals, minTypicalAge: 18, maxTypicalAge: 100,
      temporalCoverage: { start: '2015-01-01' }, regions: o.regions, codingSystems: o.codingSystems, dataModel: o.dataModel,
      legalBases: ['PUBLIC_INTEREST', 'SCIENTIFIC_RESEARCH'], personalDataCategories: ['HEALTH', 'DEMOGRAPHIC'],
      accessModality: o.accessModality, accessRights: 'RESTRICTED', updateFrequency: 'MONTHLY',
      hdsHosting: { certified: true, hostName: 'Hébergeur HDS' }, contactPoint: { name: 'Guichet données', email: `donnees@${o.producer}.demo` },
      contributors: o.contributors?.map((c) => ({ organizationId: orgs.get(c.producer)!.org.id, weight: c.weight })),
    });
    // Each contributing producer accepts its weight and the billing mandate before publication.
    for (const c of o.contributors ?? []) {
      const contributor = orgs.get(c.producer)!.actor;
      const { views } = await contributions.requests(contributor, ContributionStatus.PENDING, 0, 100);
      const request = views.find((v) => v.version.id === view.version.id);
      if (request) await contributions.accept(contributor, view.version.id, request.contributor.weight, request.mandate.sha256);
    }
    await offerings.publish(producer.actor, view.offering.id);
    published++;
  }

  const running = await seedRunningAgreement(app, ds, (key) => orgs.get(key)!.org.id);

  console.log(`\nDemo data ready (${published} offerings published this run). Users sign in with password "${PASSWORD}".`);
  console.log(running);
  console.log('API keys (shown once; send as "Authorization: Bearer <key>"):\n');
  for (const k of keys) console.log(`  ${k.kind.padEnd(15)} ${k.organization.padEnd(50)} ${k.email.padEnd(26)} ${k.key}`);
  await app.close();
  await db.embedded?.stop();
}

function actorFor(org: OrganizationEntity, roles: Role[], userId: string): Actor {
  return {
    kind: 'USER', userId, apiKeyId: null, organizationId: org.id, organizationKind: org.kind,
    organizationVerified: org.verifiedAt !== null, organizationCountry: org.country, organizationVatNumber: org.vatNumber, roles,
  };
}

main().catch((e) => {
  console.error('Seeding failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
