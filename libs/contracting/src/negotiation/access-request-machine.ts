// The access-request negotiation as data (states and a transition table) plus pure
// functions that say what may happen next and plan one move. The service persists the
// state; this file decides, so the GraphQL layer, the scheduler and the tests share one
// rule book.
import { isIsoDate, parisDay } from '@app/core/kernel';

export const ACCESS_REQUEST_STATES = [
  'DRAFT',
  'SUBMITTED',
  'UNDER_REVIEW',
  'INFORMATION_REQUESTED',
  'QUOTED',
  'COUNTER_PROPOSED',
  'ACCEPTED',
  'AGREEMENT_ISSUED',
  'SIGNED',
  'ACTIVE',
  'EXPIRED',
  'TERMINATED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type AccessRequestState = (typeof ACCESS_REQUEST_STATES)[number];

/** States nothing leaves. */
export const TERMINAL_STATES: readonly AccessRequestState[] = ['EXPIRED', 'TERMINATED', 'REJECTED', 'WITHDRAWN'];

export const TRANSITION_NAMES = [
  'submit',
  'startReview',
  'requestInformation',
  'provideInformation',
  'quote',
  'counterPropose',
  'accept',
  'reject',
  'withdraw',
  'issueAgreement',
  'sign',
  'activate',
  'expire',
  'terminate',
] as const;
export type TransitionName = (typeof TRANSITION_NAMES)[number];

/**
 * Who acts: the buyer's organisation, the producer's organisation, or the platform's own
 * processes (scheduler, agreement generation). The service derives the side from the
 * caller's organisation; it never takes it from the client.
 */
export type NegotiationSide = 'BUYER' | 'PRODUCER' | 'PLATFORM';
/** The two parties of an agreement (the platform seals, it does not sign). */
export type SigningSide = 'BUYER' | 'PRODUCER';

/** Member roles (the values of the identity library's Role enum). */
export type MemberRole = 'ADMIN' | 'PUBLISHER' | 'LEGAL' | 'SIGNER' | 'BUYER' | 'FINANCE';

export interface TransitionActor {
  side: NegotiationSide;
  /** the caller needs at least one of these roles; empty for the platform's processes */
  roles: readonly MemberRole[];
}

export interface TransitionRule {
  name: TransitionName;
  from: readonly AccessRequestState[];
  /** `sign` goes here only once both sides have signed; until then the state stays */
  to: AccessRequestState;
  actors: readonly TransitionActor[];
  /** a reason must be given in `note` */
  noteRequired?: boolean;
  /** appended to the FORBIDDEN message, e.g. why the other side cannot do it */
  forbiddenHint?: string;
}

const BUYER: TransitionActor = { side: 'BUYER', roles: ['BUYER', 'ADMIN'] };
const PRODUCER: TransitionActor = { side: 'PRODUCER', roles: ['PUBLISHER', 'ADMIN'] };
const PLATFORM: TransitionActor = { side: 'PLATFORM', roles: [] };
const BUYER_SIGNER: TransitionActor = { side: 'BUYER', roles: ['SIGNER'] };
const PRODUCER_SIGNER: TransitionActor = { side: 'PRODUCER', roles: ['SIGNER'] };

const BEFORE_SIGNATURE: readonly AccessRequestState[] = [
  'DRAFT',
  'SUBMITTED',
  'UNDER_REVIEW',
  'INFORMATION_REQUESTED',
  'QUOTED',
  'COUNTER_PROPOSED',
  'ACCEPTED',
  'AGREEMENT_ISSUED',
];

/** The rule book. A name may have several rows (accept: whoever did not make the last proposal). */
export const ACCESS_REQUEST_TRANSITIONS: readonly TransitionRule[] = [
  { name: 'submit', from: ['DRAFT'], to: 'SUBMITTED', actors: [BUYER] },
  { name: 'startReview', from: ['SUBMITTED'], to: 'UNDER_REVIEW', actors: [PRODUCER] },
  { name: 'requestInformation', from: ['UNDER_REVIEW', 'QUOTED', 'COUNTER_PROPOSED'], to: 'INFORMATION_REQUESTED', actors: [PRODUCER] },
  { name: 'provideInformation', from: ['INFORMATION_REQUESTED'], to: 'UNDER_REVIEW', actors: [BUYER] },
  { name: 'quote', from: ['UNDER_REVIEW', 'COUNTER_PROPOSED'], to: 'QUOTED', actors: [PRODUCER] },
  { name: 'counterPropose', from: ['QUOTED'], to: 'COUNTER_PROPOSED', actors: [BUYER] },
  { name: 'accept', from: ['QUOTED'], to: 'ACCEPTED', actors: [BUYER], forbiddenHint: 'the producer made this quote and cannot accept it itself' },
  {
    name: 'accept',
    from: ['COUNTER_PROPOSED'],
    to: 'ACCEPTED',
    actors: [PRODUCER],
    forbiddenHint: 'the buyer made this counter-proposal and cannot accept it itself',
  },
  {
    name: 'reject',
    from: ['SUBMITTED', 'UNDER_REVIEW', 'INFORMATION_REQUESTED', 'QUOTED', 'COUNTER_PROPOSED'],
    to: 'REJECTED',
    actors: [PRODUCER],
    noteRequired: true,
  },
  { name: 'withdraw', from: BEFORE_SIGNATURE, to: 'WITHDRAWN', actors: [BUYER] },
  { name: 'issueAgreement', from: ['ACCEPTED'], to: 'AGREEMENT_ISSUED', actors: [PLATFORM, PRODUCER] },
  { name: 'sign', from: ['AGREEMENT_ISSUED'], to: 'SIGNED', actors: [BUYER_SIGNER, PRODUCER_SIGNER] },
  { name: 'activate', from: ['SIGNED'], to: 'ACTIVE', actors: [PLATFORM] },
  { name: 'expire', from: ['ACTIVE'], to: 'EXPIRED', actors: [PLATFORM] },
  { name: 'terminate', from: ['SIGNED', 'ACTIVE'], to: 'TERMINATED', actors: [BUYER, PRODUCER], noteRequired: true },
];

/** Longest accepted note (reason, message to the other side). */
export const MAX_NOTE_LENGTH = 2000;

export interface TransitionContext {
  side: NegotiationSide;
  roles: readonly string[];
  /** a reason or message; required to reject and to terminate */
  note?: string | null;
  /** sign: the sides that have already signed this agreement */
  signedBy?: readonly SigningSide[];
  /** activate and expire: the current time (the date is taken in Paris) */
  now?: Date;
  /** activate: first day of access, YYYY-MM-DD */
  startsOn?: string;
  /** expire: the day access ends (first day without access), YYYY-MM-DD: addMonths(start, months) */
  expiresOn?: string;
}

export type TransitionErrorCode = 'CONFLICT' | 'FORBIDDEN' | 'BAD_USER_INPUT';

export interface SignatureProgress {
  /** the side that signs now */
  side: SigningSide;
  /** every side that has signed, this one included */
  signedBy: SigningSide[];
  /** true when this signature is the last one needed (the request becomes SIGNED) */
  complete: boolean;
}

export interface PlannedTransition {
  ok: true;
  transition: TransitionName;
  from: AccessRequestState;
  to: AccessRequestState;
  /** `sign` only */
  signature?: SignatureProgress;
}

export interface RefusedTransition {
  ok: false;
  code: TransitionErrorCode;
  message: string;
}

export type TransitionPlan = PlannedTransition | RefusedTransition;

const STATE_SET: ReadonlySet<string> = new Set(ACCESS_REQUEST_STATES);
const NAME_SET: ReadonlySet<string> = new Set(TRANSITION_NAMES);

export function isAccessRequestState(value: unknown): value is AccessRequestState {
  return typeof value === 'string' && STATE_SET.has(value);
}

export function isTransitionName(value: unknown): value is TransitionName {
  return typeof value === 'string' && NAME_SET.has(value);
}

export function isTerminalState(state: AccessRequestState): boolean {
  return TERMINAL_STATES.includes(state);
}

function actorAllows(actor: TransitionActor, side: NegotiationSide | undefined, roles: readonly string[] | undefined): boolean {
  if (side !== undefined && actor.side !== side) return false;
  if (roles !== undefined && actor.roles.length > 0 && !actor.roles.some((r) => roles.includes(r))) return false;
  return true;
}

/**
 * The transitions that leave `state`, in table order; with `side` (and `roles`), only those
 * that caller may attempt. Guards that need more context (a second signature, the start
 * date) are not applied here: planTransition has the last word.
 */
export function allowedTransitions(state: AccessRequestState, side?: NegotiationSide, roles?: readonly string[]): TransitionName[] {
  const names: TransitionName[] = [];
  for (const rule of ACCESS_REQUEST_TRANSITIONS) {
    if (!rule.from.includes(state) || names.includes(rule.name)) continue;
    if (rule.actors.some((a) => actorAllows(a, side, roles))) names.push(rule.name);
  }
  return names;
}

const SIDE_WORDS: Record<NegotiationSide, string> = { BUYER: 'the buyer', PRODUCER: 'the producer', PLATFORM: 'the platform' };

function describeActor(actor: TransitionActor): string {
  if (actor.roles.length === 0) return SIDE_WORDS[actor.side];
  return `${SIDE_WORDS[actor.side]} (role ${actor.roles.join(' or ')})`;
}

/**
 * What can happen now, told to one caller: its own moves (those it may make, with its
 * roles), then what the other party may do, so that nobody reads the other side's moves
 * as their own.
 */
export function movesNow(state: AccessRequestState, side: NegotiationSide, roles: readonly string[]): string {
  if (!allowedTransitions(state).length) return `${state} is final, nothing is allowed`;
  const own = allowedTransitions(state, side, roles);
  const parts = [own.length ? `you may now: ${own.join(', ')}` : 'you have no move now'];
  for (const other of ['BUYER', 'PRODUCER'] as const) {
    const theirs = other === side ? [] : allowedTransitions(state, other);
    if (theirs.length) parts.push(`${SIDE_WORDS[other]} may: ${theirs.join(', ')}`);
  }
  return parts.join('; ');
}

function refuse(code: TransitionErrorCode, message: string): RefusedTransition {
  return { ok: false, code, message };
}

function checkDates(name: 'activate' | 'expire', ctx: TransitionContext): RefusedTransition | null {
  const field = name === 'activate' ? 'startsOn' : 'expiresOn';
  const date = ctx[field];
  if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime()) || !isIsoDate(date)) {
    return refuse('BAD_USER_INPUT', `To ${name} a request give the current time (now) and ${field} as a YYYY-MM-DD date`);
  }
  const today = parisDay(ctx.now);
  if (today < date) {
    return name === 'activate'
      ? refuse('CONFLICT', `Cannot activate the agreement before its start date ${date} (today is ${today} in Paris)`)
      : refuse('CONFLICT', `Cannot expire the agreement before ${date} (today is ${today} in Paris)`);
  }
  return null;
}

