// What an agreement is made of, from the stored request: the licence variables, the dataset
// annex and the stored render input. Plain functions shared by the request (to check the
// variables when it is created) and the agreement (to issue it).
import { BadInputError, formatInteger, type FieldProblem } from '@app/core';
import type { OfferingContent } from '@app/catalog';
import { TemplateRenderError, withDefaults, type DatasetValue, type PartyValue, type TemplateDefinition, type VariableValues } from '@app/licensing/engine';
import type { QuoteResult } from '@app/pricing/engine';
import { tariffValueFromFees, type AgreementFees, type AgreementPdfInput, type DatasetDescriptionRow } from './agreement';
import type { AccessRequestEntity, AccessScope } from './contracting.entities';

/** Template variables filled from the request's own fields, and the input field each comes from. */
const REQUEST_FIELDS: Record<string, string> = {
  projectTitle: 'projectTitle',
  principalInvestigator: 'principalInvestigator',
  purposeCategory: 'purposeCategory',
  purposeSummary: 'purposeSummary',
  legalBasis: 'legalBasis',
  cnilFormality: 'cnilFormality',
  cnilFormalityReference: 'cnilReference',
  processingEnvironment: 'processingEnvironment',
  startDate: 'startDate',
  durationMonths: 'durationMonths',
};
const FILLED_BY_PLATFORM = new Set(['producer', 'buyer', 'dataset', 'fees', ...Object.keys(REQUEST_FIELDS)]);

type RequestTerms = Pick<
  AccessRequestEntity,
  'projectTitle' | 'principalInvestigator' | 'purposeCategory' | 'purposeSummary' | 'legalBasis' | 'cnilFormality' | 'cnilReference' | 'processingEnvironment' | 'durationMonths' | 'licenceVariables'
>;

export interface LicenceContext {
  producer: PartyValue;
  buyer: PartyValue;
  dataset: DatasetValue;
  startDate: string;
  fees: QuoteResult;
}

/** The other variables a buyer may give: those of the template the platform does not fill. */
export function checkLicenceVariables(def: TemplateDefinition, given: Record<string, unknown> | undefined, field: string): void {
  const known = new Set(def.variables.map((v) => v.name));
  const problems: FieldProblem[] = [];
  for (const name of Object.keys(given ?? {})) {
    if (FILLED_BY_PLATFORM.has(name)) {
      const own = REQUEST_FIELDS[name];
      problems.push({ field: `${field}.${name}`, message: own ? `give it as input.${own}` : 'is filled in by the platform' });
    } else if (!known.has(name)) {
      const free = def.variables.map((v) => v.name).filter((n) => !FILLED_BY_PLATFORM.has(n));
      problems.push({ field: `${field}.${name}`, message: `${def.key}@${def.version} has no such variable; you may give: ${free.join(', ') || 'none'}` });
    }
  }
  if (problems.length) throw new BadInputError(problems);
}

/** Every variable of the template: the request's fields, both parties, the dataset, the accepted fees, then defaults. */
export function licenceValues(def: TemplateDefinition, r: RequestTerms, ctx: LicenceContext): VariableValues {
  const all: VariableValues = {
    ...r.licenceVariables,
    projectTitle: r.projectTitle,
    principalInvestigator: r.principalInvestigator,
    purposeCategory: r.purposeCategory,
    purposeSummary: r.purposeSummary,
    legalBasis: r.legalBasis,
    cnilFormality: r.cnilFormality,
    cnilFormalityReference: r.cnilReference,
    processingEnvironment: r.processingEnvironment,
    startDate: ctx.startDate,
    durationMonths: r.durationMonths,
    producer: ctx.producer,
    buyer: ctx.buyer,
    dataset: ctx.dataset,
    fees: tariffValueFromFees(ctx.fees as unknown as AgreementFees),
  };
  const names = new Set(def.variables.map((v) => v.name));
  return withDefaults(def, Object.fromEntries(Object.entries(all).filter(([k]) => names.has(k))));
}

/** A template's refusal of the variables, as BAD_USER_INPUT on the request's own fields. */
export function variablesError(e: unknown, field = 'input'): unknown {
  if (!(e instanceof TemplateRenderError)) return e;
  return new BadInputError(
    e.problems.map((p) => {
      const own = REQUEST_FIELDS[p.variable];
      return { field: own ? `${field}.${own}` : `${field}.licenceVariables.${p.path ?? p.variable}`, message: p.problem };
    }),
  );
}

/** The label of an enum variable's value in a locale (e.g. the purpose category), or the value itself. */
export function enumLabel(def: TemplateDefinition, variable: string, value: string, locale: 'fr' | 'en' = 'fr'): string {
  return def.variables.find((v) => v.name === variable)?.values?.find((v) => v.value === value)?.label[locale] ?? value;
}

/** Annex 2: the offering version's description (HealthDCAT-AP properties) and the scope the buyer asked for. */
export function datasetDescription(content: OfferingContent, producerName: string, scope: AccessScope): DatasetDescriptionRow[] {
  const rows: [string, string | null | undefined][] = [
    ['Titre (dct:title)', content.title.fr],
    ['Description (dct:description)', content.description.fr],
    ['Éditeur (dct:publisher)', producerName],
    ['Point de contact (dcat:contactPoint)', `${content.contactPoint.name} <${content.contactPoint.email}>`],
    ['Droits d’accès (dct:accessRights)', content.accessRights],
    ['Couverture temporelle (dct:temporal)', `${content.temporalCoverage.start} – ${content.temporalCoverage.end ?? '…'}`],
    ['Population (populationCoverage)', content.populationCoverage.fr],
    ['Nombre d’individus (numberOfUniqueIndividuals)', content.numberOfUniqueIndividuals == null ? null : formatInteger(content.numberOfUniqueIndividuals, 'fr')],
    ['Systèmes de codage (hasCodingSystem)', content.codingSystems.join(', ')],
    ['Modèle de données', content.dataModel],
    ['Modalité d’accès', content.accessModality],
    ['Hébergement certifié HDS', content.hdsHosting.certified ? `Oui${content.hdsHosting.hostName ? ` – ${content.hdsHosting.hostName}` : ''}` : 'Non'],
    ['Périmètre demandé – population', scope.population],
    ['Périmètre demandé – variables', scope.variables.join(', ') || '—'],
    ['Périmètre demandé – période', scope.periodStart || scope.periodEnd ? `${scope.periodStart ?? '…'} – ${scope.periodEnd ?? '…'}` : null],
  ];
  return rows.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1].trim() !== '').map(([label, value]) => ({ label, value }));
}

/** The stored render input as AgreementPdfInput again (JSON keeps the creation date as ISO text). */
export function hydrateRenderInput(stored: Record<string, unknown>): AgreementPdfInput {
  return { ...(stored as unknown as AgreementPdfInput), creationDate: new Date(stored.creationDate as string) };
}

/** The render input as stored: plain JSON. */
export function storableRenderInput(input: AgreementPdfInput): Record<string, unknown> {
  return JSON.parse(JSON.stringify(input));
}
