import { addMonths } from '@app/core/kernel';
import fc from 'fast-check';
import {
  ACCESS_REQUEST_STATES,
  ACCESS_REQUEST_TRANSITIONS,
  allowedTransitions,
  planTransition,
  TERMINAL_STATES,
  TRANSITION_NAMES,
  type AccessRequestState,
  type NegotiationSide,
  type SigningSide,
  type TransitionContext,
  type TransitionPlan,
} from './access-request-machine';

const buyer: TransitionContext = { side: 'BUYER', roles: ['BUYER'] };
const producer: TransitionContext = { side: 'PRODUCER', roles: ['PUBLISHER'] };
const platform: TransitionContext = { side: 'PLATFORM', roles: [] };

function expectOk(plan: TransitionPlan): AccessRequestState {
  if (!plan.ok) throw new Error(`expected ok, got ${plan.code}: ${plan.message}`);
  return plan.to;
}

describe('access request machine: the happy path', () => {
  it('goes from DRAFT to EXPIRED through a quote, a counter-proposal and two signatures', () => {
    let s: AccessRequestState = 'DRAFT';
    s = expectOk(planTransition(s, 'submit', buyer));
    expect(s).toBe('SUBMITTED');
    s = expectOk(planTransition(s, 'startReview', producer));
    s = expectOk(planTransition(s, 'requestInformation', producer));
    expect(s).toBe('INFORMATION_REQUESTED');
    s = expectOk(planTransition(s, 'provideInformation', buyer));
    expect(s).toBe('UNDER_REVIEW');
    s = expectOk(planTransition(s, 'quote', producer));
    s = expectOk(planTransition(s, 'counterPropose', buyer));
    expect(s).toBe('COUNTER_PROPOSED');
    s = expectOk(planTransition(s, 'accept', producer));
    expect(s).toBe('ACCEPTED');
    s = expectOk(planTransition(s, 'issueAgreement', platform));
    expect(s).toBe('AGREEMENT_ISSUED');

    const first = planTransition(s, 'sign', { side: 'BUYER', roles: ['SIGNER'] });
    expect(first).toEqual({
      ok: true,
      transition: 'sign',
      from: 'AGREEMENT_ISSUED',
      to: 'AGREEMENT_ISSUED',
      signature: { side: 'BUYER', signedBy: ['BUYER'], complete: false },
    });
    const second = planTransition(s, 'sign', { side: 'PRODUCER', roles: ['SIGNER'], signedBy: ['BUYER'] });
    expect(second).toMatchObject({ ok: true, to: 'SIGNED', signature: { side: 'PRODUCER', signedBy: ['BUYER', 'PRODUCER'], complete: true } });
    s = expectOk(second);

    s = expectOk(planTransition(s, 'activate', { ...platform, now: new Date('2027-02-28T23:30:00Z'), startsOn: '2027-03-01' }));
    expect(s).toBe('ACTIVE');
    s = expectOk(planTransition(s, 'expire', { ...platform, now: new Date('2029-03-01T08:00:00Z'), expiresOn: addMonths('2027-03-01', 24) }));
    expect(s).toBe('EXPIRED');
    expect(allowedTransitions(s)).toEqual([]);
  });

  it('lets the buyer accept a quote, and the producer issue the agreement itself', () => {
    expect(planTransition('QUOTED', 'accept', { side: 'BUYER', roles: ['ADMIN'] })).toMatchObject({ ok: true, to: 'ACCEPTED' });
    expect(planTransition('ACCEPTED', 'issueAgreement', { side: 'PRODUCER', roles: ['ADMIN'] })).toMatchObject({ ok: true, to: 'AGREEMENT_ISSUED' });
  });
});

