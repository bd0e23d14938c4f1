import type { ClauseDefinition, ClauseDiff, LocalizedText, Redline, RenderedDocument, VariableDefinition } from './engine';
import { LicenceTemplateEntity, LicenceVersionView } from './licence-template.entities';
import {
  ClauseChange, ClauseDiffModel, LicenceClauseMode, LicenceClauseModel, LicenceFamily, LicenceLocale, LicenceTemplateModel,
  LicenceTemplateVersionModel, LicenceVariableModel, LicenceVariableType, LocalizedRedlineModel, RedlineKind, RenderedDocumentModel,
} from './licence-template.models';

/** A template declared in French only has no English text: it reads as empty. */
const text = (t: Partial<LocalizedText>) => ({ fr: t.fr ?? '', en: t.en ?? '' });

function toClauseModel(c: ClauseDefinition): LicenceClauseModel {
  return {
    id: c.id,
    mode: c.mode as LicenceClauseMode,
    title: text(c.title),
    text: text(c.text),
    alternatives: (c.alternatives ?? []).map((a) => ({ id: a.id, label: text(a.label), text: text(a.text) })),
    editable: c.editable ?? false,
    when: c.when ?? null,
  };
}

function toVariableModel(v: VariableDefinition): LicenceVariableModel {
  return {
    name: v.name,
    type: v.type as LicenceVariableType,
    required: v.required,
    label: text(v.label),
    values: (v.values ?? []).map((x) => ({ value: x.value, label: text(x.label) })),
    min: v.min ?? null,
    max: v.max ?? null,
    maxLength: v.maxLength ?? null,
    default: v.default ?? null,
  };
}

/** The fields `template`, `basedOn`, `submittedBy` and `publishedBy` are resolved lazily. */
export function toVersionModel({ template, version }: LicenceVersionView): LicenceTemplateVersionModel {
  const d = version.definition;
  return {
    id: version.id,
    key: template.key,
    family: template.family as LicenceFamily,
    version: version.version,
    status: version.status,
    hash: version.hash,
    locales: d.locales as LicenceLocale[],
    title: text(d.title),
    description: text(d.description),
    clauses: d.clauses.map(toClauseModel),
    variables: d.variables.map(toVariableModel),
    isStandard: template.organizationId === null,
    createdAt: version.createdAt,
    submittedAt: version.submittedAt,
    publishedAt: version.publishedAt,
    deprecatedAt: version.deprecatedAt,
    templateId: template.id,
    organizationId: template.organizationId,
    basedOnVersionId: template.basedOnVersionId,
    submittedById: version.submittedBy,
    publishedById: version.publishedBy,
  };
}

/** The fields `organization`, `versions` and `latestVersion` are resolved lazily. */
export function toTemplateModel(t: LicenceTemplateEntity): Omit<LicenceTemplateModel, 'organization' | 'versions' | 'latestVersion'> {
  return {
    id: t.id,
    key: t.key,
    family: t.family as LicenceFamily,
    isStandard: t.organizationId === null,
    createdAt: t.createdAt,
    organizationId: t.organizationId,
    basedOnVersionId: t.basedOnVersionId,
  };
}

function toRedline(r: Redline): LocalizedRedlineModel {
  const segments = (locale: 'fr' | 'en') => (r[locale] ?? []).map((s) => ({ kind: s.kind as RedlineKind, text: s.text }));
  return { fr: segments('fr'), en: segments('en') };
}

export function toClauseDiffModel(d: ClauseDiff): ClauseDiffModel {
  return {
    clauseId: d.clauseId,
    change: d.change as ClauseChange,
    positionBefore: d.positionBefore ?? null,
    positionAfter: d.positionAfter ?? null,
    modeBefore: (d.modeBefore ?? null) as LicenceClauseMode | null,
    modeAfter: (d.modeAfter ?? null) as LicenceClauseMode | null,
    modeChanged: d.modeChanged,
    whenBefore: d.whenBefore ?? null,
    whenAfter: d.whenAfter ?? null,
    titleChanged: d.titleChanged,
    textChanged: d.textChanged,
    titleRedline: toRedline(d.title),
    textRedline: toRedline(d.text),
    alternatives: d.alternatives.map((a) => ({
      id: a.id, change: a.change as ClauseChange, labelRedline: toRedline(a.label), textRedline: toRedline(a.text),
    })),
  };
}

export function toRenderedDocumentModel(r: RenderedDocument): RenderedDocumentModel {
  return {
    templateKey: r.templateKey,
    templateVersion: r.templateVersion,
    templateHash: r.templateHash,
    variablesHash: r.variablesHash,
    locale: r.locale as LicenceLocale,
    title: r.title,
    clauses: r.clauses.map((c) => ({
      number: c.number, id: c.id, mode: c.mode as LicenceClauseMode, title: c.title, body: c.body, deviates: c.deviates,
      alternativeId: c.alternativeId ?? null, edited: c.edited ?? false,
    })),
  };
}
