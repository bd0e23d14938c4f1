import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@app/core';
import { OrganizationModel } from '@app/identity';
import { ContributionStatus, OfferingStatus, OfferingVersionStatus } from './offering.entities';
import {
  AccessModality, AccessRights, CodingSystem, DataModel, LegalBasis, PersonalDataCategory, Region, Theme, UpdateFrequency,
} from './vocabulary';

registerEnumType(OfferingStatus, { name: 'OfferingStatus', description: 'DRAFT until first published; RETIRED offerings leave the catalog' });
registerEnumType(OfferingVersionStatus, { name: 'OfferingVersionStatus' });
registerEnumType(ContributionStatus, {
  name: 'ContributionStatus',
  description: 'A contributor\'s answer to its weight and the billing mandate: PENDING until its ADMIN or FINANCE member accepts or declines',
});

@ObjectType('LocalizedText')
export class LocalizedTextModel {
  @Field() fr: string;
  @Field() en: string;
}

@ObjectType('ThemeInfo', { description: 'A health theme with its labels' })
export class ThemeInfoModel {
  @Field(() => Theme) code: string;
  @Field() labelFr: string;
  @Field() labelEn: string;
}

@ObjectType('TemporalCoverage')
export class TemporalCoverageModel {
  @Field() start: string;
  @Field(() => String, { nullable: true }) end: string | null;
}

@ObjectType('ContactPoint')
export class ContactPointModel {
  @Field() name: string;
  @Field() email: string;
  @Field(() => String, { nullable: true }) phone: string | null;
}

@ObjectType('HdsHosting')
export class HdsHostingModel {
  @Field() certified: boolean;
  @Field(() => String, { nullable: true }) hostName: string | null;
}

@ObjectType('Contributor', {
  description: 'A producer sharing in the revenue of an offering version (a single producer is its only contributor, weight 1), with its consent',
})
export class ContributorModel {
  @Field(() => ID) organizationId: string;
  @Field(() => OrganizationModel) organization: OrganizationModel;
  @Field(() => Int, { description: 'Relative weight in the revenue share' }) weight: number;
  @Field(() => Int, { description: '1-based order in the version\'s list, the tie-break of the split' }) position: number;
  @Field(() => ContributionStatus) status: ContributionStatus;
  @Field(() => Date, { nullable: true, description: 'When the contributor accepted or declined' }) decidedAt: Date | null;
}

@ObjectType('BillingMandate', { description: 'The mandate a contributor gives the platform to invoice in its name and on its behalf (art. 289, I-2 CGI)' })
export class BillingMandateModel {
  @Field() version: string;
  @Field(() => LocalizedTextModel, { description: 'French (authoritative) and English, with the names and weights filled in' }) text: LocalizedTextModel;
  @Field({ description: 'SHA-256 (hex) of the French text: pass it to acceptContribution' }) sha256: string;
}

@ObjectType('ContributionRequest', { description: 'A producer named as a contributor of another organisation\'s offering version, as that producer sees it' })
export class ContributionRequestModel {
  @Field(() => ID) offeringId: string;
  @Field(() => ID) offeringVersionId: string;
  @Field(() => Int) offeringVersion: number;
  @Field(() => OfferingVersionStatus) offeringVersionStatus: OfferingVersionStatus;
  @Field(() => LocalizedTextModel) offeringTitle: LocalizedTextModel;
  @Field(() => OrganizationModel, { description: 'The organisation that publishes the offering (the network)' }) network: OrganizationModel;
  networkId: string;
  @Field(() => Int, { description: 'Your weight' }) weight: number;
  @Field(() => Int, { description: 'Sum of every contributor\'s weight: your share is weight / totalWeight' }) totalWeight: number;
  @Field(() => Int) position: number;
  @Field(() => ContributionStatus) status: ContributionStatus;
  @Field() requestedAt: Date;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) declineReason: string | null;
  @Field(() => BillingMandateModel) mandate: BillingMandateModel;
}

@ObjectType('ContributionRequestConnection')
export class ContributionRequestConnection extends ConnectionType(ContributionRequestModel, 'ContributionRequest') {}

