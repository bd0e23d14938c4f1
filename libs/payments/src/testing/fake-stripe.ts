// A local stand-in for the Stripe API, for tests and the demo: the real SDK is pointed at it
// (`new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })`). It implements what the
// payments library calls (payment intents, charges, transfers and their reversals, refunds,
// connected accounts), answers Stripe's error shape, honours Idempotency-Key as Stripe does
// (same key and parameters: the first answer again; other parameters: an idempotency error),
// and lets a test move a payment intent on and build the events Stripe would send.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';

type Obj = Record<string, any>;

export interface FakeStripeRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** False when Stripe answered from its idempotency cache. */
  executed: boolean;
  /** The HTTP status answered. */
  status: number;
  /** The `destination` parameter of a transfer. */
  destination?: string;
}

/** Parses Stripe's form encoding (`metadata[bill]=x`, `allowed_payment_method_types[0]=card`) into objects and arrays. */
export function parseStripeForm(body: string): Obj {
  const out: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, '').split('[');
    let node: any = out;
    parts.forEach((p, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(parts[i + 1]);
      const key = Array.isArray(node) && p === '' ? node.length : p;
      if (last) node[key] = value;
      else node = node[key] ??= nextIsIndex ? [] : {};
    });
  }
  return out;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

export class FakeStripe {
  readonly paymentIntents = new Map<string, Obj>();
  readonly charges = new Map<string, Obj>();
  readonly transfers = new Map<string, Obj>();
  readonly refunds = new Map<string, Obj>();
  readonly accounts = new Map<string, Obj>();
  readonly requests: FakeStripeRequest[] = [];
  private readonly idempotent = new Map<string, { hash: string; status: number; body: Obj }>();
  private server: Server | null = null;
  /** Milliseconds each transfer creation takes (a slow Stripe, for tests that interrupt a payout run). */
  transferDelayMs = 0;
  /** Stripe's fee on a card or SEPA Debit charge: 1.5 % + 25 cents, as a test figure. */
  feeOf = (amount: number) => Math.round(amount * 0.015) + 25;

  async start(port = 0): Promise<number> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  addConnectedAccount(accountId = id('acct')): string {
    this.accounts.set(accountId, { id: accountId, object: 'account', charges_enabled: true, payouts_enabled: true, country: 'FR', default_currency: 'eur' });
    return accountId;
  }

