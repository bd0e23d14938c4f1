import { Injectable, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventDelivery, EventEnvelope, EventSubscriber, HandlesEvent, PayloadOf } from '@app/core';
import { AgreementSealed, AgreementService } from '@app/contracting';
import { CONSENT, issuedAgreement, marketplace, Marketplace, SIGN_AGREEMENT, signByBoth } from './helpers/agreements';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

jest.setTimeout(120_000);

type Sealed = PayloadOf<typeof AgreementSealed>;

/** A reaction to agreement.sealed that fails its first delivery of each event, for this spec's buyer only. */
@EventSubscriber({ name: 'test.flaky-sealed', event: AgreementSealed })
@Injectable()
class FlakySealedSubscriber implements HandlesEvent<Sealed> {
  static buyerId = '';
  static readonly attempts = new Map<string, number>();

  async handle(event: EventEnvelope<Sealed>, m: EntityManager): Promise<void> {
    if (event.payload.buyerId !== FlakySealedSubscriber.buyerId) return;
    const attempt = (FlakySealedSubscriber.attempts.get(event.id) ?? 0) + 1;
    FlakySealedSubscriber.attempts.set(event.id, attempt);
    await m.query(`INSERT INTO test_sealed_effects (event_id, agreement_id) VALUES ($1, $2)`, [event.id, event.payload.agreementId]);
    if (attempt === 1) throw new Error('the first delivery fails');
  }
}

@Module({ providers: [FlakySealedSubscriber] })
class FlakyModule {}

