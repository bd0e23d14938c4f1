import { OfferingVersionEntity } from './offering.entities';
import { OfferingView } from './offering.service';
import { OfferingModel, OfferingVersionModel } from './offering.models';
import { THEMES } from './vocabulary';

export function toVersionModel(v: OfferingVersionEntity): OfferingVersionModel {
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
    contributors: c.contributors ?? [],
    createdAt: v.createdAt,
    publishedAt: v.publishedAt,
  };
}

/** The fields `producer` and `versions` are resolved lazily (DataLoader). */
export function toOfferingModel(view: OfferingView): Omit<OfferingModel, 'producer' | 'versions'> {
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
