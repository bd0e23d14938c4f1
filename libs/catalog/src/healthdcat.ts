import { OfferingContent } from './offering.content';
import {
  ACCESS_MODALITIES, ACCESS_RIGHTS, CODING_SYSTEMS, DATA_MODELS, LEGAL_BASES, PERSONAL_DATA_CATEGORIES, REGIONS,
  UPDATE_FREQUENCIES,
} from './vocabulary';

// HealthDCAT-AP (DCAT-AP 3 extension) as JSON-LD. The context is inline so that a
// harvester needs no network access to expand it.
export const HEALTHDCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  adms: 'http://www.w3.org/ns/adms#',
  dpv: 'https://w3id.org/dpv#',
  healthdcatap: 'http://healthdataportal.eu/ns/health#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  locn: 'http://www.w3.org/ns/locn#',
  owl: 'http://www.w3.org/2002/07/owl#',
  title: { '@id': 'dct:title', '@container': '@language' },
  description: { '@id': 'dct:description', '@container': '@language' },
  keyword: { '@id': 'dcat:keyword', '@container': '@language' },
  publisher: { '@id': 'dct:publisher', '@type': '@id' },
  identifier: 'dct:identifier',
  issued: { '@id': 'dct:issued', '@type': 'xsd:dateTime' },
  modified: { '@id': 'dct:modified', '@type': 'xsd:dateTime' },
  version: 'dcat:version',
  dataset: { '@id': 'dcat:dataset', '@container': '@set' },
  theme: { '@id': 'dcat:theme', '@type': '@id', '@container': '@set' },
  healthTheme: { '@id': 'healthdcatap:healthTheme', '@type': '@id', '@container': '@set' },
  healthCategory: { '@id': 'healthdcatap:healthCategory', '@type': '@id', '@container': '@set' },
  accessRights: { '@id': 'dct:accessRights', '@type': '@id' },
  accrualPeriodicity: { '@id': 'dct:accrualPeriodicity', '@type': '@id' },
  spatial: { '@id': 'dct:spatial', '@container': '@set' },
  temporal: 'dct:temporal',
  startDate: { '@id': 'dcat:startDate', '@type': 'xsd:date' },
  endDate: { '@id': 'dcat:endDate', '@type': 'xsd:date' },
  contactPoint: 'dcat:contactPoint',
  fn: 'vcard:fn',
  hasEmail: { '@id': 'vcard:hasEmail', '@type': '@id' },
  populationCoverage: { '@id': 'healthdcatap:populationCoverage', '@container': '@language' },
  numberOfRecords: { '@id': 'healthdcatap:numberOfRecords', '@type': 'xsd:nonNegativeInteger' },
  numberOfUniqueIndividuals: { '@id': 'healthdcatap:numberOfUniqueIndividuals', '@type': 'xsd:nonNegativeInteger' },
  minTypicalAge: { '@id': 'healthdcatap:minTypicalAge', '@type': 'xsd:nonNegativeInteger' },
  maxTypicalAge: { '@id': 'healthdcatap:maxTypicalAge', '@type': 'xsd:nonNegativeInteger' },
  hasCodingSystem: { '@id': 'healthdcatap:hasCodingSystem', '@container': '@set' },
  hasLegalBasis: { '@id': 'dpv:hasLegalBasis', '@type': '@id', '@container': '@set' },
  hasPersonalData: { '@id': 'dpv:hasPersonalData', '@type': '@id', '@container': '@set' },
  conformsTo: { '@id': 'dct:conformsTo', '@container': '@set' },
  provenance: 'dct:provenance',
  sample: { '@id': 'adms:sample', '@type': '@id' },
  landingPage: { '@id': 'dcat:landingPage', '@type': '@id' },
  distribution: { '@id': 'dcat:distribution', '@container': '@set' },
  accessURL: { '@id': 'dcat:accessURL', '@type': '@id' },
  label: { '@id': 'skos:prefLabel', '@container': '@language' },
  name: 'foaf:name',
};

const EU_THEME_HEALTH = 'http://publications.europa.eu/resource/authority/data-theme/HEAL';
const FRANCE = 'http://publications.europa.eu/resource/authority/country/FRA';

export interface DatasetSource {
  id: string;
  version: number;
  publishedAt: Date | null;
  updatedAt: Date;
  content: OfferingContent;
  producer: { id: string; name: string };
}

