import { Client } from 'pg';
import { migrate } from '../../apps/api/src/database';
import { freshBenchDatabase } from '../support';
import { THEMES, REGIONS, DATA_MODELS, ACCESS_MODALITIES, CODING_SYSTEMS, themeLabels } from '@app/catalog';

const SUBJECTS = [
  ['Cancer du sein', 'Breast cancer', 'ONCOLOGY'], ['Cancer colorectal', 'Colorectal cancer', 'ONCOLOGY'], ['Lymphomes', 'Lymphoma', 'ONCOLOGY'],
  ['Insuffisance cardiaque', 'Heart failure', 'CARDIOLOGY'], ['Infarctus du myocarde', 'Myocardial infarction', 'CARDIOLOGY'],
  ['Diabète de type 2', 'Type 2 diabetes', 'DIABETES_ENDOCRINOLOGY'], ['Obésité', 'Obesity', 'DIABETES_ENDOCRINOLOGY'],
  ['Accident vasculaire cérébral', 'Stroke', 'NEUROLOGY'], ['Maladie d\'Alzheimer', 'Alzheimer\'s disease', 'NEUROLOGY'],
  ['Dépression', 'Depression', 'MENTAL_HEALTH'], ['Schizophrénie', 'Schizophrenia', 'MENTAL_HEALTH'],
  ['Infections nosocomiales', 'Hospital-acquired infections', 'INFECTIOUS_DISEASES'], ['COVID-19', 'COVID-19', 'INFECTIOUS_DISEASES'],
  ['Mucoviscidose', 'Cystic fibrosis', 'RARE_DISEASES'], ['BPCO', 'COPD', 'RESPIRATORY'], ['Insuffisance rénale chronique', 'Chronic kidney disease', 'NEPHROLOGY'],
  ['Prématurité', 'Preterm birth', 'PERINATAL'], ['Chutes du sujet âgé', 'Falls in older people', 'GERIATRICS'],
  ['Réanimation adulte', 'Adult intensive care', 'EMERGENCY_INTENSIVE_CARE'], ['Imagerie thoracique', 'Chest imaging', 'MEDICAL_IMAGING'],
];
const KINDS = ['HOSPITAL', 'DATA_WAREHOUSE', 'REGISTRY', 'COHORT'];

function pick<T>(list: T[], i: number): T {
  return list[i % list.length];
}

