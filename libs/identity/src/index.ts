export * from './identity.module';
export * from './identity.service';
export * from './identity.entities';
export * from './identity.models';
export * from './identity.mappers';
export * from './organization-kind';
export * from './organization.loader';
export * from './roles.policy';