export function datasetNode(base: string, d: DatasetSource): Record<string, unknown> {
  const c = d.content;
  const uri = `${base}/offerings/${d.id}`;
  const node: Record<string, unknown> = {
    '@id': uri,
    '@type': 'dcat:Dataset',
    identifier: d.id,
    version: String(d.version),
    title: { fr: c.title.fr, en: c.title.en },
    description: { fr: c.description.fr, en: c.description.en },
    keyword: { fr: c.keywords },
    publisher: { '@id': `${base}/organizations/${d.producer.id}`, '@type': 'foaf:Agent', name: d.producer.name },
    theme: [EU_THEME_HEALTH],
    healthTheme: c.themes.map((t) => `${base}/vocabulary/themes/${t}`),
    accessRights: ACCESS_RIGHTS[c.accessRights]?.uri,
    spatial: c.regions.map((r) => (r === 'FR_NATIONAL'
      ? { '@id': FRANCE }
      : { '@id': `${base}/vocabulary/regions/${r}`, '@type': 'dct:Location', label: { fr: REGIONS[r]?.fr, en: REGIONS[r]?.en } })),
    temporal: { '@type': 'dct:PeriodOfTime', startDate: c.temporalCoverage.start, ...(c.temporalCoverage.end ? { endDate: c.temporalCoverage.end } : {}) },
    contactPoint: { '@type': 'vcard:Kind', fn: c.contactPoint.name, hasEmail: `mailto:${c.contactPoint.email}` },
    populationCoverage: { fr: c.populationCoverage.fr, en: c.populationCoverage.en },
    hasCodingSystem: (c.codingSystems ?? []).map((s) => ({
      '@id': CODING_SYSTEMS[s]?.uri ?? `${base}/vocabulary/coding-systems/${s}`, '@type': 'dct:Standard', label: { en: CODING_SYSTEMS[s]?.en ?? s },
    })),
    conformsTo: [{ '@id': `${base}/vocabulary/data-models/${c.dataModel}`, '@type': 'dct:Standard', label: { en: DATA_MODELS[c.dataModel]?.en ?? c.dataModel } }],
    hasLegalBasis: c.legalBases.map((b) => LEGAL_BASES[b]?.uri ?? b),
    hasPersonalData: c.personalDataCategories.map((p) => PERSONAL_DATA_CATEGORIES[p]?.uri ?? p),
    landingPage: uri,
    distribution: [{
      '@id': `${uri}#access`, '@type': 'dcat:Distribution',
      title: { fr: ACCESS_MODALITIES[c.accessModality]?.fr, en: ACCESS_MODALITIES[c.accessModality]?.en },
      accessURL: uri,
    }],
  };
  if (d.publishedAt) node.issued = d.publishedAt.toISOString();
  node.modified = d.updatedAt.toISOString();
  if (c.numberOfRecords != null) node.numberOfRecords = c.numberOfRecords;
  if (c.numberOfUniqueIndividuals != null) node.numberOfUniqueIndividuals = c.numberOfUniqueIndividuals;
  if (c.minTypicalAge != null) node.minTypicalAge = c.minTypicalAge;
  if (c.maxTypicalAge != null) node.maxTypicalAge = c.maxTypicalAge;
  if (c.updateFrequency) node.accrualPeriodicity = UPDATE_FREQUENCIES[c.updateFrequency]?.uri;
  if (c.sampleUrl) node.sample = c.sampleUrl;
  if (c.provenance) node.provenance = { '@type': 'dct:ProvenanceStatement', label: { fr: c.provenance } };
  return node;
}

export function catalogDocument(base: string, datasets: DatasetSource[], page?: { next?: string }): Record<string, unknown> {
  return {
    '@context': HEALTHDCAT_CONTEXT,
    '@id': `${base}/catalog`,
    '@type': 'dcat:Catalog',
    title: { fr: 'Catalogue des offres d\'accès aux données de santé', en: 'Catalog of health-data access offerings' },
    description: { fr: 'Offres publiées par les producteurs vérifiés de la place de marché', en: 'Offerings published by the marketplace\'s verified producers' },
    dataset: datasets.map((d) => datasetNode(base, d)),
    ...(page?.next ? { 'http://www.w3.org/ns/hydra/core#next': { '@id': page.next } } : {}),
  };
}

export function datasetDocument(base: string, d: DatasetSource): Record<string, unknown> {
  return { '@context': HEALTHDCAT_CONTEXT, ...datasetNode(base, d) };
}

