// The GraphQL documents of the catalog benchmarks and the varied request set: hundreds of
// distinct searches and filters, anonymous and signed in, built from a fixed seed so that
// every run (and the baseline) sees the same requests in the same order.
import { ACCESS_MODALITIES, CODING_SYSTEMS, DATA_MODELS, REGIONS, THEMES } from '@app/catalog';
import { encodeCursor } from '@app/core';

/** The single search of the default mode. */
export const SINGLE = `query Search($q: String!) { offerings(search: $q, first: 20) { totalCount edges { node { id title { fr } producer { id name kind } themes { code labelFr } } } } }`;

const PAGE_FIELDS = `totalCount totalCountIsLowerBound pageInfo { hasNextPage endCursor }
    edges { cursor node { id title { fr } producer { id name kind } themes { code labelFr } numberOfUniqueIndividuals accessModality publishedAt } }`;
const ARGS = `$q: String, $filter: OfferingFilterInput, $orderBy: OfferingOrderInput, $first: Int, $after: String`;
const CALL = `offerings(search: $q, filter: $filter, orderBy: $orderBy, first: $first, after: $after)`;

/** A page of results, as a client lists them. */
export const LIST = `query List(${ARGS}) { ${CALL} { ${PAGE_FIELDS} } }`;
/** A page with the facets of the search, as a client shows its first page. */
export const FACETED = `query Faceted(${ARGS}) { ${CALL} { ${PAGE_FIELDS}
    facets { themes { value count } producerKinds { value count } regions { value count } accessModalities { value count } } } }`;

/** A page of 20 offerings with their licences, the licences' templates and the organisations. */
export const NESTED = `query Nested { offerings(first: 20) { edges { node { id title { fr } producer { id name kind }
    licences { tariffVersionId templateVersion { id key version title { fr } clauses { id mode } template { id key isStandard organization { id name } } } } } } } }`;

export interface BenchRequest {
  body: string;
  /** Index into the bench's tokens, or null for an anonymous request. */
  token: number | null;
}

// Words of every frequency in the bench catalog: in every offering, in a subject (1 in 20),
// in a region, in a producer's name, typed without accents, and one title only.
const WORDS = [
  'données', 'patients', 'hospitalisations', 'parcours de soins', 'recherche', 'epidemiologie', 'hopital',
  'cancer', 'cardiaque', 'diabete', 'registre', 'cohorte', 'chu', 'centre hospitalier', 'oncologie', 'neurologie',
  'mucoviscidose', 'bpco', 'obesite', 'dépression', 'schizophrénie', 'alzheimer', 'lymphomes', 'covid', 'prématurité',
  'réanimation', 'imagerie thoracique', 'infarctus', 'insuffisance rénale', 'insuffisance cardiaque', 'accident vasculaire',
  'chutes', 'nosocomiales', 'bretagne', 'occitanie', 'normandie', 'corse', 'auvergne', 'cancer du sein', 'diabète de type 2',
  'sujet âgé', 'prescriptions biologie', 'heart failure', 'stroke', 'cancer -sein', '"infarctus du myocarde"',
];

/** mulberry32: a small seeded generator, the same sequence on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function variedRequests(count: number, tokens: number, catalogSize: number): BenchRequest[] {
  const next = random(20261123);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const chance = (p: number) => next() < p;
  const requests: BenchRequest[] = [];
  const seen = new Set<string>();
  while (requests.length < count) {
    const filter: Record<string, unknown> = {};
    if (chance(0.3)) filter.themes = [pick(Object.keys(THEMES)), ...(chance(0.3) ? [pick(Object.keys(THEMES))] : [])];
    if (chance(0.2)) filter.regions = [pick(Object.keys(REGIONS))];
    if (chance(0.2)) filter.producerKinds = chance(0.5) ? ['HOSPITAL'] : ['REGISTRY', 'COHORT'];
    if (chance(0.15)) filter.dataModels = [pick(Object.keys(DATA_MODELS))];
    if (chance(0.15)) filter.accessModalities = [pick(Object.keys(ACCESS_MODALITIES))];
    if (chance(0.1)) filter.codingSystems = [pick(Object.keys(CODING_SYSTEMS))];
    if (chance(0.15)) filter.minIndividuals = pick([10_000, 100_000, 250_000]);
    const filtered = Object.keys(filter).length > 0;
    let q: string | undefined;
    if (!filtered || chance(0.6)) q = chance(0.1) ? `${Math.floor(next() * catalogSize)}` : chance(0.15) ? `${pick(WORDS)} ${pick(WORDS)}` : pick(WORDS);
    const first = chance(0.3) ? 10 : 20;
    const variables: Record<string, unknown> = { first };
    if (q !== undefined) variables.q = q;
    if (filtered) variables.filter = filter;
    if (chance(0.15)) variables.orderBy = pick([{ field: 'TITLE', direction: 'ASC' }, { field: 'INDIVIDUALS', direction: 'DESC' }, { field: 'PUBLISHED_AT', direction: 'DESC' }]);
    if (chance(0.2)) variables.after = encodeCursor(first - 1);
    const token = chance(0.5) ? Math.floor(next() * tokens) : null;
    const body = JSON.stringify({ query: chance(0.3) ? FACETED : LIST, variables });
    if (seen.has(`${token}:${body}`)) continue;
    seen.add(`${token}:${body}`);
    requests.push({ body, token });
  }
  return requests;
}