  /**
   * How many times a transfer was really created (answered 2xx, not from the idempotency cache) per
   * idempotency key; with `destinations`, only transfers to those accounts (tests share one database,
   * so a payout run may also try other tests' sellers, whose accounts this server refuses).
   */
  transferCreations(destinations?: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.requests) {
      if (r.path !== '/v1/transfers' || !r.executed || !r.idempotencyKey || r.status >= 300) continue;
      if (destinations && !destinations.includes(r.destination ?? '')) continue;
      counts.set(r.idempotencyKey, (counts.get(r.idempotencyKey) ?? 0) + 1);
    }
    return counts;
  }

  /** Transfers created (executed, not answered from the idempotency cache), by destination. */
  transfersTo(destination: string): Obj[] {
    return [...this.transfers.values()].filter((t) => t.destination === destination);
  }

  /** The buyer's payment went through (card) or was submitted (SEPA Debit: `processing` first). */
  confirm(paymentIntentId: string, method: 'card' | 'sepa_debit' = 'card'): Obj {
    const pi = this.must(this.paymentIntents, paymentIntentId);
    if (method === 'sepa_debit') {
      pi.status = 'processing';
      return pi;
    }
    return this.succeed(paymentIntentId, method);
  }

  /** The payment intent succeeded: a charge with its balance transaction (fee). */
  succeed(paymentIntentId: string, method: 'card' | 'sepa_debit' = 'card'): Obj {
    const pi = this.must(this.paymentIntents, paymentIntentId);
    const chargeId = id('ch');
    const charge = {
      id: chargeId, object: 'charge', amount: pi.amount, amount_refunded: 0, currency: pi.currency, paid: true, refunded: false,
      status: 'succeeded', payment_intent: pi.id, transfer_group: pi.transfer_group, metadata: pi.metadata,
      payment_method_details: { type: method }, created: now(),
      balance_transaction: { id: id('txn'), object: 'balance_transaction', amount: pi.amount, fee: this.feeOf(pi.amount), net: pi.amount - this.feeOf(pi.amount) },
      refunds: { object: 'list', data: [] as Obj[] },
    };
    this.charges.set(chargeId, charge);
    Object.assign(pi, { status: 'succeeded', latest_charge: chargeId, amount_received: pi.amount, payment_method_types: [method] });
    return pi;
  }

  fail(paymentIntentId: string, message = 'Your card was declined.'): Obj {
    const pi = this.must(this.paymentIntents, paymentIntentId);
    Object.assign(pi, { status: 'requires_payment_method', last_payment_error: { code: 'card_declined', message } });
    return pi;
  }

  /** A dispute on a charge, as Stripe's `charge.dispute.*` events carry it. */
  dispute(chargeId: string, status: 'needs_response' | 'won' | 'lost', amount?: number, disputeId = id('dp')): Obj {
    const charge = this.must(this.charges, chargeId);
    return { id: disputeId, object: 'dispute', amount: amount ?? charge.amount, currency: charge.currency, charge: chargeId, payment_intent: charge.payment_intent, status,
      balance_transactions: [{ fee: status === 'won' ? -1500 : 1500 }], created: now() };
  }

  /** The JSON of an event Stripe would send about `object`. */
  event(type: string, object: Obj, eventId = id('evt')): string {
    return JSON.stringify({ id: eventId, object: 'event', api_version: '2026-10-28.endive', created: now(), livemode: false, type, data: { object }, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
  }

  private must(map: Map<string, Obj>, key: string): Obj {
    const found = map.get(key);
    if (!found) throw new Error(`fake Stripe has no ${key}`);
    return found;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const send = (status: number, payload: Obj) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(payload));
    };
    if (!String(req.headers.authorization ?? '').startsWith('Bearer sk_')) {
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    const params = method === 'GET' ? Object.fromEntries(url.searchParams) : parseStripeForm(body);
    if (this.transferDelayMs && method === 'POST' && url.pathname === '/v1/transfers') await new Promise((r) => setTimeout(r, this.transferDelayMs));
    if (method === 'POST' && key) {
      const hash = createHash('sha256').update(`${url.pathname}\n${body}`).digest('hex');
      const seen = this.idempotent.get(key);
      if (seen) {
        this.requests.push({ method, path: url.pathname, idempotencyKey: key, executed: false, status: seen.hash === hash ? seen.status : 400, destination: params.destination });
        if (seen.hash !== hash) {
          return send(400, { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } });
        }
        res.setHeader('idempotent-replayed', 'true');
        return send(seen.status, seen.body);
      }
      const [status, payload] = this.route(method, url.pathname, params);
      if (status < 500) this.idempotent.set(key, { hash, status, body: payload });
      this.requests.push({ method, path: url.pathname, idempotencyKey: key, executed: true, status, destination: params.destination });
      return send(status, payload);
    }
    const [status, payload] = this.route(method, url.pathname, params);
    this.requests.push({ method, path: url.pathname, idempotencyKey: key, executed: true, status, destination: params.destination });
    return send(status, payload);
  }

  private route(method: string, path: string, p: Obj): [number, Obj] {
    const missing = (what: string, value: string): [number, Obj] => [404, { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such ${what}: '${value}'` } }];
    const invalid = (param: string, message: string): [number, Obj] => [400, { error: { type: 'invalid_request_error', code: 'parameter_invalid', param, message } }];
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v1/payment_intents') {
      const amount = Number(p.amount);
      if (!Number.isInteger(amount) || amount < 50) return invalid('amount', 'Amount must be at least 50 cents');
      const piId = id('pi');
      const pi = {
        id: piId, object: 'payment_intent', amount, amount_received: 0, currency: p.currency, status: 'requires_payment_method',
        client_secret: `${piId}_secret_${randomBytes(12).toString('hex')}`, transfer_group: p.transfer_group ?? null, metadata: p.metadata ?? {},
        description: p.description ?? null, allowed_payment_method_types: p.allowed_payment_method_types ?? null,
        payment_method_types: p.allowed_payment_method_types ?? ['card'], latest_charge: null, last_payment_error: null, created: now(), livemode: false,
      };
      this.paymentIntents.set(piId, pi);
      return [200, pi];
    }
    if (method === 'POST' && (m = path.match(/^\/v1\/payment_intents\/([^/]+)\/confirm$/))) {
      // Stripe's test payment methods: pm_card_visa succeeds, pm_card_chargeDeclined… are declined, pm_sepa_debit… is processing
      const pi = this.paymentIntents.get(m[1]);
      if (!pi) return missing('payment_intent', m[1]);
      if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') {
        return [400, { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `This PaymentIntent's status is ${pi.status}; it cannot be confirmed.` } }];
      }
      const pm = String(p.payment_method ?? '');
      const declined: Record<string, string> = { pm_card_chargeDeclined: 'generic_decline', pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds', pm_card_chargeDeclinedExpiredCard: 'expired_card' };
      if (declined[pm]) {
        const error = { type: 'card_error', code: 'card_declined', decline_code: declined[pm], message: `Your card was declined. (${pm}, request ${id('req')})`, payment_intent: pi };
        Object.assign(pi, { status: 'requires_payment_method', last_payment_error: { code: 'card_declined', decline_code: declined[pm], message: error.message } });
        return [402, { error }];
      }
      if (pm.startsWith('pm_sepa_debit')) return [200, this.confirm(pi.id, 'sepa_debit')];
      if (pm.startsWith('pm_card_')) return [200, this.succeed(pi.id, 'card')];
      return missing('payment_method', pm);
    }
    if (method === 'POST' && (m = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) {
      const pi = this.paymentIntents.get(m[1]);
      if (!pi) return missing('payment_intent', m[1]);
      if (p.amount !== undefined) {
        if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') return invalid('amount', `This PaymentIntent's amount could not be updated because it has a status of ${pi.status}.`);
        const amount = Number(p.amount);
        if (!Number.isInteger(amount) || amount < 50) return invalid('amount', 'Amount must be at least 50 cents');
        pi.amount = amount;
      }
      return [200, pi];
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) {
      const pi = this.paymentIntents.get(m[1]);
      return pi ? [200, pi] : missing('payment_intent', m[1]);
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/charges\/([^/]+)$/))) {
      const ch = this.charges.get(m[1]);
      return ch ? [200, ch] : missing('charge', m[1]);
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/accounts\/([^/]+)$/))) {
      const a = this.accounts.get(m[1]);
      return a ? [200, a] : [403, { error: { type: 'invalid_request_error', code: 'account_invalid', message: `The provided key does not have access to account '${m[1]}' (or that account does not exist).` } }];
    }
    if (method === 'POST' && path === '/v1/transfers') {
      const amount = Number(p.amount);
      if (!this.accounts.has(p.destination)) return invalid('destination', `No such destination: '${p.destination}'`);
      const charge = p.source_transaction ? this.charges.get(p.source_transaction) : undefined;
      if (p.source_transaction && !charge) return missing('charge', p.source_transaction);
      const already = [...this.transfers.values()].filter((t) => t.source_transaction === p.source_transaction).reduce((s, t) => s + t.amount, 0);
      if (charge && already + amount > charge.amount) return [400, { error: { type: 'invalid_request_error', code: 'balance_insufficient', message: 'Transfers from this charge exceed its amount' } }];
      const tr = { id: id('tr'), object: 'transfer', amount, amount_reversed: 0, currency: p.currency, destination: p.destination, source_transaction: p.source_transaction ?? null,
        transfer_group: p.transfer_group ?? null, metadata: p.metadata ?? {}, reversals: { object: 'list', data: [] as Obj[] }, reversed: false, created: now() };
      this.transfers.set(tr.id, tr);
      return [200, tr];
    }
    if (method === 'POST' && (m = path.match(/^\/v1\/transfers\/([^/]+)\/reversals$/))) {
      const tr = this.transfers.get(m[1]);
      if (!tr) return missing('transfer', m[1]);
      const amount = p.amount === undefined ? tr.amount - tr.amount_reversed : Number(p.amount);
      if (amount > tr.amount - tr.amount_reversed) return invalid('amount', 'Reversal amount exceeds what remains of the transfer');
      const rev = { id: id('trr'), object: 'transfer_reversal', amount, currency: tr.currency, transfer: tr.id, metadata: p.metadata ?? {}, created: now() };
      tr.amount_reversed += amount;
      tr.reversed = tr.amount_reversed === tr.amount;
      tr.reversals.data.push(rev);
      return [200, rev];
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = p.payment_intent ? this.paymentIntents.get(p.payment_intent) : undefined;
      const charge = this.charges.get(p.charge ?? pi?.latest_charge ?? '');
      if (!charge) return missing('charge', p.charge ?? p.payment_intent);
      const amount = p.amount === undefined ? charge.amount - charge.amount_refunded : Number(p.amount);
      if (amount > charge.amount - charge.amount_refunded) return invalid('amount', `Refund amount (€${amount / 100}) is greater than unrefunded amount on charge (€${(charge.amount - charge.amount_refunded) / 100})`);
      const re = { id: id('re'), object: 'refund', amount, currency: charge.currency, charge: charge.id, payment_intent: charge.payment_intent, status: 'succeeded', metadata: p.metadata ?? {}, created: now() };
      this.refunds.set(re.id, re);
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      charge.refunds.data.push(re);
      return [200, re];
    }
    return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } }];
  }
}
