// Test and bench fixture (not exported by the library): an agreement under the shipped
// academic-research licence, with example values, a negotiated clause, an accepted quote
// shaped like the pricing engine's QuoteResult and a HealthDCAT-AP-like dataset annex.
import { exampleValues, renderTemplate, type ClauseOverride, type DatasetValue, type Locale, type PartyValue, type VariableValues } from '@app/licensing/engine';
import type { QuoteResult } from '@app/pricing/engine';
import type { AgreementPdfInput, AuditEvent, DatasetDescriptionRow } from '../agreement-input';
import { tariffValueFromFees } from '../agreement-fees';
import { loadShippedTemplate } from './shipped-templates';

const line = (code: string, label: string, quantity: string, unit: string, unitPriceCents: number, amountCents: number, rule: string, estimate = false) => ({
  code,
  componentCode: code.split('.')[0],
  label,
  kind: 'FIXED_FEE' as const,
  nature: 'COST' as const,
  quantity,
  unit,
  unitPriceCents,
  amountCents,
  vatRateBp: 2000,
  rule,
  estimate,
  waived: false,
});

/** 12 310,80 € including VAT: five charge lines, a 15 % reduction, French VAT at 20 %. */
export const SAMPLE_QUOTE: QuoteResult = {
  tariffKey: 'eds-valmont-standard',
  tariffVersion: '2027.1',
  currency: 'EUR',
  locale: 'fr',
  lines: [
    line('APP', 'Instruction de la demande', '1', 'forfait', 150000, 150000, 'Forfait d’instruction, dû dès le dépôt de la demande'),
    line('PREP.EXTRACTION', 'Préparation – extraction', '3', 'jours', 80000, 240000, '3 jours × 800,00 € par jour (estimation du Producteur)'),
    line('PREP.PSEUDONYMISATION', 'Préparation – pseudonymisation', '2.5', 'jours', 80000, 200000, '2,5 jours × 800,00 € par jour'),
    line('TERM', 'Accès à l’environnement sécurisé', '12', 'mois', 50000, 600000, '12 mois × 500,00 € par mois (minimum 12 mois)'),
    line('SDE.COMPUTE_HOURS', 'Heures de calcul', '120', 'heures', 120, 14400, '120 heures × 1,20 € par heure, selon l’usage prévu', true),
  ],
  chargesCents: 1204400,
  adjustments: [
    {
      ...line('RED.ACADEMIC', 'Réduction recherche académique (15 %)', '1', 'ajustement', -178500, -178500, '15 % de 11 900,00 € (lignes hors usage), arrondi au centime'),
      kind: 'REDUCTION',
    },
  ],
  subtotalCents: 1025900,
  vatRegime: 'FR_STANDARD',
  vatLines: [{ rateBp: 2000, baseCents: 1025900, vatCents: 205180, label: 'TVA 20\u00a0%' }],
  vatCents: 205180,
  totalCents: 1231080,
  vatMention: null,
  estimate: true,
  withdrawn: false,
  costsOnly: true,
  notes: ['Tarif limité aux coûts directs de mise à disposition (organisme de recherche à but non lucratif).'],
};

export const SAMPLE_DATASET_DESCRIPTION: readonly DatasetDescriptionRow[] = [
  { label: 'Titre (dct:title)', value: 'Entrepôt de données de santé de Valmont – cohorte diabète 2015-2024' },
  { label: 'Description (dct:description)', value: 'Parcours de soins hospitaliers des patients diabétiques de type 1 et 2 suivis au CHU de Valmont : séjours, actes, diagnostics, biologie et prescriptions.' },
  { label: 'Éditeur (dct:publisher)', value: 'Centre Hospitalier Universitaire de Valmont' },
  { label: 'Point de contact (dcat:contactPoint)', value: 'entrepot-donnees@chu-valmont.example' },
  { label: 'Droits d’accès (dct:accessRights)', value: 'Accès restreint (restricted)' },
  { label: 'Législation applicable', value: 'RGPD ; loi Informatique et libertés ; règlement (UE) 2025/327 (EHDS)' },
  { label: 'Catégorie de santé (healthCategory)', value: 'Dossiers patients électroniques ; résultats de biologie' },
  { label: 'Couverture temporelle (dct:temporal)', value: '1 janvier 2015 – 31 décembre 2024' },
  { label: 'Couverture géographique (dct:spatial)', value: 'Auvergne-Rhône-Alpes, France' },
  { label: 'Population (populationCoverage)', value: 'Patients adultes avec au moins un séjour codé E10 ou E11 (CIM-10)' },
  { label: 'Nombre d’enregistrements (numberOfRecords)', value: '4 812 530' },
  { label: 'Nombre d’individus (numberOfUniqueIndividuals)', value: '38 412' },
  { label: 'Âge minimal / maximal', value: '18 ans / 99 ans' },
  { label: 'Systèmes de codage (hasCodingSystem)', value: 'CIM-10, CCAM, ATC, LOINC' },
  { label: 'Modèle de données', value: 'OMOP CDM 5.4' },
  { label: 'Modalité d’accès', value: 'Environnement de traitement sécurisé du Producteur' },
  { label: 'Hébergement certifié HDS', value: 'Oui – certificat n° HDS-2026-0142' },
  { label: 'Fréquence de mise à jour (dct:accrualPeriodicity)', value: 'Trimestrielle' },
  { label: 'Base légale (dpv:hasLegalBasis)', value: 'Mission d’intérêt public (article 6.1.e du RGPD)' },
  { label: 'Durée de conservation (retentionPeriod)', value: 'Durée de la licence, puis destruction sous 30 jours' },
];

