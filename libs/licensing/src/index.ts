export * from './engine';
export * from './licensing.module';
// Entities are types to others: they read licensing's tables through its services.
export { LicenceVersionStatus } from './licence-template.entities';
export type { LicenceTemplateEntity, LicenceTemplateVersionEntity, LicenceVersionView, OfferingLicenceEntity } from './licence-template.entities';
export * from './licence-template.models';
export * from './licence-template.service';
export * from './offering-licence.service';
export * from './standard-templates.sync';
