export * from './signing';
export * from './agreement';
export * from './negotiation';
export * from './contracting.module';
export * from './contracting.events';
export * from './access-request.service';
export * from './agreement.service';
export { AgreementModel } from './agreement.models';