/** Loads `count` published offerings from `producers` verified producers, in batches. */
export async function seedCatalog(url: string, count: number, producers = 200): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM offerings WHERE status = 'PUBLISHED'`)).rows;
    if (n >= count) return;
    await client.query('BEGIN');
    const orgIds: string[] = [];
    for (let i = 0; i < producers; i++) {
      const { rows } = await client.query(
        `INSERT INTO organizations (name, kind, address_line, postal_code, city, country, verified_at)
         VALUES ($1, $2, '1 rue du Banc d''essai', '75000', 'Paris', 'FR', now()) RETURNING id`,
        [`${pick(['CHU', 'Centre hospitalier', 'Registre', 'Cohorte'], i)} de banc d'essai n°${i + 1}`, pick(KINDS, i)],
      );
      orgIds.push(rows[0].id);
    }
    const regions = Object.keys(REGIONS);
    const models = Object.keys(DATA_MODELS);
    const modalities = Object.keys(ACCESS_MODALITIES);
    const coding = Object.keys(CODING_SYSTEMS);
    const themes = Object.keys(THEMES);
    for (let start = n; start < count; start += 500) {
      const contents: string[] = [];
      const producersOfBatch: string[] = [];
      const labels: string[] = [];
      for (let i = start; i < Math.min(count, start + 500); i++) {
        const [fr, en, theme] = pick(SUBJECTS, i);
        const region = pick(regions, i * 7);
        const ts = [theme, ...(i % 3 === 0 ? [pick(themes, i)] : [])].filter((t, k, a) => a.indexOf(t) === k);
        const c = {
          title: { fr: `${fr} — ${REGIONS[region].fr} (${i})`, en: `${en} — ${REGIONS[region].en} (${i})` },
          description: {
            fr: `Données hospitalières et parcours de soins : ${fr.toLowerCase()}, hospitalisations, prescriptions et biologie pour la recherche et l'épidémiologie.`,
            en: `Hospital data and care pathways: ${en.toLowerCase()}, stays, prescriptions and laboratory results for research and epidemiology.`,
          },
          keywords: [fr.toLowerCase(), 'parcours de soins'],
          themes: ts,
          populationCoverage: { fr: 'Patients pris en charge depuis 2012', en: 'Patients treated since 2012' },
          numberOfRecords: 10_000 + (i * 7919) % 5_000_000,
          numberOfUniqueIndividuals: 1_000 + (i * 104729) % 500_000,
          minTypicalAge: 0, maxTypicalAge: 100,
          temporalCoverage: { start: '2012-01-01' },
          regions: [region],
          codingSystems: [pick(coding, i), pick(coding, i + 3)].filter((x, k, a) => a.indexOf(x) === k),
          dataModel: pick(models, i),
          legalBases: ['PUBLIC_INTEREST'],
          personalDataCategories: ['HEALTH'],
          accessModality: pick(modalities, i),
          accessRights: 'RESTRICTED',
          hdsHosting: { certified: true },
          contactPoint: { name: 'Guichet', email: 'guichet@bench.test' },
        };
        contents.push(JSON.stringify(c));
        producersOfBatch.push(pick(orgIds, i));
        labels.push(themeLabels(ts));
      }
      await client.query(
        `WITH input AS (
           SELECT c::jsonb AS c, p::uuid AS p, l, gen_random_uuid() AS oid, gen_random_uuid() AS vid
             FROM unnest($1::text[], $2::text[], $3::text[]) AS t(c, p, l)),
         o AS (INSERT INTO offerings (id, producer_id, status, latest_version_id, published_version_id)
               SELECT oid, p, 'PUBLISHED', vid, vid FROM input)
         INSERT INTO offering_versions (id, offering_id, producer_id, producer_kind, listed, version_no, status, content, title_fr, themes, data_model, coding_systems,
                                        regions, access_modality, number_of_individuals, search_vector, published_at)
         SELECT vid, oid, p, (SELECT kind FROM organizations WHERE id = p), true, 1, 'PUBLISHED', c, c->'title'->>'fr', ARRAY(SELECT jsonb_array_elements_text(c->'themes')), c->>'dataModel',
                ARRAY(SELECT jsonb_array_elements_text(c->'codingSystems')), ARRAY(SELECT jsonb_array_elements_text(c->'regions')),
                c->>'accessModality', (c->>'numberOfUniqueIndividuals')::bigint,
                offering_search_vector(c, (SELECT name FROM organizations WHERE id = p), l), now() - (random() * interval '365 days')
           FROM input`,
        [contents, producersOfBatch, labels],
      );
    }
    await client.query('COMMIT');
    // Statistics and text indexes settled, as in a catalog that has lived a while.
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

/**
 * Gives every published offering 1 to 5 of the standard licences (loaded by the API at
 * start, so this runs once a server is up).
 */
export async function seedLicences(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`WITH standard AS (
        SELECT v.id, row_number() OVER (ORDER BY t.key) - 1 AS k, count(*) OVER () AS n
          FROM licence_template_versions v JOIN licence_templates t ON t.id = v.template_id
         WHERE t.organization_id IS NULL AND v.status = 'PUBLISHED')
      INSERT INTO offering_licences (offering_id, template_version_id, position)
      SELECT o.id, s.id, s.k FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM offerings WHERE status = 'PUBLISHED') o
        JOIN standard s ON s.k <= o.i % s.n
      ON CONFLICT DO NOTHING`);
    await client.query('ANALYZE offering_licences');
  } finally {
    await client.end();
  }
}

/** A fresh database `name`, migrated, with `count` published offerings. */
export async function benchCatalog(name: string, count: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const db = await freshBenchDatabase(name);
  await migrate(db.url);
  const t0 = Date.now();
  await seedCatalog(db.url, count);
  console.log(`catalog ready: ${count} offerings (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return db;
}
