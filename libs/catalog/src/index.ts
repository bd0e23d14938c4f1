export * from './catalog.module';
export * from './offering.service';
export * from './offering.entities';
export * from './offering.models';
export * from './offering.content';
export * from './offering.mappers';
export * from './vocabulary';
export * from './healthdcat';
