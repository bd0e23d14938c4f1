import type { ContributionView } from './contribution.service';
import { OfferingContributorEntity, OfferingVersionEntity } from './offering.entities';
import { OfferingView } from './offering.service';
import { ContributionRequestModel, ContributorModel, OfferingModel, OfferingVersionModel } from './offering.models';
import { THEMES } from './vocabulary';

/** The fields `contributors` (and, for offerings, `producer` and `versions`) are resolved lazily (DataLoader). */
export function toVersionModel(v: OfferingVersionEntity): Omit<OfferingVersionModel, 'contributors'> {
  const c = v.content;
  return {
    id: v.id,
    version: v.versionNo,
    status: v.status,
    title: c.title,
    description: c.description,
    keywords: c.keywords ?? [],
    themes: c.themes.map((code) => ({ code, labelFr: THEMES[code]?.fr ?? code, labelEn: THEMES[code]?.en ?? code })),
    populationCoverage: c.populationCoverage,
    numberOfRecords: c.numberOfRecords ?? null,
    numberOfUniqueIndividuals: c.numberOfUniqueIndividuals ?? null,
    minTypicalAge: c.minTypicalAge ?? null,
    maxTypicalAge: c.maxTypicalAge ?? null,
    temporalCoverage: { start: c.temporalCoverage.start, end: c.temporalCoverage.end ?? null },
    regions: c.regions,
    codingSystems: c.codingSystems ?? [],
    dataModel: c.dataModel,
    legalBases: c.legalBases,
    personalDataCategories: c.personalDataCategories,
    accessModality: c.accessModality,
    accessRights: c.accessRights,
    updateFrequency: c.updateFrequency ?? null,
    hdsHosting: { certified: c.hdsHosting.certified, hostName: c.hdsHosting.hostName ?? null },
    contactPoint: { name: c.contactPoint.name, email: c.contactPoint.email, phone: c.contactPoint.phone ?? null },
    sampleUrl: c.sampleUrl ?? null,
    dataDictionaryUrl: c.dataDictionaryUrl ?? null,
    provenance: c.provenance ?? null,
    createdAt: v.createdAt,
    publishedAt: v.publishedAt,
  };
}

export function toOfferingModel(view: OfferingView): Omit<OfferingModel, 'producer' | 'versions' | 'contributors'> {
  const { offering, version, isOwner } = view;
  return {
    ...toVersionModel(version),
    id: offering.id,
    versionId: version.id,
    offeringStatus: offering.status,
    producerId: offering.producerId,
    hasUnpublishedChanges: isOwner && offering.latestVersionId !== offering.publishedVersionId && offering.status !== 'RETIRED',
    updatedAt: offering.updatedAt,
  };
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
