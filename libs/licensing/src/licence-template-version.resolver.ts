import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-type-json';
import { Actor, CurrentActor, Public, UuidPipe } from '@app/core';
import { IdentityLoaders, UserModel, toUserModel } from '@app/identity';
import type { ClauseOverride, VariableValues } from './engine';
import { LicenceClauseOverrideInput } from './dto/licence-template.inputs';
import { toClauseDiffModel, toRenderedDocumentModel, toTemplateModel, toVersionModel } from './licence-template.mappers';
import {
  ClauseDiffModel, LicenceLocale, LicenceTemplateModel, LicenceTemplateVersionModel, RenderedDocumentModel,
} from './licence-template.models';
import { LicenceTemplateService } from './licence-template.service';
import { LicensingContext, LicensingLoaders } from './licensing.loaders';

@Resolver(() => LicenceTemplateVersionModel)
export class LicenceTemplateVersionResolver {
  constructor(
    private readonly templates: LicenceTemplateService,
    private readonly loaders: LicensingLoaders,
    private readonly identity: IdentityLoaders,
  ) {}

  @Public()
  @Query(() => LicenceTemplateVersionModel, { description: 'One licence template version: a standard one, your organisation\'s, or one an offering you can see accepts' })
  async licenceTemplateVersion(@CurrentActor() actor: Actor | null, @Args('id', { type: () => ID, description: 'A version id' }, UuidPipe) id: string) {
    return toVersionModel(await this.templates.getVersion(actor, id));
  }

  @Public()
  @Query(() => [ClauseDiffModel], { description: 'Clauses added, removed or changed from one version to another, with a word-level redline in each language' })
  async licenceTemplateDiff(
    @CurrentActor() actor: Actor | null,
    @Args('fromVersionId', { type: () => ID, description: 'The older version, e.g. the standard one' }, UuidPipe) fromVersionId: string,
    @Args('toVersionId', { type: () => ID, description: 'The newer version, e.g. your fork' }, UuidPipe) toVersionId: string,
  ) {
    return (await this.templates.diff(actor, fromVersionId, toVersionId)).map(toClauseDiffModel);
  }

  @Public()
  @Query(() => RenderedDocumentModel, {
    description: 'Renders a version with variable values: every invalid value is reported at once (BAD_USER_INPUT), conditional clauses resolved, clauses numbered',
  })
  async renderLicence(
    @CurrentActor() actor: Actor | null,
    @Args('versionId', { type: () => ID, description: 'The version to render' }, UuidPipe) versionId: string,
    @Args('variables', { type: () => GraphQLJSONObject, nullable: true, description: 'Values by variable name, e.g. {"durationMonths": 24}; defaults fill the rest' })
    variables: VariableValues | null,
    @Args('locale', { type: () => LicenceLocale, defaultValue: LicenceLocale.FR, description: 'Language of the rendering' }) locale: LicenceLocale,
    @Args('overrides', { type: () => [LicenceClauseOverrideInput], nullable: true, description: 'Negotiated changes of negotiable clauses' })
    overrides?: LicenceClauseOverrideInput[] | null,
  ) {
    const clauseOverrides: ClauseOverride[] = (overrides ?? []).map((o) => ({
      clauseId: o.clauseId,
      ...(o.alternativeId ? { alternativeId: o.alternativeId } : {}),
      ...(o.text ? { text: Object.fromEntries(Object.entries(o.text).filter(([, t]) => t !== undefined && t !== null)) } : {}),
    }));
    return toRenderedDocumentModel(await this.templates.render(actor, versionId, variables ?? {}, locale, clauseOverrides));
  }

  @ResolveField(() => LicenceTemplateModel, { description: 'The template this version belongs to' })
  async template(@Parent() v: LicenceTemplateVersionModel, @Context() ctx: LicensingContext) {
    return toTemplateModel(await this.loaders.template(ctx, v.templateId));
  }

  @ResolveField(() => LicenceTemplateVersionModel, { nullable: true, description: 'For an organisation\'s template: the standard version it was forked from' })
  async basedOn(@Parent() v: LicenceTemplateVersionModel, @Context() ctx: LicensingContext) {
    return v.basedOnVersionId ? toVersionModel(await this.loaders.version(ctx, v.basedOnVersionId)) : null;
  }

  @ResolveField(() => UserModel, { nullable: true, description: 'Who submitted it for review (shown to its organisation only)' })
  submittedBy(@Parent() v: LicenceTemplateVersionModel, @Context() ctx: LicensingContext) {
    return this.member(ctx, v, v.submittedById);
  }

  @ResolveField(() => UserModel, { nullable: true, description: 'Who approved and published it (shown to its organisation only)' })
  publishedBy(@Parent() v: LicenceTemplateVersionModel, @Context() ctx: LicensingContext) {
    return this.member(ctx, v, v.publishedById);
  }

  private async member(ctx: LicensingContext, v: LicenceTemplateVersionModel, userId: string | null): Promise<UserModel | null> {
    if (!userId || !v.organizationId || ctx.req.actor?.organizationId !== v.organizationId) return null;
    return toUserModel(await this.identity.user(ctx, userId));
  }
}
