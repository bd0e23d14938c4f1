// A contract's own commission rate: set by the platform operator before sealing, frozen at
// sealing like the default of the producer's kind, seen by both parties, charged on the bill.
import { randomUUID } from 'node:crypto';
import { OrgSession } from './helpers/factories';
import { buyerOrganization, networkMarket, sealedAgreement, type NetworkMarket } from './helpers/network-market';
import { startTestApp, TestApp } from './helpers/test-app';
import { startTestWorker, TestWorker } from './helpers/test-worker';

const SET = `mutation($i: SetAgreementCommissionRateInput!) { setAgreementCommissionRate(input: $i) { agreementId rateBp basis frozen defaultRateBp } }`;
const COMMISSION = `query($id: ID!) { agreement(id: $id) { number commission { rateBp basis frozen defaultRateBp } } }`;

describe('a contract\'s commission rate', () => {
  let t: TestApp;
  let worker: TestWorker;
  let market: NetworkMarket;
  let buyer: OrgSession;
  let platformFinance: string;
  const run = Date.now().toString(36);

  const gqlOk = async (q: string, v: Record<string, unknown>, token: string | null) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const apiKey = async (token: string, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${randomUUID()}`, roles } }, token)).createApiKey.secret as string;
  const errorOf = async (q: string, v: Record<string, unknown>, token: string | null) => {
    const r = await t.gql(q, v, token);
    expect(r.errors).toHaveLength(1);
    return r.errors![0];
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    market = await networkMarket(t, run, [['CHU Taux A', 60], ['CHU Taux B', 40]]);
    buyer = await buyerOrganization(t, `Laboratoires Taux ${run}`);
    platformFinance = await apiKey(market.operator, ['FINANCE']);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('is set by the platform before sealing, refused to anyone else, validated, then frozen and charged on the bill', async () => {
    let agreementId = '';
    const a = await sealedAgreement(t, market, buyer, { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000 }, 12, async (id) => {
      agreementId = id;
      // both parties see what sealing would freeze: the NETWORK default
      for (const token of [buyer.token, market.network.token]) {
        expect((await gqlOk(COMMISSION, { id }, token)).agreement.commission).toEqual({ rateBp: 800, basis: 'OFFERING_KIND', frozen: false, defaultRateBp: 800 });
      }
      // the parties do not set the platform's commission
      for (const token of [buyer.token, market.network.token]) {
        expect((await errorOf(SET, { i: { agreementId: id, rateBp: 100 } }, token)).extensions.code).toBe('FORBIDDEN');
      }
      expect((await errorOf(SET, { i: { agreementId: id, rateBp: 100 } }, null)).extensions.code).toBe('UNAUTHENTICATED');
      for (const rateBp of [5001, -1]) {
        const e = await errorOf(SET, { i: { agreementId: id, rateBp } }, platformFinance);
        expect([e.extensions.code, e.message]).toEqual(['BAD_USER_INPUT', expect.stringContaining('rateBp')]);
      }
      expect((await errorOf(SET, { i: { agreementId: randomUUID(), rateBp: 100 } }, platformFinance)).extensions.code).toBe('NOT_FOUND');
      expect((await gqlOk(SET, { i: { agreementId: id, rateBp: 100 } }, platformFinance)).setAgreementCommissionRate)
        .toEqual({ agreementId: id, rateBp: 100, basis: 'CONTRACT', frozen: false, defaultRateBp: 800 });
      // cleared, then set again: the last one counts
      expect((await gqlOk(SET, { i: { agreementId: id, rateBp: null } }, platformFinance)).setAgreementCommissionRate.basis).toBe('OFFERING_KIND');
      expect((await gqlOk(SET, { i: { agreementId: id, rateBp: 350 } }, market.operator)).setAgreementCommissionRate.rateBp).toBe(350);
    });
    expect(a.id).toBe(agreementId);
    await worker.settled();
    for (const token of [buyer.token, market.network.token]) {
      expect((await gqlOk(COMMISSION, { id: a.id }, token)).agreement.commission).toEqual({ rateBp: 350, basis: 'CONTRACT', frozen: true, defaultRateBp: 800 });
    }
    const frozen = await errorOf(SET, { i: { agreementId: a.id, rateBp: 200 } }, platformFinance);
    expect(frozen.extensions).toMatchObject({ code: 'CONFLICT', reason: 'COMMISSION_FROZEN', agreementId: a.id });
    expect(frozen.message).toContain('350 bp');

    const [bill] = await t.db.query(`SELECT bill_id AS id FROM payable_bills WHERE agreement_id = $1`, [a.id]);
    expect((await gqlOk(`query($id: ID!) { billPayment(billId: $id) { commissionBp } }`, { id: bill.id }, platformFinance)).billPayment.commissionBp).toBe(350);
    const shares: { net: number; cnet: number; cvat: number }[] = await t.db.query(
      `SELECT net_cents::int AS net, commission_net_cents::int AS cnet, commission_vat_cents::int AS cvat FROM payable_bill_sellers WHERE bill_id = $1`, [bill.id]);
    expect(shares.length).toBe(2);
    for (const s of shares) expect([s.cnet, s.cvat]).toEqual([Math.round((s.net * 350) / 10_000), Math.round((Math.round((s.net * 350) / 10_000) * 2000) / 10_000)]);
    expect((await gqlOk(`query($id: ID!) { agreementCommission(agreementId: $id) { rateBp basis frozen } }`, { id: a.id }, platformFinance)).agreementCommission)
      .toEqual({ rateBp: 350, basis: 'CONTRACT', frozen: true });
    expect((await errorOf(`query($id: ID!) { agreementCommission(agreementId: $id) { rateBp } }`, { id: a.id }, buyer.token)).extensions.code).toBe('NOT_FOUND');
  });
});
