export * from './engine';
export * from './licensing.module';
// Entities are types to others: they read licensing's tables through its services.
export { LicenceVersionStatus } from './licence-template.entities';
export type { LicenceTemplateEntity, LicenceTemplateVersionEntity, LicenceVersionView, OfferingLicenceEntity } from './licence-template.entities';
export * from './licence-template.models';
export * from './licence-template.service';
export * from './offering-licence.service';
export * from './standard-templates.sync';
export { LicenceTextPatchInput } from './dto/licence-template.inputs';
export { toVersionModel } from './licence-template.mappers';
export { partyOf } from './licence-preview.service';