/**
 * Decides one move: `{ ok: true, to }` or a refusal with the code the API reports
 * (CONFLICT: not possible in this state; FORBIDDEN: not this caller; BAD_USER_INPUT:
 * a missing or malformed argument). Checks, in order: the name, the state, the side,
 * the roles, the note, then the guards (signatures, dates).
 */
export function planTransition(state: AccessRequestState, transition: string, ctx: TransitionContext): TransitionPlan {
  if (!isTransitionName(transition)) {
    return refuse('BAD_USER_INPUT', `Unknown transition '${transition}'; transitions are: ${TRANSITION_NAMES.join(', ')}`);
  }
  if (!isAccessRequestState(state)) {
    return refuse('BAD_USER_INPUT', `Unknown access request state '${String(state)}'`);
  }
  const rules = ACCESS_REQUEST_TRANSITIONS.filter((r) => r.name === transition && r.from.includes(state));
  if (rules.length === 0) return refuse('CONFLICT', `Cannot ${transition} a request in state ${state}; ${movesNow(state, ctx.side, ctx.roles)}`);
  const sideRule = rules.find((r) => r.actors.some((a) => a.side === ctx.side));
  if (!sideRule) {
    const who = rules.flatMap((r) => r.actors.map(describeActor)).join(' or ');
    const hint = rules.find((r) => r.forbiddenHint)?.forbiddenHint;
    return refuse('FORBIDDEN', `Only ${who} can ${transition} a request in state ${state}${hint ? `: ${hint}` : ''}`);
  }
  const actor = sideRule.actors.find((a) => a.side === ctx.side)!;
  const roles = ctx.roles ?? [];
  if (!actorAllows(actor, ctx.side, roles)) {
    return refuse(
      'FORBIDDEN',
      `To ${transition} a request you need the role ${actor.roles.join(' or ')} in ${SIDE_WORDS[actor.side]}'s organisation (you have: ${roles.length ? roles.join(', ') : 'no role'})`,
    );
  }
  const note = ctx.note?.trim() ?? '';
  if (sideRule.noteRequired && !note) {
    return refuse('BAD_USER_INPUT', `A reason is required to ${transition} a request: give it in note`);
  }
  if (note.length > MAX_NOTE_LENGTH) {
    return refuse('BAD_USER_INPUT', `note must be at most ${MAX_NOTE_LENGTH} characters (got ${note.length})`);
  }

  const planned: PlannedTransition = { ok: true, transition, from: state, to: sideRule.to };
  if (transition === 'sign') {
    const side = ctx.side as SigningSide;
    const before = [...new Set(ctx.signedBy ?? [])];
    if (before.includes(side)) {
      const other: SigningSide = side === 'BUYER' ? 'PRODUCER' : 'BUYER';
      return refuse('CONFLICT', `${SIDE_WORDS[side]} has already signed this agreement; waiting for ${SIDE_WORDS[other]}`);
    }
    const signedBy = [...before, side].sort() as SigningSide[];
    const complete = signedBy.includes('BUYER') && signedBy.includes('PRODUCER');
    planned.to = complete ? sideRule.to : state;
    planned.signature = { side, signedBy, complete };
  } else if (transition === 'activate' || transition === 'expire') {
    const refused = checkDates(transition, ctx);
    if (refused) return refused;
  }
  return planned;
}
