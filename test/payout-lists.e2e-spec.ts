import { randomUUID } from 'node:crypto';
import { BillPaymentsService, type IssuedBillFacts } from '@app/payments';
import { parisDay } from '@app/core';
import { FakeStripe } from '../libs/payments/src/testing/fake-stripe';
import { OrgSession, signUpOrganization } from './helpers/factories';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';

const PAYOUTS = `query($org: ID, $first: Int, $after: String) { payouts(organizationId: $org, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
  edges { cursor node { id sellerId billId billNumber method status amountCents payableCents vatCents nettedCents sentAt destination stripeTransferId sepaMessageId sepaExecutedOn } } } }`;
const SEPA_FILES = `query($first: Int, $after: String) { sepaFiles(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id messageId executionDate transferCount totalCents executedOn createdAt downloadPath } } } }`;

describe('payout lists: a seller reads its own payouts, the platform every payout and SEPA file', () => {
  let t: TestApp;
  let fake: FakeStripe;
  let platformFinance: string;
  let buyer: OrgSession;
  let chuA: OrgSession;
  let chuB: OrgSession;
  let outsider: OrgSession;
  let financeA: string;
  let financeOutsider: string;
  let billOne: IssuedBillFacts;
  let billTwo: IssuedBillFacts;
  let sepaFileId: string;
  const run = Date.now().toString(36);

  const gqlOk = async (q: string, v: Record<string, unknown>, token: string | null) => {
    const r = await t.gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const codeOf = async (q: string, v: Record<string, unknown>, token: string | null) => (await t.gql(q, v, token)).errors?.[0]?.extensions?.code;
  const apiKey = async (token: string, roles: string[]) =>
    (await gqlOk(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: `key ${roles.join('+')} ${randomUUID()}`, roles } }, token)).createApiKey.secret as string;
  const registerAccount = async (org: OrgSession, input: Record<string, unknown>) =>
    gqlOk(`mutation($i: RegisterPayoutAccountInput!) { registerPayoutAccount(input: $i) { organizationId } }`, { i: { holderName: org.name.slice(0, 100), ...input } }, await apiKey(org.token, ['FINANCE']));
  const issueBill = async (shares: [OrgSession, number, number][]): Promise<IssuedBillFacts> => {
    const bill: IssuedBillFacts = {
      billId: randomUUID(), number: `BL-${run}-${randomUUID().slice(0, 6)}`, agreementId: randomUUID(), buyerId: buyer.organizationId, currency: 'EUR',
      totalCents: shares.reduce((s, [, n, v]) => s + n + v, 0), issuedAt: new Date(),
      sellers: shares.map(([o, netCents, vatCents], i) => ({ invoiceId: randomUUID(), number: `FL-${run}-${i}`, sellerId: o.organizationId, netCents, vatCents })),
    };
    await t.db.transaction((m) => t.app.get(BillPaymentsService).recordIssuedBill(m, bill));
    return bill;
  };
  const payByTransfer = (bill: IssuedBillFacts) =>
    gqlOk(`mutation($i: RecordBankTransferInput!) { recordBankTransfer(input: $i) { status } }`,
      { i: { billNumber: bill.number, amountCents: bill.totalCents, receivedOn: parisDay(new Date()), bankReference: `VIR-${bill.number}` } }, platformFinance);
  const nodes = (data: { payouts: { edges: { node: Record<string, unknown> }[] } }) => data.payouts.edges.map((e) => e.node);

  beforeAll(async () => {
    fake = new FakeStripe();
    const port = await fake.start();
    t = await startTestApp({
      STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_WEBHOOK_SECRET: 'whsec_test_lists', STRIPE_API_URL: `http://127.0.0.1:${port}`,
      PLATFORM_IBAN: 'FR7630006000011234567890189', PLATFORM_BIC: 'AGRIFRPP',
    });
    platformFinance = await apiKey(await platformAdminToken(t), ['FINANCE']);
    buyer = await signUpOrganization(t, 'PHARMA', `Laboratoires Listes ${run}`);
    chuA = await signUpOrganization(t, 'HOSPITAL', `CHU de Rennes ${run}`);
    chuB = await signUpOrganization(t, 'HOSPITAL', `CHU de Brest ${run}`);
    outsider = await signUpOrganization(t, 'HOSPITAL', `CH de Morlaix ${run}`);
    financeA = await apiKey(chuA.token, ['FINANCE']);
    financeOutsider = await apiKey(outsider.token, ['FINANCE']);
    await registerAccount(chuA, { iban: 'FR76 1010 7001 0112 3456 7890 129' });
    // a connected account too: a bill paid by bank transfer is still paid out by SEPA credit transfer
    await registerAccount(chuB, { iban: 'DE89370400440532013000', stripeAccountId: fake.addConnectedAccount() });
    billOne = await issueBill([[chuA, 50_000, 10_000], [chuB, 30_000, 6_000]]);
    billTwo = await issueBill([[chuA, 20_000, 4_000]]);
    await payByTransfer(billOne);
    await payByTransfer(billTwo);
    const res = (await gqlOk(`mutation { runPayouts { skipped sepaFileId } }`, {}, platformFinance)).runPayouts;
    expect(res.skipped).toBe(false);
    sepaFileId = res.sepaFileId;
  });

  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it("the seller's FINANCE member lists its own payouts with their exact amounts, the IBAN masked", async () => {
    const data = await gqlOk(PAYOUTS, {}, financeA);
    expect(data.payouts.totalCount).toBe(2);
    const [messageId] = (await t.db.query(`SELECT message_id FROM sepa_files WHERE id = $1`, [sepaFileId])).map((r: { message_id: string }) => r.message_id);
    const common = { sellerId: chuA.organizationId, method: 'SEPA_CREDIT_TRANSFER', status: 'SENT', nettedCents: 0, destination: 'FR76 **** **** 0129', stripeTransferId: null, sepaMessageId: messageId, sepaExecutedOn: null };
    // the share excl. VAT less 10 % commission and the 20 % VAT on it; the seller's VAT paid out with it
    expect(nodes(data).sort((x, y) => String(x.billNumber).localeCompare(String(y.billNumber)))).toEqual([
      { ...common, id: expect.any(String), sentAt: expect.any(String), billId: billOne.billId, billNumber: billOne.number, amountCents: 54_000, payableCents: 44_000, vatCents: 10_000 },
      { ...common, id: expect.any(String), sentAt: expect.any(String), billId: billTwo.billId, billNumber: billTwo.number, amountCents: 21_600, payableCents: 17_600, vatCents: 4_000 },
    ].sort((x, y) => x.billNumber.localeCompare(y.billNumber)));
    expect(JSON.stringify(data)).not.toContain('10107001011234567890129');
    // its ADMIN member (the signing-up user) sees the same, naming its own organisation
    expect((await gqlOk(PAYOUTS, { org: chuA.organizationId }, chuA.token)).payouts.totalCount).toBe(2);
  });

  it('pages newest first with a stable cursor: first 1, then after it', async () => {
    const all = nodes(await gqlOk(PAYOUTS, {}, financeA)).map((n) => n.id);
    const one = (await gqlOk(PAYOUTS, { first: 1 }, financeA)).payouts;
    expect(one).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const two = (await gqlOk(PAYOUTS, { first: 1, after: one.pageInfo.endCursor }, financeA)).payouts;
    expect(two).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    expect([one.edges[0].node.id, two.edges[0].node.id]).toEqual(all);
    expect(new Set(all).size).toBe(2);
  });

  it("another seller sees none of them and cannot name the seller; a member without FINANCE or ADMIN and anonymous callers are refused", async () => {
    expect((await gqlOk(PAYOUTS, {}, financeOutsider)).payouts).toMatchObject({ totalCount: 0, edges: [] });
    const foreign = await t.gql(PAYOUTS, { org: chuA.organizationId }, financeOutsider);
    expect(foreign.data).toBeNull();
    expect(foreign.errors![0].extensions.code).toBe('NOT_FOUND');
    expect(await codeOf(PAYOUTS, {}, await apiKey(chuA.token, ['PUBLISHER']))).toBe('FORBIDDEN');
    expect(await codeOf(PAYOUTS, {}, null)).toBe('UNAUTHENTICATED');
    expect(await codeOf(PAYOUTS, { org: chuA.organizationId }, null)).toBe('UNAUTHENTICATED');
  });

  it('inputs are checked: an id that is not a UUID, a page size out of 1..100, a cursor not of this API', async () => {
    for (const v of [{ org: 'chu-a' }, { first: 0 }, { first: 101 }, { after: 'not-a-cursor' }]) {
      const r = await t.gql(PAYOUTS, v, financeA);
      expect(r.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(r.errors![0].message).not.toMatch(/SELECT|payouts o/);
    }
  });

  it("the platform lists any seller's payouts, or all of them", async () => {
    const b = nodes(await gqlOk(PAYOUTS, { org: chuB.organizationId }, platformFinance));
    expect(b).toEqual([expect.objectContaining({ billId: billOne.billId, amountCents: 32_400, payableCents: 26_400, vatCents: 6_000, method: 'SEPA_CREDIT_TRANSFER', destination: 'DE89 **** **** 3000' })]);
    const all = (await gqlOk(PAYOUTS, { first: 100 }, platformFinance)).payouts;
    expect(all.totalCount).toBeGreaterThanOrEqual(3);
    const ours = all.edges.map((e: { node: { sellerId: string } }) => e.node).filter((n: { sellerId: string }) => [chuA.organizationId, chuB.organizationId].includes(n.sellerId));
    expect(ours).toHaveLength(3);
    expect(await codeOf(PAYOUTS, { org: randomUUID() }, platformFinance)).toBe('NOT_FOUND');
  });

  it('the platform lists the SEPA file with its download path; once confirmed executed, the file and its payouts say when', async () => {
    const find = async () => {
      const files = (await gqlOk(SEPA_FILES, { first: 100 }, platformFinance)).sepaFiles;
      return files.edges.map((e: { node: { id: string } }) => e.node).find((f: { id: string }) => f.id === sepaFileId);
    };
    const [expected] = await t.db.query(`SELECT count(*)::int AS n, sum(amount_cents)::int AS total FROM payouts WHERE sepa_file_id = $1`, [sepaFileId]);
    const file = await find();
    expect(file).toEqual({
      id: sepaFileId, messageId: expect.stringMatching(/^PAYOUT-\d{4}-\d{2}-\d{2}-\d{5}$/), executionDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      transferCount: expected.n, totalCents: expected.total, executedOn: null, createdAt: expect.any(String), downloadPath: `/payouts/sepa-files/${sepaFileId}.xml`,
    });
    expect(file.transferCount).toBeGreaterThanOrEqual(3);
    const xml = await t.http.get(file.downloadPath).set('authorization', `Bearer ${platformFinance}`);
    expect(xml.status).toBe(200);
    expect(xml.text).toContain('<InstdAmt Ccy="EUR">540.00</InstdAmt>');

    const today = parisDay(new Date());
    await gqlOk(`mutation($id: ID!, $on: String!) { confirmSepaFileExecuted(sepaFileId: $id, executedOn: $on) { settled } }`, { id: sepaFileId, on: today }, platformFinance);
    expect((await find()).executedOn).toBe(today);
    expect(nodes(await gqlOk(PAYOUTS, {}, financeA)).map((n) => n.sepaExecutedOn)).toEqual([today, today]);
  });

  it('pages the SEPA files: first 1, then after it', async () => {
    const one = (await gqlOk(SEPA_FILES, { first: 1 }, platformFinance)).sepaFiles;
    expect(one.edges).toHaveLength(1);
    expect(one.totalCount).toBeGreaterThanOrEqual(1);
    const next = (await gqlOk(SEPA_FILES, { first: 1, after: one.pageInfo.endCursor }, platformFinance)).sepaFiles;
    expect(next.edges.every((e: { node: { id: string } }) => e.node.id !== one.edges[0].node.id)).toBe(true);
    expect(next.totalCount).toBe(one.totalCount);
  });

  it('a seller asking for the SEPA files is FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const seller = await t.gql(SEPA_FILES, {}, financeA);
    expect(seller.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(seller.errors![0].message).toMatch(/platform/);
    expect(await codeOf(SEPA_FILES, {}, chuA.token)).toBe('FORBIDDEN');
    expect(await codeOf(SEPA_FILES, {}, null)).toBe('UNAUTHENTICATED');
  });
});
