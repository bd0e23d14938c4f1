// The negotiation of an access request, as pure functions: the state machine and the
// tracked deviations of negotiated clauses.
export {
  ACCESS_REQUEST_STATES,
  ACCESS_REQUEST_TRANSITIONS,
  MAX_NOTE_LENGTH,
  TERMINAL_STATES,
  TRANSITION_NAMES,
  allowedTransitions,
  isAccessRequestState,
  isTerminalState,
  isTransitionName,
  planTransition,
} from './access-request-machine';
export type {
  AccessRequestState,
  MemberRole,
  NegotiationSide,
  PlannedTransition,
  RefusedTransition,
  SignatureProgress,
  SigningSide,
  TransitionActor,
  TransitionContext,
  TransitionErrorCode,
  TransitionName,
  TransitionPlan,
  TransitionRule,
} from './access-request-machine';
export { clauseDeviation, mergeProposals, validateProposal } from './deviation';
export type { ClauseDeviation, ClauseProposal, DeviationKind, NegotiatedClauses, ProposalProblem, ProposalProblemCode, ProposedClauseChange } from './deviation';
