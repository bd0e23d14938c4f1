import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Actor, LoaderContext, perRequest } from '@app/core';
import { byId } from '@app/identity';
import { LicenceTemplateEntity, LicenceVersionView } from './licence-template.entities';
import { LicenceTemplateService } from './licence-template.service';
import { OfferingLicenceRow, OfferingLicenceService } from './offering-licence.service';

export type LicensingContext = LoaderContext & { req: { actor?: Actor | null } };

/** Batches the nested fields of licences into one query per field and request. */
@Injectable()
export class LicensingLoaders {
  constructor(private readonly templates: LicenceTemplateService, private readonly offeringLicences: OfferingLicenceService) {}

  template(ctx: LicensingContext, id: string): Promise<LicenceTemplateEntity> {
    return perRequest<string, LicenceTemplateEntity>(ctx, 'licenceTemplate', () =>
      new DataLoader(async (ids) => byId(ids, await this.templates.templatesByIds(ids))),
    ).load(id);
  }

  /** A version already referenced by something the caller sees (a fork's standard version). */
  version(ctx: LicensingContext, id: string): Promise<LicenceVersionView> {
    return perRequest<string, LicenceVersionView>(ctx, 'licenceVersion', () =>
      new DataLoader(async (ids) => {
        const views = new Map((await this.templates.versionsByIds(ids)).map((v) => [v.version.id, v]));
        return ids.map((id) => views.get(id) ?? new Error(`missing licence template version ${id}`));
      }),
    ).load(id);
  }

  /** The versions of a template the caller may see, newest first. */
  versionsOf(ctx: LicensingContext, templateId: string): Promise<LicenceVersionView[]> {
    const organizationId = ctx.req.actor?.organizationId ?? null;
    return perRequest<string, LicenceVersionView[]>(ctx, 'licenceVersionsOf', () =>
      new DataLoader((ids) => this.templates.visibleVersionsOf(ids, organizationId)),
    ).load(templateId);
  }

  licencesOfOffering(ctx: LicensingContext, offeringId: string): Promise<OfferingLicenceRow[]> {
    return perRequest<string, OfferingLicenceRow[]>(ctx, 'offeringLicences', () =>
      new DataLoader((ids) => this.offeringLicences.licencesOf(ids)),
    ).load(offeringId);
  }
}
