export * from './catalog.module';
export * from './catalog.errors';
export * from './offering.service';
export * from './offering-producers';
export * from './contribution.service';
export * from './billing-mandate';
// Entities are types to others: they read the catalog's tables through its services.
export { ContributionStatus, OfferingStatus, OfferingVersionStatus } from './offering.entities';
export type { OfferingContributorEntity, OfferingEntity, OfferingVersionEntity } from './offering.entities';
export * from './offering.models';
export * from './offering.content';
export * from './offering.mappers';
export * from './vocabulary';
export * from './healthdcat';
