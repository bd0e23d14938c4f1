export * from './engine';
export * from './licensing.module';
export * from './licence-template.entities';
export * from './licence-template.models';
export * from './licence-template.service';
export * from './offering-licence.service';
export * from './standard-templates.sync';
