import { registerEnumType } from '@nestjs/graphql';
import { ACCESS_REQUEST_STATES, TRANSITION_NAMES } from './negotiation';

/** The states of an access request (negotiation/access-request-machine.ts), as a GraphQL enum. */
export const AccessRequestStateEnum = Object.fromEntries(ACCESS_REQUEST_STATES.map((s) => [s, s])) as { [K in (typeof ACCESS_REQUEST_STATES)[number]]: K };
registerEnumType(AccessRequestStateEnum, {
  name: 'AccessRequestState',
  description: 'DRAFT -> SUBMITTED -> UNDER_REVIEW (<-> INFORMATION_REQUESTED) -> QUOTED <-> COUNTER_PROPOSED -> ACCEPTED -> AGREEMENT_ISSUED -> SIGNED -> ACTIVE -> EXPIRED or TERMINATED; REJECTED and WITHDRAWN end a negotiation',
});

export const AccessRequestTransitionEnum = Object.fromEntries(TRANSITION_NAMES.map((s) => [s, s])) as { [K in (typeof TRANSITION_NAMES)[number]]: K };
registerEnumType(AccessRequestTransitionEnum, {
  name: 'AccessRequestTransition',
  description: 'A move of the negotiation; which ones the caller may make now is in AccessRequest.allowedTransitions',
});

export enum CnilFormality {
  MR_003 = 'MR_003',
  MR_004 = 'MR_004',
  AUTHORISATION = 'AUTHORISATION',
}
registerEnumType(CnilFormality, {
  name: 'CnilFormality',
  description: 'MR_003 / MR_004: declaration of conformity to a CNIL reference methodology; AUTHORISATION: a CNIL authorisation (give its number)',
});

export enum PartySide {
  BUYER = 'BUYER',
  PRODUCER = 'PRODUCER',
  PLATFORM = 'PLATFORM',
}
registerEnumType(PartySide, { name: 'PartySide', description: 'The buyer, the producer, or the platform\'s own processes' });

export enum AccessRequestRole {
  AS_BUYER = 'AS_BUYER',
  AS_PRODUCER = 'AS_PRODUCER',
}
registerEnumType(AccessRequestRole, { name: 'AccessRequestRole', description: 'Requests your organisation made (AS_BUYER) or received (AS_PRODUCER)' });

export enum AgreementStatusEnum {
  ISSUED = 'ISSUED',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(AgreementStatusEnum, {
  name: 'AgreementStatus',
  description: 'ISSUED: awaiting signatures; SIGNED: sealed, before its start date; ACTIVE; EXPIRED at its end date; TERMINATED early',
});

export enum DeviationKindEnum {
  ALTERNATIVE = 'ALTERNATIVE',
  EDITED_TEXT = 'EDITED_TEXT',
}
registerEnumType(DeviationKindEnum, { name: 'DeviationKind', description: 'ALTERNATIVE: a listed alternative text was chosen; EDITED_TEXT: the text was edited' });