describe('access request machine: refusals', () => {
  it('CONFLICT names the current state, the caller\'s own moves, then those of the other party', () => {
    expect(planTransition('SUBMITTED', 'accept', buyer)).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: 'Cannot accept a request in state SUBMITTED; you may now: withdraw; the producer may: startReview, reject',
    });
    expect(planTransition('QUOTED', 'quote', producer).ok === false && planTransition('QUOTED', 'quote', producer)).toMatchObject({
      message: 'Cannot quote a request in state QUOTED; you may now: requestInformation, reject; the buyer may: counterPropose, accept, withdraw',
    });
    expect(planTransition('AGREEMENT_ISSUED', 'accept', buyer)).toMatchObject({
      message: 'Cannot accept a request in state AGREEMENT_ISSUED; you may now: withdraw; the producer may: sign',
    });
    expect(planTransition('WITHDRAWN', 'submit', buyer)).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: 'Cannot submit a request in state WITHDRAWN; WITHDRAWN is final, nothing is allowed',
    });
  });

  it('FORBIDDEN names the side and roles needed', () => {
    expect(planTransition('SUBMITTED', 'startReview', buyer)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only the producer (role PUBLISHER or ADMIN) can startReview a request in state SUBMITTED',
    });
    expect(planTransition('SUBMITTED', 'startReview', { side: 'PRODUCER', roles: ['FINANCE'] })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: "To startReview a request you need the role PUBLISHER or ADMIN in the producer's organisation (you have: FINANCE)",
    });
    expect(planTransition('AGREEMENT_ISSUED', 'sign', { side: 'BUYER', roles: ['ADMIN', 'BUYER'] })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: expect.stringContaining('role SIGNER'),
    });
    expect(planTransition('SIGNED', 'activate', buyer)).toMatchObject({ ok: false, code: 'FORBIDDEN', message: 'Only the platform can activate a request in state SIGNED' });
  });

  it('a side cannot accept its own proposal', () => {
    expect(planTransition('COUNTER_PROPOSED', 'accept', { side: 'BUYER', roles: ['BUYER', 'ADMIN'] })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message:
        'Only the producer (role PUBLISHER or ADMIN) can accept a request in state COUNTER_PROPOSED: the buyer made this counter-proposal and cannot accept it itself',
    });
    expect(planTransition('QUOTED', 'accept', producer)).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('the producer made this quote') });
  });

  it('reject and terminate need a reason', () => {
    expect(planTransition('UNDER_REVIEW', 'reject', { ...producer, note: '  ' })).toEqual({
      ok: false,
      code: 'BAD_USER_INPUT',
      message: 'A reason is required to reject a request: give it in note',
    });
    expect(planTransition('UNDER_REVIEW', 'reject', { ...producer, note: 'Finalité hors du périmètre du registre' })).toMatchObject({ ok: true, to: 'REJECTED' });
    expect(planTransition('ACTIVE', 'terminate', buyer)).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(planTransition('ACTIVE', 'terminate', { ...buyer, note: 'Projet arrêté' })).toMatchObject({ ok: true, to: 'TERMINATED' });
    expect(planTransition('SIGNED', 'terminate', { ...producer, note: 'Manquement' })).toMatchObject({ ok: true, to: 'TERMINATED' });
    expect(planTransition('QUOTED', 'withdraw', { ...buyer, note: 'x'.repeat(2001) })).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
  });

  it('refuses a second signature from the same side', () => {
    expect(planTransition('AGREEMENT_ISSUED', 'sign', { side: 'PRODUCER', roles: ['SIGNER'], signedBy: ['PRODUCER'] })).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: 'the producer has already signed this agreement; waiting for the buyer',
    });
  });

  it('activates on the start date in Paris, not before', () => {
    const ctx = { ...platform, startsOn: '2027-03-01' };
    expect(planTransition('SIGNED', 'activate', { ...ctx, now: new Date('2027-02-28T22:59:59Z') })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: 'Cannot activate the agreement before its start date 2027-03-01 (today is 2027-02-28 in Paris)',
    });
    expect(planTransition('SIGNED', 'activate', { ...ctx, now: new Date('2027-02-28T23:00:00Z') })).toMatchObject({ ok: true, to: 'ACTIVE' });
    expect(planTransition('SIGNED', 'activate', platform)).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
  });

  it('takes the Paris day under summer time too (midnight in Paris is 22:00 UTC)', () => {
    const ctx = { ...platform, startsOn: '2027-07-15' };
    expect(planTransition('SIGNED', 'activate', { ...ctx, now: new Date('2027-07-14T21:59:59Z') })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(planTransition('SIGNED', 'activate', { ...ctx, now: new Date('2027-07-14T22:00:00Z') })).toMatchObject({ ok: true, to: 'ACTIVE' });
    expect(planTransition('SIGNED', 'activate', { ...ctx, startsOn: '2027-02-30', now: new Date('2027-07-14T22:00:00Z') })).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
  });

  it('rejects unknown transition names', () => {
    expect(planTransition('DRAFT', 'approve', buyer)).toMatchObject({ ok: false, code: 'BAD_USER_INPUT', message: expect.stringContaining("Unknown transition 'approve'") });
  });

  it('withdraw is open to the buyer until the agreement is signed', () => {
    for (const state of ACCESS_REQUEST_STATES) {
      const ok = planTransition(state, 'withdraw', buyer).ok;
      expect([state, ok]).toEqual([state, ACCESS_REQUEST_STATES.indexOf(state) <= ACCESS_REQUEST_STATES.indexOf('AGREEMENT_ISSUED')]);
    }
  });
});

