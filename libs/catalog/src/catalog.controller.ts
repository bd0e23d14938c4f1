import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { APP_CONFIG, AppConfig, BadInputError, Public } from '@app/core';
import { IdentityService } from '@app/identity';
import { catalogDocument, datasetDocument, DatasetSource } from './healthdcat';
import { OfferingService, OfferingView } from './offering.service';

const PAGE_SIZE = 500;

/** HealthDCAT-AP JSON-LD export of the public catalog, for national and EU harvesters. */
@Controller()
export class CatalogController {
  constructor(
    private readonly offerings: OfferingService,
    private readonly identity: IdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('catalog.jsonld')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  async catalog(@Query('page') pageParam?: string) {
    const page = pageParam === undefined ? 1 : Number(pageParam);
    if (!Number.isInteger(page) || page < 1) throw BadInputError.field('page', 'must be a positive integer');
    const offset = (page - 1) * PAGE_SIZE;
    const { views, hasNext } = await this.offerings.search(null, { first: PAGE_SIZE }, offset);
    const base = this.config.publicBaseUrl;
    const next = hasNext ? `${base}/catalog.jsonld?page=${page + 1}` : undefined;
    return catalogDocument(base, await this.sources(views), { next });
  }

  @Public()
  @Get('offerings/:id.jsonld')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  async dataset(@Param('id', new ParseUUIDPipe()) id: string) {
    const view = await this.offerings.get(null, id);
    const [source] = await this.sources([view]);
    return datasetDocument(this.config.publicBaseUrl, source);
  }

  private async sources(views: OfferingView[]): Promise<DatasetSource[]> {
    const ids = [...new Set(views.map((v) => v.offering.producerId))];
    const producers = ids.length ? await this.identity.organizationsByIds(ids) : [];
    const byId = new Map(producers.map((p) => [p.id, p]));
    return views.map((v) => ({
      id: v.offering.id,
      version: v.version.versionNo,
      publishedAt: v.version.publishedAt,
      updatedAt: v.offering.updatedAt,
      content: v.version.content,
      producer: { id: v.offering.producerId, name: byId.get(v.offering.producerId)?.name ?? '' },
    }));
  }
}