/** Data dictionary rows, to make the dataset annex (and the document) as long as needed. */
function dictionaryRows(count: number): DatasetDescriptionRow[] {
  const kinds = ['date', 'code CIM-10', 'code CCAM', 'code ATC', 'valeur LOINC', 'entier', 'booléen'];
  return Array.from({ length: count }, (_, i) => ({
    label: `Variable ${String(i + 1).padStart(3, '0')} – sej_var_${i + 1}`,
    value: `Type : ${kinds[i % kinds.length]}. Renseignée pour ${90 + (i % 10)} % des séjours ; table OMOP ${['visit_occurrence', 'condition_occurrence', 'procedure_occurrence', 'drug_exposure', 'measurement'][i % 5]}.`,
  }));
}

/** With this many dictionary rows, the final (audit trail) document has 15 pages. */
export const FIFTEEN_PAGE_DICTIONARY_ROWS = 20;

export interface SampleAgreementOptions {
  locale?: Locale;
  /** data dictionary rows appended to the dataset annex (0 by default) */
  dictionaryRows?: number;
  overrides?: ClauseOverride[];
  agreementNumber?: string;
}

export const SAMPLE_CREATION_DATE = new Date('2027-02-15T09:30:00Z');

export function sampleAgreementInput(options: SampleAgreementOptions = {}): AgreementPdfInput {
  const def = loadShippedTemplate('academic-research');
  const locale = options.locale ?? 'fr';
  const summary = 'Décrire les parcours hospitaliers des patients diabétiques et identifier les facteurs associés aux réhospitalisations évitables.';
  const values: VariableValues = {
    ...exampleValues(def),
    projectTitle: 'Trajectoires de soins après un diagnostic de diabète de type 2',
    principalInvestigator: 'Pr Antoine Girard, Université de Valmont',
    purposeSummary: summary,
    cnilFormalityReference: 'MR-004 n° 2227412 v 0',
    processingEnvironment: 'Plateforme d’analyse sécurisée du CHU de Valmont, hébergée par un hébergeur certifié HDS',
    startDate: '2027-03-01',
    fees: tariffValueFromFees(SAMPLE_QUOTE),
  };
  const document = renderTemplate(def, values, locale, options.overrides ?? [{ clauseId: 'publication', alternativeId: 'co-publication' }]);
  const producer = values.producer as PartyValue;
  const buyer = values.buyer as PartyValue;
  const dataset = values.dataset as DatasetValue;
  const category = def.variables.find((v) => v.name === 'purposeCategory')!.values!.find((v) => v.value === values.purposeCategory)!.label[locale];
  return {
    agreementNumber: options.agreementNumber ?? 'AGR-2027-000042',
    document,
    producer: { ...producer, signer: { name: 'Dr Hélène Marchand', title: 'Directrice générale', email: 'h.marchand@chu-valmont.example' } },
    buyer: { ...buyer, signer: { name: 'Zoé Lefèvre', title: 'Présidente', email: 'zoe.lefevre@biostat-clement.example' } },
    dataset: { title: dataset.title, version: dataset.version },
    purpose: { category, summary },
    startDate: '2027-03-01',
    durationMonths: values.durationMonths as number,
    fees: SAMPLE_QUOTE,
    datasetDescription: [...SAMPLE_DATASET_DESCRIPTION, ...dictionaryRows(options.dictionaryRows ?? 0)],
    creationDate: SAMPLE_CREATION_DATE,
  };
}

/** Both parties' signatures of the unsigned agreement whose SHA-256 is given. */
export function sampleAuditTrail(unsignedSha256: string): AuditEvent[] {
  const consent = 'J’ai lu l’accord et ses annexes et je le signe électroniquement au nom de mon organisation.';
  return [
    {
      side: 'BUYER',
      signerName: 'Zoé Lefèvre',
      signerEmail: 'zoe.lefevre@biostat-clement.example',
      signedAt: new Date('2027-02-16T08:12:45Z'),
      ip: '203.0.113.17',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      consentText: consent,
      documentSha256: unsignedSha256,
    },
    {
      side: 'PRODUCER',
      signerName: 'Dr Hélène Marchand',
      signerEmail: 'h.marchand@chu-valmont.example',
      signedAt: new Date('2027-02-17T14:03:09Z'),
      ip: '198.51.100.42',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      consentText: consent,
      documentSha256: unsignedSha256,
    },
  ];
}