describe('domain events: enqueued with the change, delivered by the worker', () => {
  let t: TestApp;
  let m: Marketplace;
  const run = Date.now().toString(36);

  /** The jobs of one event about one agreement, with the id of the transaction that inserted each. */
  const jobsOf = (event: string, agreementId: string): Promise<{ id: string; state: string; retry_count: number; xmin: string; data: any }[]> =>
    t.db.query(
      `SELECT id, state, retry_count, xmin::text AS xmin, data FROM pgboss.job WHERE name = $1 AND data->'payload'->>'agreementId' = $2`,
      [event, agreementId],
    );
  const auditXmin = async (action: string, agreementId: string): Promise<string> =>
    (await t.db.query(`SELECT xmin::text AS xmin FROM audit_log WHERE action = $1 AND entity_id = $2`, [action, agreementId]))[0].xmin;

  beforeAll(async () => {
    t = await startTestApp();
    m = await marketplace(t, `Événements ${run}`);
  });
  afterAll(() => t.close());

  it('sealing an agreement enqueues exactly one agreement.sealed job, in the transaction of the seal', async () => {
    const a = await issuedAgreement(t, m);
    await t.gql(SIGN_AGREEMENT, { id: a.id, text: CONSENT }, m.buyer.token);
    expect(await jobsOf('agreement.sealed', a.id)).toEqual([]);

    const signed = await t.gql(SIGN_AGREEMENT, { id: a.id, text: CONSENT }, m.producer.token);
    expect(signed.data.signAgreement.status).toBe('ACTIVE');
    const [row] = await t.db.query(`SELECT sealed_at, sealed_pdf_sha256, starts_on::text, ends_on::text FROM agreements WHERE id = $1`, [a.id]);
    const sealed = await jobsOf('agreement.sealed', a.id);
    expect(sealed).toHaveLength(1);
    expect(sealed[0].state).toBe('created');
    expect(sealed[0].data).toEqual({
      event: 'agreement.sealed',
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      payload: {
        agreementId: a.id, number: a.number, requestId: a.requestId, offeringId: m.offeringId,
        buyerId: m.buyer.organizationId, producerId: m.producer.organizationId, startsOn: row.starts_on, endsOn: row.ends_on,
        sealedAt: row.sealed_at.toISOString(), sealedPdfSha256: row.sealed_pdf_sha256,
      },
    });
    // The job row was inserted by the very transaction that wrote the seal's audit entry.
    expect(sealed[0].xmin).toBe(await auditXmin('agreement.sealed', a.id));
    // Starting today, the agreement became ACTIVE in the same transaction, and said so.
    const activated = await jobsOf('agreement.activated', a.id);
    expect(activated.map((j) => [j.xmin, j.data.payload.number])).toEqual([[sealed[0].xmin, a.number]]);
  });

  it('a seal that is rolled back enqueues nothing', async () => {
    const a = await issuedAgreement(t, m);
    await t.gql(SIGN_AGREEMENT, { id: a.id, text: CONSENT }, m.buyer.token);
    // Refused at COMMIT, after every statement of the seal (the send included) has run.
    await t.db.query(`CREATE FUNCTION test_refuse_seal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'seal refused by the test'; END $$`);
    await t.db.query(`CREATE CONSTRAINT TRIGGER test_refuse_seal AFTER UPDATE ON agreements DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (NEW.id = '${a.id}' AND NEW.sealed_pdf_sha256 IS NOT NULL) EXECUTE FUNCTION test_refuse_seal()`);
    try {
      const refused = await t.gql(SIGN_AGREEMENT, { id: a.id, text: CONSENT }, m.producer.token);
      expect(refused.errors![0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await t.db.query(`DROP TRIGGER test_refuse_seal ON agreements`);
      await t.db.query(`DROP FUNCTION test_refuse_seal`);
    }
    expect(await jobsOf('agreement.sealed', a.id)).toEqual([]);
    expect(await jobsOf('agreement.activated', a.id)).toEqual([]);
    const [after] = await t.db.query(`SELECT status, sealed_pdf_sha256 FROM agreements WHERE id = $1`, [a.id]);
    expect(after).toEqual({ status: 'ISSUED', sealed_pdf_sha256: null });

    // The producer signs again: now it is sealed, and announced once.
    expect((await t.gql(SIGN_AGREEMENT, { id: a.id, text: CONSENT }, m.producer.token)).data.signAgreement.status).toBe('ACTIVE');
    expect(await jobsOf('agreement.sealed', a.id)).toHaveLength(1);
  });

  describe('with the worker running', () => {
    let worker: TestWorker;

    beforeAll(async () => {
      await t.db.query(`CREATE TABLE test_sealed_effects (event_id uuid NOT NULL, agreement_id uuid NOT NULL)`);
      FlakySealedSubscriber.buyerId = m.buyer.organizationId;
      worker = await startTestWorker({ imports: [FlakyModule] });
    });
    afterAll(async () => {
      await worker.stop();
      await t.db.query(`DROP TABLE test_sealed_effects`);
    });

    it('a subscriber that fails is offered the event again, then succeeds; its effect happens once', async () => {
      const a = await issuedAgreement(t, m);
      expect((await signByBoth(t, m, a.id)).data.signAgreement.status).toBe('ACTIVE');
      const [job] = await jobsOf('agreement.sealed', a.id);
      for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
        if ((await jobsOf('agreement.sealed', a.id))[0].state === 'completed') break;
      }
      const [done] = await jobsOf('agreement.sealed', a.id);
      expect(done).toMatchObject({ id: job.id, state: 'completed', retry_count: 1 });
      expect(FlakySealedSubscriber.attempts.get(job.id)).toBe(2);
      const effects = await t.db.query(`SELECT event_id FROM test_sealed_effects WHERE agreement_id = $1`, [a.id]);
      expect(effects).toEqual([{ event_id: job.id }]);
      const receipts = await t.db.query(`SELECT subscriber FROM event_receipts WHERE event_id = $1 ORDER BY subscriber`, [job.id]);
      // The libraries' own subscribers (billing's fees at signature…) receive the same event, each in its own delivery.
      expect(receipts).toEqual(expect.arrayContaining([{ subscriber: 'billing.bill-at-signature' }, { subscriber: 'test.flaky-sealed' }]));

      // Delivered once more (a job that expired while its handler still ran, say): nothing happens twice.
      const again = await worker.app.get(EventDelivery).deliver({ ...done.data, id: job.id });
      expect(again.handled).toEqual([]);
      expect([...again.alreadyHandled].sort()).toEqual(receipts.map((r: { subscriber: string }) => r.subscriber).sort());
      expect(FlakySealedSubscriber.attempts.get(job.id)).toBe(2);
      expect(await t.db.query(`SELECT event_id FROM test_sealed_effects WHERE agreement_id = $1`, [a.id])).toHaveLength(1);
    });

    it('terminating and expiring publish their events; the worker delivers every event', async () => {
      const ended = await issuedAgreement(t, m);
      await signByBoth(t, m, ended.id);
      const terminate = `mutation($id: ID!, $reason: String!) { terminateAgreement(id: $id, reason: $reason) { status } }`;
      expect((await t.gql(terminate, { id: ended.id, reason: 'Projet arrêté' }, m.buyer.token)).data.terminateAgreement.status).toBe('TERMINATED');
      const [terminated] = await jobsOf('agreement.terminated', ended.id);
      expect(terminated.data.payload).toMatchObject({ agreementId: ended.id, by: 'BUYER', reason: 'Projet arrêté' });

      // The scheduled lifecycle (the worker's agreement-lifecycle job runs this method) on the end date.
      const short = await issuedAgreement(t, m, 1);
      await signByBoth(t, m, short.id);
      const [{ ends_on }] = await t.db.query(`SELECT ends_on::text FROM agreements WHERE id = $1`, [short.id]);
      const lifecycle = await t.app.get(AgreementService).runLifecycle(null, new Date(`${ends_on}T12:00:00Z`));
      expect(lifecycle.expired).toContain(short.number);
      const [expired] = await jobsOf('agreement.expired', short.id);
      expect(expired.data.payload).toMatchObject({ agreementId: short.id, number: short.number, endsOn: ends_on });

      await worker.settled();
      for (const [event, id] of [['agreement.terminated', ended.id], ['agreement.expired', short.id]]) {
        expect((await jobsOf(event, id)).map((j) => j.state)).toEqual(['completed']);
      }
    });
  });
});
