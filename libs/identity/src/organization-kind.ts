import { registerEnumType } from '@nestjs/graphql';

export enum OrganizationKind {
  HOSPITAL = 'HOSPITAL',
  DATA_WAREHOUSE = 'DATA_WAREHOUSE',
  REGISTRY = 'REGISTRY',
  COHORT = 'COHORT',
  NETWORK = 'NETWORK',
  PHARMA = 'PHARMA',
  STARTUP = 'STARTUP',
  SME = 'SME',
  ACADEMIC = 'ACADEMIC',
  PUBLIC_BODY = 'PUBLIC_BODY',
  PLATFORM = 'PLATFORM',
}

export const PRODUCER_KINDS = new Set<string>(['HOSPITAL', 'DATA_WAREHOUSE', 'REGISTRY', 'COHORT', 'NETWORK']);
export const BUYER_KINDS = new Set<string>(['PHARMA', 'STARTUP', 'SME', 'ACADEMIC', 'PUBLIC_BODY']);

export const isProducerKind = (kind: string) => PRODUCER_KINDS.has(kind);
export const isBuyerKind = (kind: string) => BUYER_KINDS.has(kind);

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: 'Producers: HOSPITAL, DATA_WAREHOUSE, REGISTRY, COHORT, NETWORK. Buyers: PHARMA, STARTUP, SME, ACADEMIC, PUBLIC_BODY. PLATFORM: the operator.',
});
