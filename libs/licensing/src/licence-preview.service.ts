import { Injectable } from '@nestjs/common';
import { Actor } from '@app/core';
import { OfferingService } from '@app/catalog';
import { IdentityService, OrganizationEntity } from '@app/identity';
import {
  exampleValues, renderDocumentPdf, renderTemplate, type DatasetValue, type Locale, type PartyValue, type RenderedDocument,
} from './engine';
import { renderInputError } from './licensing.errors';
import { LicenceTemplateService } from './licence-template.service';

const WATERMARK: Record<Locale, string> = { fr: 'APERÇU', en: 'PREVIEW' };
const SUBTITLE: Record<Locale, string> = {
  fr: 'Aperçu : valeurs d\'exemple, sauf les parties et le jeu de données connus',
  en: 'Preview: example values, except the known parties and dataset',
};

export function partyOf(o: OrganizationEntity): PartyValue {
  return {
    name: o.name, kind: o.kind, siret: o.siret, siren: o.siren, vatNumber: o.vatNumber,
    address: `${o.addressLine}, ${o.postalCode} ${o.city}`, country: o.country, representative: null,
  };
}

/**
 * A preview of a licence as the caller would sign it: example values, with the caller's
 * organisation as the buyer and, for an offering, its producer and dataset. The standard
 * templates name these variables `buyer`, `producer` and `dataset`.
 */
@Injectable()
export class LicencePreviewService {
  constructor(
    private readonly templates: LicenceTemplateService,
    private readonly offerings: OfferingService,
    private readonly identity: IdentityService,
  ) {}

  async pdf(actor: Actor, versionId: string, locale: Locale, offeringId?: string): Promise<{ pdf: Buffer; rendered: RenderedDocument }> {
    const { version } = await this.templates.getVersion(actor, versionId);
    const def = version.definition;
    const values = exampleValues(def);
    const known: Record<string, unknown> = { buyer: partyOf(await this.identity.organization(actor.organizationId)) };
    if (offeringId) {
      const view = await this.offerings.get(actor, offeringId);
      const producer = partyOf(await this.identity.organization(view.offering.producerId));
      const dataset: DatasetValue = {
        id: view.offering.id, title: view.version.content.title[locale] ?? view.version.content.title.fr, version: view.version.versionNo, producer: producer.name,
      };
      Object.assign(known, { producer, dataset });
    }
    for (const v of def.variables) {
      const expected = v.name === 'dataset' ? 'dataset' : 'party';
      if (known[v.name] !== undefined && v.type === expected) values[v.name] = known[v.name];
    }
    let rendered: RenderedDocument;
    try {
      rendered = renderTemplate(def, values, locale);
    } catch (e) {
      throw renderInputError(e);
    }
    const parties = ['producer', 'buyer'].map((name) => values[name]).filter((p): p is PartyValue => typeof p === 'object' && p !== null);
    const pdf = await renderDocumentPdf(rendered, { subtitle: SUBTITLE[locale], parties, watermark: WATERMARK[locale] });
    return { pdf, rendered };
  }
}
