import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { ConnectionType } from '@app/core';
import { LocalizedTextModel } from '@app/catalog';
import { OrganizationModel } from '@app/identity';
import { LicenceVersionStatus } from './licence-template.entities';

/** GraphQL enums whose values are the engine's lowercase codes. */
export enum LicenceLocale {
  FR = 'fr',
  EN = 'en',
}
export enum LicenceClauseMode {
  LOCKED = 'locked',
  NEGOTIABLE = 'negotiable',
  CONDITIONAL = 'conditional',
}
export enum LicenceVariableType {
  PARTY = 'party',
  DATASET = 'dataset',
  ENUM = 'enum',
  INTEGER = 'integer',
  MONEY = 'money',
  DATE = 'date',
  TEXT = 'text',
  BOOLEAN = 'boolean',
  TARIFF = 'tariff',
}
export enum LicenceFamily {
  ACADEMIC_RESEARCH = 'ACADEMIC_RESEARCH',
  COMMERCIAL_RESEARCH = 'COMMERCIAL_RESEARCH',
  AI_TRAINING = 'AI_TRAINING',
  PUBLIC_HEALTH = 'PUBLIC_HEALTH',
  SECURE_ENVIRONMENT = 'SECURE_ENVIRONMENT',
}
export enum ClauseChange {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  CHANGED = 'CHANGED',
}
export enum RedlineKind {
  EQUAL = 'equal',
  INSERT = 'insert',
  DELETE = 'delete',
}

registerEnumType(LicenceVersionStatus, {
  name: 'LicenceVersionStatus',
  description: 'DRAFT (edited in place) -> IN_REVIEW (frozen) -> PUBLISHED (immutable, offered) -> DEPRECATED (no longer offered)',
});
registerEnumType(LicenceLocale, { name: 'LicenceLocale', description: 'Language of a licence text; French (FR) is authoritative' });
registerEnumType(LicenceClauseMode, {
  name: 'LicenceClauseMode',
  description: 'LOCKED: mandatory, text fixed; NEGOTIABLE: alternatives or edited text, recorded as deviations; CONDITIONAL: included when a variable says so',
});
registerEnumType(LicenceVariableType, { name: 'LicenceVariableType', description: 'The type of value a template variable takes' });
registerEnumType(LicenceFamily, { name: 'LicenceFamily', description: 'The kind of use a licence covers' });
registerEnumType(ClauseChange, { name: 'ClauseChange', description: 'How a clause (or an alternative) differs between two versions' });
registerEnumType(RedlineKind, { name: 'RedlineKind', description: 'EQUAL in both versions, INSERT only in the newer one, DELETE only in the older one' });

@ObjectType('LicenceClauseAlternative', { description: 'A named wording a party may choose instead of a negotiable clause\'s default text' })
export class LicenceClauseAlternativeModel {
  @Field({ description: 'Identifier within the clause (kebab-case)' }) id: string;
  @Field(() => LocalizedTextModel, { description: 'Short label of the alternative' }) label: LocalizedTextModel;
  @Field(() => LocalizedTextModel, { description: 'Text of the alternative, with {{variable}} markup' }) text: LocalizedTextModel;
}

@ObjectType('LicenceClause', { description: 'One clause of a licence template, in template order' })
export class LicenceClauseModel {
  @Field({ description: 'Identifier within the template (kebab-case), stable across versions and forks' }) id: string;
  @Field(() => LicenceClauseMode, { description: 'How far parties and forks may change it' }) mode: LicenceClauseMode;
  @Field(() => LocalizedTextModel, { description: 'Title, possibly with {{variable}} markup' }) title: LocalizedTextModel;
  @Field(() => LocalizedTextModel, { description: 'Text (the default text of a negotiable clause), with Mustache-like markup' }) text: LocalizedTextModel;
  @Field(() => [LicenceClauseAlternativeModel], { description: 'Negotiable clauses only: wordings to choose from' })
  alternatives: LicenceClauseAlternativeModel[];
  @Field({ description: 'Negotiable clauses only: whether free-text edits are allowed (otherwise alternatives only)' }) editable: boolean;
  @Field(() => String, { nullable: true, description: 'Conditional clauses only: a boolean variable, or "enumVariable == VALUE"' })
  when: string | null;
}

@ObjectType('LicenceVariableValue', { description: 'An allowed value of an enum variable' })
export class LicenceVariableValueModel {
  @Field({ description: 'The code given at render time' }) value: string;
  @Field(() => LocalizedTextModel, { description: 'How the value is printed' }) label: LocalizedTextModel;
}

