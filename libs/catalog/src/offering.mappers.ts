import type { ContributionView } from './contribution.service';
import { OfferingContributorEntity, OfferingVersionEntity } from './offering.entities';
import type { OfferingView } from './offering.service';
import { ContributionRequestModel, ContributorModel, OfferingModel, OfferingVersionModel, ThemeInfoModel } from './offering.models';
import type { OrganizationModel } from '@app/identity';
import { THEMES } from './vocabulary';

type VersionFields = Omit<OfferingVersionModel, 'id' | 'contributors'>;

/**
 * A version's fields as GraphQL reads them: each computed from the stored content when a
 * query asks for it, so that a page of results builds only the fields it shows.
 */
class VersionNode implements VersionFields {
  constructor(protected readonly v: OfferingVersionEntity) {}

  get version() { return this.v.versionNo; }
  get status() { return this.v.status; }
  get title() { return this.v.content.title; }
  get description() { return this.v.content.description; }
  get keywords() { return this.v.content.keywords ?? []; }
  get themes(): ThemeInfoModel[] {
    return this.v.content.themes.map((code) => ({ code, labelFr: THEMES[code]?.fr ?? code, labelEn: THEMES[code]?.en ?? code }));
  }
  get populationCoverage() { return this.v.content.populationCoverage; }
  get numberOfRecords() { return this.v.content.numberOfRecords ?? null; }
  get numberOfUniqueIndividuals() { return this.v.content.numberOfUniqueIndividuals ?? null; }
  get minTypicalAge() { return this.v.content.minTypicalAge ?? null; }
  get maxTypicalAge() { return this.v.content.maxTypicalAge ?? null; }
  get temporalCoverage() { return { start: this.v.content.temporalCoverage.start, end: this.v.content.temporalCoverage.end ?? null }; }
  get regions() { return this.v.content.regions; }
  get codingSystems() { return this.v.content.codingSystems ?? []; }
  get dataModel() { return this.v.content.dataModel; }
  get legalBases() { return this.v.content.legalBases; }
  get personalDataCategories() { return this.v.content.personalDataCategories; }
  get accessModality() { return this.v.content.accessModality; }
  get accessRights() { return this.v.content.accessRights; }
  get updateFrequency() { return this.v.content.updateFrequency ?? null; }
  get hdsHosting() { return { certified: this.v.content.hdsHosting.certified, hostName: this.v.content.hdsHosting.hostName ?? null }; }
  get contactPoint() {
    const c = this.v.content.contactPoint;
    return { name: c.name, email: c.email, phone: c.phone ?? null };
  }
  get sampleUrl() { return this.v.content.sampleUrl ?? null; }
  get dataDictionaryUrl() { return this.v.content.dataDictionaryUrl ?? null; }
  get provenance() { return this.v.content.provenance ?? null; }
  get createdAt() { return this.v.createdAt; }
  get publishedAt() { return this.v.publishedAt; }
}

class OfferingVersionNode extends VersionNode implements Omit<OfferingVersionModel, 'contributors'> {
  get id() { return this.v.id; }
}

/** An offering's producer: the organisation itself once the request has it, otherwise a promise of it. */
export type ProducerOf = (producerId: string) => OrganizationModel | Promise<OrganizationModel>;

class OfferingNode extends VersionNode implements Omit<OfferingModel, 'producer' | 'versions' | 'contributors'> {
  constructor(private readonly view: OfferingView, private readonly producerOf: ProducerOf) {
    super(view.version);
  }

  /** Read by GraphQL's field resolver: no resolver call per row, and no promise when the page preloaded it. */
  get producer() { return this.producerOf(this.view.offering.producerId); }

  get id() { return this.view.offering.id; }
  get versionId() { return this.v.id; }
  get offeringStatus() { return this.view.offering.status; }
  get producerId() { return this.view.offering.producerId; }
  get hasUnpublishedChanges() {
    const { offering, isOwner } = this.view;
    return isOwner && offering.latestVersionId !== offering.publishedVersionId && offering.status !== 'RETIRED';
  }
  get updatedAt() { return this.view.offering.updatedAt; }
}

/** The fields `contributors` (and, for offerings, `versions`) are resolved lazily (DataLoader); `producer` by `producerOf`. */
export function toVersionModel(v: OfferingVersionEntity): Omit<OfferingVersionModel, 'contributors'> {
  return new OfferingVersionNode(v);
}

export function toOfferingModel(view: OfferingView, producerOf: ProducerOf): Omit<OfferingModel, 'producer' | 'versions' | 'contributors'> {
  return new OfferingNode(view, producerOf);
}

export function toContributorModel(c: OfferingContributorEntity): Omit<ContributorModel, 'organization'> {
  return { organizationId: c.organizationId, weight: c.weight, position: c.position, status: c.status, decidedAt: c.decidedAt };
}

export function toContributionRequestModel(v: ContributionView): Omit<ContributionRequestModel, 'network'> {
  const { contributor: c, version, offering, mandate } = v;
  return {
    offeringId: offering.id,
    offeringVersionId: version.id,
    offeringVersion: version.versionNo,
    offeringVersionStatus: version.status,
    offeringTitle: version.content.title,
    networkId: offering.producerId,
    weight: c.weight,
    totalWeight: v.totalWeight,
    position: c.position,
    status: c.status,
    requestedAt: c.requestedAt,
    decidedAt: c.decidedAt,
    declineReason: c.declineReason,
    mandate: { version: mandate.version, text: { fr: mandate.fr, en: mandate.en }, sha256: mandate.sha256 },
  };
}