@ObjectType('OfferingVersion', { description: 'One version of an offering\'s description; immutable once published' })
export class OfferingVersionModel {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => OfferingVersionStatus) status: OfferingVersionStatus;
  @Field(() => LocalizedTextModel) title: LocalizedTextModel;
  @Field(() => LocalizedTextModel) description: LocalizedTextModel;
  @Field(() => [String]) keywords: string[];
  @Field(() => [ThemeInfoModel]) themes: ThemeInfoModel[];
  @Field(() => LocalizedTextModel) populationCoverage: LocalizedTextModel;
  @Field(() => Float, { nullable: true }) numberOfRecords: number | null;
  @Field(() => Float, { nullable: true }) numberOfUniqueIndividuals: number | null;
  @Field(() => Int, { nullable: true }) minTypicalAge: number | null;
  @Field(() => Int, { nullable: true }) maxTypicalAge: number | null;
  @Field(() => TemporalCoverageModel) temporalCoverage: TemporalCoverageModel;
  @Field(() => [Region]) regions: string[];
  @Field(() => [CodingSystem]) codingSystems: string[];
  @Field(() => DataModel) dataModel: string;
  @Field(() => [LegalBasis]) legalBases: string[];
  @Field(() => [PersonalDataCategory]) personalDataCategories: string[];
  @Field(() => AccessModality) accessModality: string;
  @Field(() => AccessRights) accessRights: string;
  @Field(() => UpdateFrequency, { nullable: true }) updateFrequency: string | null;
  @Field(() => HdsHostingModel) hdsHosting: HdsHostingModel;
  @Field(() => ContactPointModel) contactPoint: ContactPointModel;
  @Field(() => String, { nullable: true }) sampleUrl: string | null;
  @Field(() => String, { nullable: true }) dataDictionaryUrl: string | null;
  @Field(() => String, { nullable: true }) provenance: string | null;
  @Field(() => [ContributorModel], { description: 'Who shares in the revenue, with their consent; frozen once published' })
  contributors: ContributorModel[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
}

@ObjectType('Offering', { description: 'A dataset offering; its fields show the published version (or, for its producer, the latest draft)' })
export class OfferingModel extends OfferingVersionModel {
  @Field(() => ID, { description: 'The offering\'s id (stable across versions)' }) declare id: string;
  @Field(() => ID) versionId: string;
  @Field(() => OfferingStatus) offeringStatus: OfferingStatus;
  @Field(() => OrganizationModel) producer: OrganizationModel;
  producerId: string;
  @Field({ description: 'True when a draft newer than the published version exists (visible to the producer only)' })
  hasUnpublishedChanges: boolean;
  @Field(() => [OfferingVersionModel], { description: 'Version history, newest first (others see published versions only)' })
  versions: OfferingVersionModel[];
  @Field() updatedAt: Date;
}

@ObjectType('FacetCount')
export class FacetCountModel {
  @Field() value: string;
  @Field(() => Int) count: number;
}

@ObjectType('OfferingFacets', {
  description: 'Counts for the current search and filters; when totalCountIsLowerBound, they count the search window (the most recently published matches) and are lower bounds',
})
export class OfferingFacetsModel {
  @Field(() => [FacetCountModel]) themes: FacetCountModel[];
  @Field(() => [FacetCountModel]) producerKinds: FacetCountModel[];
  @Field(() => [FacetCountModel]) dataModels: FacetCountModel[];
  @Field(() => [FacetCountModel]) codingSystems: FacetCountModel[];
  @Field(() => [FacetCountModel]) regions: FacetCountModel[];
  @Field(() => [FacetCountModel]) accessModalities: FacetCountModel[];
}

@ObjectType('OfferingConnection')
export class OfferingConnection extends ConnectionType(OfferingModel, 'Offering', { abstract: true }) {
  @Field(() => OfferingFacetsModel, { complexity: 20 }) facets: OfferingFacetsModel;
  @Field({
    description: 'True when more offerings match than a search counts (the search window, 1,000 by default): totalCount is then a lower bound, '
      + 'relevance ranks the most recently published matches of the window and the others follow, newest first',
  })
  totalCountIsLowerBound: boolean;
}
