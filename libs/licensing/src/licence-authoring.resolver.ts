import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { Actor, CurrentActor, UuidPipe } from '@app/core';
import type { ClauseAlternative, ClauseMode, LocalizedText } from './engine';
import {
  AddLicenceClauseInput, EditLicenceClauseInput, LicenceClauseAlternativeInput, LicenceTextInput, LicenceTextPatchInput,
} from './dto/licence-template.inputs';
import { LicenceAuthoringService } from './licence-authoring.service';
import { toVersionModel } from './licence-template.mappers';
import { LicenceTemplateVersionModel } from './licence-template.models';

const VersionId = () => Args('versionId', { type: () => ID, description: 'A version of one of your organisation\'s templates' }, UuidPipe);
const EDIT = 'LEGAL role. A DRAFT is changed in place; a PUBLISHED version is not: the change goes to a new draft (next minor version), which is returned.';

function text(t: LicenceTextInput | LicenceTextPatchInput): LocalizedText {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined && v !== null)) as LocalizedText;
}
const alternatives = (list?: LicenceClauseAlternativeInput[] | null): ClauseAlternative[] | undefined =>
  list?.map((a) => ({ id: a.id, label: text(a.label), text: text(a.text) }));

/** A legal team's work on its organisation's licence templates. */
@Resolver(() => LicenceTemplateVersionModel)
export class LicenceAuthoringResolver {
  constructor(private readonly authoring: LicenceAuthoringService) {}

  @Mutation(() => LicenceTemplateVersionModel, { description: 'LEGAL role. Copies a published standard version into a new template of your organisation, as version 1.0.0 DRAFT' })
  async forkLicenceTemplate(
    @CurrentActor() actor: Actor,
    @Args('standardVersionId', { type: () => ID, description: 'A published version of a standard template' }, UuidPipe) standardVersionId: string,
    @Args('key', { description: 'kebab-case key of the new template, unique in your organisation' }) key: string,
  ) {
    return toVersionModel(await this.authoring.fork(actor, standardVersionId, key));
  }

  @Mutation(() => LicenceTemplateVersionModel, { description: `Changes a clause's title, text or alternatives. ${EDIT}` })
  async editLicenceClause(
    @CurrentActor() actor: Actor,
    @VersionId() versionId: string,
    @Args('clauseId', { description: 'The clause to change' }) clauseId: string,
    @Args('input', { description: 'What changes' }) input: EditLicenceClauseInput,
  ) {
    const patch = {
      title: input.title ? text(input.title) : undefined, text: input.text ? text(input.text) : undefined,
      alternatives: alternatives(input.alternatives), editable: input.editable ?? undefined,
    };
    return toVersionModel(await this.authoring.editClause(actor, versionId, clauseId, patch));
  }

  @Mutation(() => LicenceTemplateVersionModel, { description: `Adds a clause of your own. ${EDIT}` })
  async addLicenceClause(@CurrentActor() actor: Actor, @VersionId() versionId: string, @Args('input', { description: 'The new clause and where it goes' }) input: AddLicenceClauseInput) {
    const clause = {
      id: input.id, mode: input.mode as ClauseMode, title: text(input.title), text: text(input.text),
      alternatives: alternatives(input.alternatives), editable: input.editable, when: input.when, after: input.after,
    };
    return toVersionModel(await this.authoring.addClause(actor, versionId, clause));
  }

  @Mutation(() => LicenceTemplateVersionModel, { description: `Removes a clause you added (the standard template's clauses stay). ${EDIT}` })
  async removeLicenceClause(@CurrentActor() actor: Actor, @VersionId() versionId: string, @Args('clauseId', { description: 'A clause your organisation added' }) clauseId: string) {
    return toVersionModel(await this.authoring.removeClause(actor, versionId, clauseId));
  }

  @Mutation(() => LicenceTemplateVersionModel, { description: `Sets (or, with null, removes) a variable's default value. ${EDIT}` })
  async setLicenceVariableDefault(
    @CurrentActor() actor: Actor,
    @VersionId() versionId: string,
    @Args('name', { description: 'The variable\'s name' }) name: string,
    @Args('value', { type: () => GraphQLJSON, nullable: true, description: 'JSON shaped like a renderLicence value, e.g. 36 or "EPIDEMIOLOGY"' }) value: unknown,
  ) {
    return toVersionModel(await this.authoring.setVariableDefault(actor, versionId, name, value));
  }

  @Mutation(() => LicenceTemplateVersionModel, { description: 'LEGAL role. DRAFT -> IN_REVIEW: the text is frozen and its hash fixed' })
  async submitLicenceForReview(@CurrentActor() actor: Actor, @VersionId() versionId: string) {
    return toVersionModel(await this.authoring.submitForReview(actor, versionId));
  }

  @Mutation(() => LicenceTemplateVersionModel, {
    description: 'LEGAL role. IN_REVIEW -> PUBLISHED (immutable); when your organisation has two or more LEGAL members, one other than the submitter publishes',
  })
  async publishLicenceVersion(@CurrentActor() actor: Actor, @VersionId() versionId: string) {
    return toVersionModel(await this.authoring.publish(actor, versionId));
  }

  @Mutation(() => LicenceTemplateVersionModel, { description: 'LEGAL role. PUBLISHED -> DEPRECATED: no longer to be offered; agreements under it stand' })
  async deprecateLicenceVersion(@CurrentActor() actor: Actor, @VersionId() versionId: string) {
    return toVersionModel(await this.authoring.deprecate(actor, versionId));
  }
}