@ObjectType('LicenceVariable', { description: 'A typed placeholder filled in when the licence is rendered' })
export class LicenceVariableModel {
  @Field({ description: 'camelCase name used in markup and in renderLicence variables' }) name: string;
  @Field(() => LicenceVariableType, { description: 'The shape of its value' }) type: LicenceVariableType;
  @Field({ description: 'A value (or a default) must be given' }) required: boolean;
  @Field(() => LocalizedTextModel, { description: 'What the value means, for forms' }) label: LocalizedTextModel;
  @Field(() => [LicenceVariableValueModel], { description: 'Enum variables only: the allowed values' }) values: LicenceVariableValueModel[];
  @Field(() => Int, { nullable: true, description: 'Integer variables only: smallest allowed value' }) min: number | null;
  @Field(() => Int, { nullable: true, description: 'Integer variables only: largest allowed value' }) max: number | null;
  @Field(() => Int, { nullable: true, description: 'Text variables only: longest allowed text (2000 when absent)' }) maxLength: number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Default value (JSON, shaped like a value given to renderLicence); used when no value is given' })
  default: unknown;
}

@ObjectType('LicenceTemplateVersion', { description: 'One version of a licence template; immutable from review on' })
export class LicenceTemplateVersionModel {
  @Field(() => ID, { description: 'The version\'s id (each version has its own)' }) id: string;
  @Field({ description: 'The template\'s key (kebab-case)' }) key: string;
  @Field(() => LicenceFamily, { description: 'The kind of use the licence covers' }) family: LicenceFamily;
  @Field({ description: 'Semantic version, e.g. 1.1.0' }) version: string;
  @Field(() => LicenceVersionStatus, { description: 'Where the version is in its lifecycle' }) status: LicenceVersionStatus;
  @Field({ description: 'SHA-256 (hex) of the canonical form: the identity of the text an agreement refers to; final once in review' })
  hash: string;
  @Field(() => [LicenceLocale], { description: 'Languages the text exists in (FR always)' }) locales: LicenceLocale[];
  @Field(() => LocalizedTextModel, { description: 'Title of the licence' }) title: LocalizedTextModel;
  @Field(() => LocalizedTextModel, { description: 'What the licence is for' }) description: LocalizedTextModel;
  @Field(() => [LicenceClauseModel], { description: 'Clauses in document order' }) clauses: LicenceClauseModel[];
  @Field(() => [LicenceVariableModel], { description: 'The values a rendering takes, in declaration order' }) variables: LicenceVariableModel[];
  @Field({ description: 'True for a standard template shipped with the platform' }) isStandard: boolean;
  @Field({ description: 'When the version was created (a fork, an edit of a published version, or a standard file loaded)' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was submitted for review' }) submittedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was published' }) publishedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was deprecated' }) deprecatedAt: Date | null;
  templateId: string;
  organizationId: string | null;
  basedOnVersionId: string | null;
  submittedById: string | null;
  publishedById: string | null;
}

@ObjectType('LicenceTemplate', { description: 'A licence template: a standard one, or an organisation\'s fork of a standard one' })
export class LicenceTemplateModel {
  @Field(() => ID, { description: 'The template\'s id (stable across its versions)' }) id: string;
  @Field({ description: 'kebab-case, unique among the standard templates or within the organisation' }) key: string;
  @Field(() => LicenceFamily, { description: 'The kind of use the licence covers' }) family: LicenceFamily;
  @Field({ description: 'A standard template: loaded from the platform\'s contract templates, never edited in place' }) isStandard: boolean;
  @Field(() => OrganizationModel, { nullable: true, description: 'The owning organisation; null for a standard template' })
  organization: OrganizationModel | null;
  @Field(() => [LicenceTemplateVersionModel], { description: 'Versions visible to you, newest first' }) versions: LicenceTemplateVersionModel[];
  @Field(() => LicenceTemplateVersionModel, { nullable: true, description: 'The newest version visible to you' })
  latestVersion: LicenceTemplateVersionModel | null;
  @Field({ description: 'When the template was created (forked, or first loaded for a standard one)' }) createdAt: Date;
  organizationId: string | null;
  basedOnVersionId: string | null;
}

@ObjectType('RedlineSegment', { description: 'A run of words of a word-level redline' })
export class RedlineSegmentModel {
  @Field(() => RedlineKind, { description: 'In which version these words are' }) kind: RedlineKind;
  @Field({ description: 'The words, with their spacing' }) text: string;
}

@ObjectType('LocalizedRedline', { description: 'A redline per language; joining EQUAL+DELETE gives the older text, EQUAL+INSERT the newer' })
export class LocalizedRedlineModel {
  @Field(() => [RedlineSegmentModel], { description: 'French (authoritative)' }) fr: RedlineSegmentModel[];
  @Field(() => [RedlineSegmentModel], { description: 'Empty when neither version has English text' }) en: RedlineSegmentModel[];
}

