import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor, Public, decodeCursor, toConnection } from '@app/core';
import { IdentityLoaders, OrganizationModel, toOrganizationModel } from '@app/identity';
import { LicenceTemplatesArgs } from './dto/licence-template.inputs';
import { toTemplateModel, toVersionModel } from './licence-template.mappers';
import { LicenceTemplateConnection, LicenceTemplateModel, LicenceTemplateVersionModel } from './licence-template.models';
import { LicenceTemplateService } from './licence-template.service';
import { LicensingContext, LicensingLoaders } from './licensing.loaders';

@Resolver(() => LicenceTemplateModel)
export class LicenceTemplateResolver {
  constructor(
    private readonly templates: LicenceTemplateService,
    private readonly loaders: LicensingLoaders,
    private readonly identity: IdentityLoaders,
  ) {}

  @Public()
  @Query(() => LicenceTemplateConnection, {
    description: 'Licence templates: the standard ones (to everyone), then your organisation\'s own (signed in), by key',
  })
  async licenceTemplates(@CurrentActor() actor: Actor | null, @Args() args: LicenceTemplatesArgs) {
    const offset = decodeCursor(args.after);
    const { templates, total } = await this.templates.list(actor, args.filter ?? {}, offset, args.first ?? 20);
    return toConnection(templates.map(toTemplateModel), total, offset);
  }

  @ResolveField(() => OrganizationModel, { nullable: true, description: 'The owning organisation; null for a standard template' })
  async organization(@Parent() t: LicenceTemplateModel, @Context() ctx: LicensingContext): Promise<OrganizationModel | null> {
    return t.organizationId ? toOrganizationModel(await this.identity.organization(ctx, t.organizationId)) : null;
  }

  @ResolveField(() => [LicenceTemplateVersionModel], { complexity: 10, description: 'Versions visible to you, newest first' })
  async versions(@Parent() t: LicenceTemplateModel, @Context() ctx: LicensingContext): Promise<LicenceTemplateVersionModel[]> {
    return (await this.loaders.versionsOf(ctx, t.id)).map(toVersionModel);
  }

  @ResolveField(() => LicenceTemplateVersionModel, { nullable: true, description: 'The newest version visible to you' })
  async latestVersion(@Parent() t: LicenceTemplateModel, @Context() ctx: LicensingContext): Promise<LicenceTemplateVersionModel | null> {
    const [latest] = await this.loaders.versionsOf(ctx, t.id);
    return latest ? toVersionModel(latest) : null;
  }
}