describe('allowedTransitions', () => {
  it('lists every move from a state, or those of one caller', () => {
    expect(allowedTransitions('QUOTED')).toEqual(['requestInformation', 'counterPropose', 'accept', 'reject', 'withdraw']);
    expect(allowedTransitions('QUOTED', 'BUYER', ['BUYER'])).toEqual(['counterPropose', 'accept', 'withdraw']);
    expect(allowedTransitions('COUNTER_PROPOSED', 'BUYER', ['BUYER'])).toEqual(['withdraw']);
    expect(allowedTransitions('COUNTER_PROPOSED', 'PRODUCER', ['PUBLISHER'])).toEqual(['requestInformation', 'quote', 'accept', 'reject']);
    expect(allowedTransitions('AGREEMENT_ISSUED', 'BUYER', ['BUYER'])).toEqual(['withdraw']);
    expect(allowedTransitions('AGREEMENT_ISSUED', 'BUYER', ['SIGNER'])).toEqual(['sign']);
    expect(allowedTransitions('SIGNED', 'PLATFORM')).toEqual(['activate']);
  });
});

describe('access request machine: properties', () => {
  const sides: NegotiationSide[] = ['BUYER', 'PRODUCER', 'PLATFORM'];
  const roles = ['ADMIN', 'PUBLISHER', 'LEGAL', 'SIGNER', 'BUYER', 'FINANCE'];
  // Most attempts pick a move that exists from the current state (usually one that does not
  // end the request), made by a side named in the table with random roles, so that walks
  // get past the first steps; the rest are anything at all.
  const attempt = fc.record({
    guided: fc.constantFrom('forward', 'forward', 'forward', 'open', 'any'),
    pick: fc.nat(),
    actorPick: fc.nat(),
    transition: fc.constantFrom(...TRANSITION_NAMES, 'approve'),
    side: fc.constantFrom(...sides),
    roles: fc.subarray(roles),
    note: fc.option(fc.constantFrom('', 'Motif', 'Une raison détaillée'), { freq: 4, nil: undefined }),
    grantRole: fc.boolean(),
    // around the start (2027-03-01) and expiry (2029-03-01) dates, in Paris time
    now: fc.constantFrom(...['2026-06-01T10:00:00Z', '2027-02-28T22:59:59Z', '2027-02-28T23:00:00Z', '2029-02-28T22:59:59Z', '2029-02-28T23:00:00Z', '2030-01-01T00:00:00Z'].map((d) => new Date(d))),
  });
  const targets = new Set<AccessRequestState>(ACCESS_REQUEST_TRANSITIONS.map((r) => r.to));

  it('from DRAFT, random attempts stay in the table and a side never accepts its own proposal', () => {
    const visited = new Set<AccessRequestState>();
    fc.assert(
      fc.property(fc.array(attempt, { minLength: 10, maxLength: 80, size: 'max' }), (attempts) => {
        let state: AccessRequestState = 'DRAFT';
        let lastProposer: NegotiationSide | null = null;
        let signedBy: SigningSide[] = [];
        for (const a of attempts) {
          const open = allowedTransitions(state);
          const forward = open.filter((t) => t !== 'withdraw' && t !== 'reject');
          const choices = a.guided === 'forward' && forward.length ? forward : a.guided !== 'any' ? open : [];
          const transition = choices.length ? choices[a.pick % choices.length] : a.transition;
          const actors = ACCESS_REQUEST_TRANSITIONS.find((r) => r.name === transition && r.from.includes(state))?.actors ?? [];
          const side = a.guided !== 'any' && actors.length ? actors[a.actorPick % actors.length].side : a.side;
          const actor = actors.find((x) => x.side === side);
          const granted = a.guided !== 'any' && a.grantRole && actor?.roles.length ? [actor.roles[a.pick % actor.roles.length]] : [];
          const ctx: TransitionContext = { side, roles: [...a.roles, ...granted], note: a.note, now: a.now, signedBy, startsOn: '2027-03-01', expiresOn: '2029-03-01' };
          const plan = planTransition(state, transition, ctx);
          if (state === 'COUNTER_PROPOSED' && transition === 'accept' && side === 'BUYER') expect(plan.ok).toBe(false);
          if (!plan.ok) {
            expect(['CONFLICT', 'FORBIDDEN', 'BAD_USER_INPUT']).toContain(plan.code);
            expect(plan.message.length).toBeGreaterThan(10);
            continue;
          }
          // the move exists in the table, for this state and this side
          const rule = ACCESS_REQUEST_TRANSITIONS.find((r) => r.name === plan.transition && r.from.includes(state) && r.actors.some((x) => x.side === side));
          expect(rule).toBeDefined();
          expect(allowedTransitions(state, side, ctx.roles)).toContain(plan.transition);
          expect(TERMINAL_STATES).not.toContain(state);
          expect(plan.to === state ? plan.transition === 'sign' : targets.has(plan.to)).toBe(true);
          expect(plan.to).toBe(plan.transition === 'sign' && !plan.signature!.complete ? state : rule!.to);

          if (plan.transition === 'accept') expect(side).not.toBe(lastProposer);
          if (plan.transition === 'quote') lastProposer = 'PRODUCER';
          if (plan.transition === 'counterPropose') lastProposer = 'BUYER';
          if (plan.transition === 'sign') signedBy = plan.signature!.signedBy;
          if (plan.to === 'SIGNED') expect(signedBy).toEqual(['BUYER', 'PRODUCER']);
          state = plan.to;
          expect(ACCESS_REQUEST_STATES).toContain(state);
          visited.add(state);
        }
      }),
      { numRuns: 300 },
    );
    // the walks went everywhere, so the checks above ran on every state
    expect([...visited].sort()).toEqual(ACCESS_REQUEST_STATES.filter((s) => s !== 'DRAFT').sort());
  });

  it('terminal states have no way out, whoever asks', () => {
    for (const state of TERMINAL_STATES) {
      expect(allowedTransitions(state)).toEqual([]);
      for (const t of TRANSITION_NAMES) for (const side of sides) expect(planTransition(state, t, { side, roles }).ok).toBe(false);
    }
  });

  it('every non-terminal state has a way out and every state is reachable from DRAFT', () => {
    const reached = new Set<AccessRequestState>(['DRAFT']);
    let frontier: AccessRequestState[] = ['DRAFT'];
    while (frontier.length) {
      const next: AccessRequestState[] = [];
      for (const s of frontier) {
        for (const r of ACCESS_REQUEST_TRANSITIONS.filter((x) => x.from.includes(s))) {
          if (!reached.has(r.to)) {
            reached.add(r.to);
            next.push(r.to);
          }
        }
      }
      frontier = next;
    }
    expect([...reached].sort()).toEqual([...ACCESS_REQUEST_STATES].sort());
    for (const s of ACCESS_REQUEST_STATES) if (!TERMINAL_STATES.includes(s)) expect(allowedTransitions(s).length).toBeGreaterThan(0);
  });
});