@ObjectType('AlternativeDiff', { description: 'An alternative wording that was added, removed or changed' })
export class AlternativeDiffModel {
  @Field({ description: 'The alternative\'s id within its clause' }) id: string;
  @Field(() => ClauseChange, { description: 'Added, removed or changed' }) change: ClauseChange;
  @Field(() => LocalizedRedlineModel, { description: 'Word-level redline of its label' }) labelRedline: LocalizedRedlineModel;
  @Field(() => LocalizedRedlineModel, { description: 'Word-level redline of its text' }) textRedline: LocalizedRedlineModel;
}

@ObjectType('ClauseDiff', { description: 'How one clause differs from one version to another' })
export class ClauseDiffModel {
  @Field({ description: 'The clause\'s id, the same in both versions' }) clauseId: string;
  @Field(() => ClauseChange, { description: 'ADDED in the newer version, REMOVED from it, or CHANGED' }) change: ClauseChange;
  @Field(() => Int, { nullable: true, description: '1-based position in the older version (null when ADDED)' }) positionBefore: number | null;
  @Field(() => Int, { nullable: true, description: '1-based position in the newer version (null when REMOVED)' }) positionAfter: number | null;
  @Field(() => LicenceClauseMode, { nullable: true, description: 'Mode in the older version (null when ADDED)' }) modeBefore: LicenceClauseMode | null;
  @Field(() => LicenceClauseMode, { nullable: true, description: 'Mode in the newer version (null when REMOVED)' }) modeAfter: LicenceClauseMode | null;
  @Field({ description: 'The mode differs between the versions' }) modeChanged: boolean;
  @Field(() => String, { nullable: true, description: 'Condition of a conditional clause in the older version' }) whenBefore: string | null;
  @Field(() => String, { nullable: true, description: 'Condition of a conditional clause in the newer version' }) whenAfter: string | null;
  @Field({ description: 'The title differs in some language' }) titleChanged: boolean;
  @Field({ description: 'The text differs in some language' }) textChanged: boolean;
  @Field(() => LocalizedRedlineModel, { description: 'Word-level redline of the title (all inserted when ADDED, all deleted when REMOVED)' })
  titleRedline: LocalizedRedlineModel;
  @Field(() => LocalizedRedlineModel, { description: 'Word-level redline of the text' }) textRedline: LocalizedRedlineModel;
  @Field(() => [AlternativeDiffModel], { description: 'Alternatives added, removed or changed (unchanged ones are left out)' })
  alternatives: AlternativeDiffModel[];
}

@ObjectType('RenderedClause', { description: 'A clause as printed: numbered, variables filled in' })
export class RenderedClauseModel {
  @Field({ description: '"1", "2"...: only included clauses are numbered' }) number: string;
  @Field({ description: 'The clause\'s id in the template' }) id: string;
  @Field(() => LicenceClauseMode, { description: 'The clause\'s mode in the template' }) mode: LicenceClauseMode;
  @Field({ description: 'Title, variables filled in' }) title: string;
  @Field({ description: 'Paragraphs separated by a blank line; list items start with "- "' }) body: string;
  @Field({ description: 'The text differs from the template\'s default (an alternative or an edit)' }) deviates: boolean;
  @Field(() => String, { nullable: true, description: 'The alternative chosen by an override' }) alternativeId: string | null;
  @Field({ description: 'An override supplied free text for this clause' }) edited: boolean;
}

@ObjectType('RenderedDocument', { description: 'A licence rendered in one language with given variable values' })
export class RenderedDocumentModel {
  @Field({ description: 'Key of the template rendered' }) templateKey: string;
  @Field({ description: 'Version of the template rendered' }) templateVersion: string;
  @Field({ description: 'SHA-256 of the template version' }) templateHash: string;
  @Field({ description: 'SHA-256 of the canonical JSON of the variable values (defaults included)' }) variablesHash: string;
  @Field(() => LicenceLocale, { description: 'Language of the rendering' }) locale: LicenceLocale;
  @Field({ description: 'Title of the licence' }) title: string;
  @Field(() => [RenderedClauseModel], { description: 'The included clauses, numbered, in order' }) clauses: RenderedClauseModel[];
}

@ObjectType('OfferingLicence', { description: 'A licence an offering accepts' })
export class OfferingLicenceModel {
  @Field(() => LicenceTemplateVersionModel, { description: 'The published template version the agreement will be based on' })
  templateVersion: LicenceTemplateVersionModel;
  @Field(() => ID, { nullable: true, description: 'The tariff version that applies under this licence (once tariffs exist)' })
  tariffVersionId: string | null;
}

export const LicenceTemplateConnection = ConnectionType(LicenceTemplateModel, 'LicenceTemplate');
