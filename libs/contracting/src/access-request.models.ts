import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@app/core';
import { LocalizedTextModel } from '@app/catalog';
import { LocalizedRedlineModel } from '@app/licensing';
import { PriceModel } from '@app/pricing';
import { AccessRequestStateEnum, AccessRequestTransitionEnum, CnilFormality, DeviationKindEnum, PartySide } from './contracting.enums';
import type { AccessRequestState, TransitionName } from './negotiation';

@ObjectType('AccessScope', { description: 'What the buyer asks for: population, variables and period of the data' })
export class AccessScopeModel {
  @Field({ description: 'The population studied' }) population: string;
  @Field(() => [String], { description: 'The variables (or groups of variables) needed' }) variables: string[];
  @Field(() => String, { nullable: true, description: 'First day of the data period, YYYY-MM-DD' }) periodStart: string | null;
  @Field(() => String, { nullable: true, description: 'Last day of the data period, YYYY-MM-DD' }) periodEnd: string | null;
}

@ObjectType('RequestedOffering', { description: 'The offering version a request froze when it was created' })
export class RequestedOfferingModel {
  @Field(() => ID, { description: 'The offering' }) id: string;
  @Field(() => ID, { description: 'The frozen offering version' }) versionId: string;
  @Field(() => Int, { description: 'Its version number' }) version: number;
  @Field(() => LocalizedTextModel, { description: 'Its title' }) title: LocalizedTextModel;
}

@ObjectType('AccessRequestEvent', { description: 'One transition of a request: who made it, when, and why' })
export class AccessRequestEventModel {
  @Field(() => ID) id: string;
  @Field(() => AccessRequestTransitionEnum, { description: 'The move made' }) transition: TransitionName;
  @Field(() => AccessRequestStateEnum, { description: 'State before' }) fromState: AccessRequestState;
  @Field(() => AccessRequestStateEnum, { description: 'State after (the same for a first signature)' }) toState: AccessRequestState;
  @Field(() => PartySide, { description: 'Which side made it' }) side: PartySide;
  @Field(() => ID, { nullable: true, description: 'The organisation that made it; null for the platform\'s processes' }) organizationId: string | null;
  @Field(() => ID, { nullable: true, description: 'The user who made it, when signed in' }) actorUserId: string | null;
  @Field(() => ID, { nullable: true, description: 'The API key that made it, when called with one' }) actorApiKeyId: string | null;
  @Field(() => String, { nullable: true, description: 'The note, reason or message given' }) note: string | null;
  @Field({ description: 'When' }) at: Date;
}

@ObjectType('ClauseTextProposal', { description: 'An edited clause text, per language' })
export class ClauseTextProposalModel {
  @Field(() => String, { nullable: true, description: 'French (authoritative)' }) fr: string | null;
  @Field(() => String, { nullable: true, description: 'English' }) en: string | null;
}

@ObjectType('ProposedClauseChange', { description: 'A change of one negotiable clause, as proposed' })
export class ProposedClauseChangeModel {
  @Field({ description: 'The clause' }) clauseId: string;
  @Field(() => String, { nullable: true, description: 'The alternative chosen' }) alternativeId: string | null;
  @Field(() => ClauseTextProposalModel, { nullable: true, description: 'The edited text' }) text: ClauseTextProposalModel | null;
  @Field({ description: 'Back to the standard text' }) revertToStandard: boolean;
}

@ObjectType('NegotiationProposal', { description: 'A proposal of one side: a quote of the producer or a counter-proposal of the buyer' })
export class NegotiationProposalModel {
  @Field(() => PartySide, { description: 'Who proposed it' }) by: PartySide;
  @Field(() => [ProposedClauseChangeModel], { description: 'The clause changes proposed' }) changes: ProposedClauseChangeModel[];
  @Field(() => ID, { nullable: true, description: 'The quote that came with it, if the price changed' }) quoteId: string | null;
  @Field(() => String, { nullable: true, description: 'The message that came with it' }) note: string | null;
  @Field({ description: 'When' }) at: Date;
}

@ObjectType('ClauseDeviation', { description: 'How a negotiated clause differs from the licence\'s standard text, with a word-level redline' })
export class ClauseDeviationModel {
  @Field({ description: 'The clause' }) clauseId: string;
  @Field(() => ClauseTextProposalModel, { description: 'The clause title per language' }) title: ClauseTextProposalModel;
  @Field(() => DeviationKindEnum, { description: 'An alternative was chosen, or the text edited' }) kind: DeviationKindEnum;
  @Field(() => String, { nullable: true, description: 'The alternative chosen (or the one an edit started from)' }) alternativeId: string | null;
  @Field(() => LocalizedRedlineModel, { description: 'From the standard text to the negotiated text, per language' }) redline: LocalizedRedlineModel;
  @Field(() => PartySide, { nullable: true, description: 'The side whose proposal set this clause' }) proposedBy: PartySide | null;
}

@ObjectType('AccessRequest', { description: 'A buyer\'s request for access to an offering under a licence, and its negotiation; visible to the buyer and the producer only' })
export class AccessRequestModel {
  @Field(() => ID) id: string;
  @Field({ description: '"AR-2026-000123"' }) number: string;
  @Field(() => AccessRequestStateEnum, { description: 'Where the negotiation stands' }) state: AccessRequestState;
  @Field(() => Int, { description: 'Incremented by every transition' }) version: number;
  @Field({ description: 'The purpose category (a value of the licence\'s purposeCategory variable)' }) purposeCategory: string;
  @Field({ description: 'What the data is used for' }) purposeSummary: string;
  @Field({ description: 'The project\'s title' }) projectTitle: string;
  @Field({ description: 'The project\'s scientific lead' }) principalInvestigator: string;
  @Field({ description: 'GDPR legal basis (a value of the licence\'s legalBasis variable)' }) legalBasis: string;
  @Field(() => CnilFormality, { description: 'The CNIL formality' }) cnilFormality: CnilFormality;
  @Field({ description: 'Its reference or authorisation number' }) cnilReference: string;
  @Field({ description: 'Where the data is processed' }) processingEnvironment: string;
  @Field(() => AccessScopeModel, { description: 'Population, variables, period' }) scope: AccessScopeModel;
  @Field(() => Int, { description: 'Months of access' }) durationMonths: number;
  @Field({ description: 'Wished first day of access, YYYY-MM-DD' }) startDate: string;
  @Field(() => PriceModel, { description: 'The estimate computed at creation with the licence\'s tariff version (exact cents)' }) estimate: PriceModel;
  @Field(() => [NegotiationProposalModel], { description: 'Every proposal, oldest first' }) proposals: NegotiationProposalModel[];
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  offeringId: string;
  offeringVersionId: string;
  templateVersionId: string;
  tariffVersionId: string;
  buyerId: string;
  producerId: string;
  currentQuoteId: string | null;
  acceptedQuoteId: string | null;
}

export const AccessRequestConnection = ConnectionType(AccessRequestModel, 'AccessRequest');
