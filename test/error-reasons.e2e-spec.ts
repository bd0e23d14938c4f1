// Where a client must tell cases of one code apart, `extensions.reason` says which case it is.
import { declaredErrorReasons } from '@app/core';
import { accessRequestInput } from './helpers/market';
import { marketplace, Marketplace } from './helpers/agreements';
import { createOffering, publishOffering } from './helpers/factories';
import { startTestApp, TestApp } from './helpers/test-app';

const ESTIMATE = `query($offeringId: ID!, $request: QuoteRequestInput!) { estimate(offeringId: $offeringId, request: $request) { price { totalCents } } }`;
const REQUEST = { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000, months: 12, expectedUsage: { computeHours: '100' } };

describe('extensions.reason', () => {
  let t: TestApp;
  let m: Marketplace;
  beforeAll(async () => {
    t = await startTestApp();
    m = await marketplace(t, `Raisons ${Date.now().toString(36)}`);
  });
  afterAll(() => t.close());

  it('each reason is declared by one library', () => {
    expect(declaredErrorReasons()).toEqual(expect.arrayContaining([
      { reason: 'OFFERING_RETIRED', library: 'catalog' },
      { reason: 'TARIFF_NOT_IN_EFFECT', library: 'pricing' },
      { reason: 'QUOTE_EXPIRED', library: 'pricing' },
      { reason: 'SIGN_IN_LOCKED', library: 'identity' },
      { reason: 'ADDRESS_LOCKED', library: 'identity' },
      { reason: 'PASSWORD_RESET_LIMITED', library: 'identity' },
      { reason: 'RESET_TOKEN_INVALID', library: 'identity' },
      ...['INVOICE_INCOMPLETE', 'QUOTE_NOT_REPRODUCIBLE', 'BILL_CANCELLED', 'NOT_AN_INVOICE', 'ALREADY_CREDITED', 'PARTIALLY_CREDITED'].map((reason) => ({ reason, library: 'billing' })),
      ...['ALREADY_PAID', 'PARTLY_PAID_BY_TRANSFER', 'ALREADY_RECORDED', 'ALREADY_EXECUTED', 'STRIPE_DISABLED', 'STRIPE_REFUSED', 'PAYMENT_DECLINED', 'SIGNATURE', 'WEBHOOKS_DISABLED', 'BODY']
        .map((reason) => ({ reason, library: 'payments' })),
    ]));
  });

  it('TARIFF_NOT_IN_EFFECT: an offering not priced yet', async () => {
    const unpriced = await createOffering(t, m.producer.token);
    await publishOffering(t, m.producer.token, unpriced.id);
    const res = await t.gql(ESTIMATE, { offeringId: unpriced.id, request: REQUEST }, m.buyer.token);
    expect(res.errors![0]).toMatchObject({
      message: expect.stringMatching(/^This offering has no published tariff in effect on \d{4}-\d{2}-\d{2}: its producer has not priced it yet$/),
      extensions: { code: 'NOT_FOUND', reason: 'TARIFF_NOT_IN_EFFECT', entity: 'Tariff', offeringId: unpriced.id },
    });
    // Another NOT_FOUND carries no reason: the offering itself is unknown.
    const unknown = await t.gql(ESTIMATE, { offeringId: '00000000-0000-4000-8000-000000000000', request: REQUEST }, m.buyer.token);
    expect(unknown.errors![0].extensions).toEqual({ code: 'NOT_FOUND', entity: 'Offering', id: '00000000-0000-4000-8000-000000000000' });
  });

  it('QUOTE_EXPIRED: accepting a quote past its validity', async () => {
    const create = await t.gql(`mutation($input: CreateAccessRequestInput!) { createAccessRequest(input: $input) { id } }`,
      { input: accessRequestInput({ offeringId: m.offeringId, licenceId: m.licenceId } as never) }, m.buyer.token);
    expect(create.errors).toBeUndefined();
    const id = create.data.createAccessRequest.id;
    for (const [move, token] of [['submitAccessRequest', m.buyer.token], ['startAccessRequestReview', m.producer.token], ['quoteAccessRequest', m.producer.token]] as const) {
      expect((await t.gql(`mutation($id: ID!) { ${move}(id: $id) { id } }`, { id }, token)).errors).toBeUndefined();
    }
    // An issued quote is immutable (a trigger says so): its validity is shortened with triggers off, in this transaction only.
    await t.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE quotes SET created_at = created_at - interval '90 days', valid_until = now() - interval '1 minute' WHERE id = (SELECT current_quote_id FROM access_requests WHERE id = $1)`, [id]);
    });
    const res = await t.gql(`mutation($id: ID!) { acceptAccessRequest(id: $id) { id } }`, { id }, m.buyer.token);
    expect(res.errors![0]).toMatchObject({
      message: expect.stringMatching(/^Quote \S+ expired on .*: the producer quotes again/),
      extensions: { code: 'CONFLICT', reason: 'QUOTE_EXPIRED' },
    });
  });

  it('OFFERING_RETIRED: pricing, requesting or editing a retired offering', async () => {
    const offering = await createOffering(t, m.producer.token);
    await publishOffering(t, m.producer.token, offering.id);
    const retired = await t.gql(`mutation($id: ID!) { retireOffering(id: $id) { id } }`, { id: offering.id }, m.producer.token);
    expect(retired.errors).toBeUndefined();

    const again = await t.gql(`mutation($id: ID!) { retireOffering(id: $id) { id } }`, { id: offering.id }, m.producer.token);
    expect(again.errors![0]).toMatchObject({ message: 'This offering is already retired', extensions: { code: 'CONFLICT', reason: 'OFFERING_RETIRED' } });
    const edit = await t.gql(`mutation($id: ID!) { updateOffering(id: $id, input: { title: { fr: "Nouveau titre", en: "New title" } }) { id } }`, { id: offering.id }, m.producer.token);
    expect(edit.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT', reason: 'OFFERING_RETIRED' } });
    const tariff = await t.gql(`mutation($o: ID!) { createTariff(offeringId: $o, name: "Tarif", gridKey: "eds-standard") { id } }`, { o: offering.id }, m.producer.token);
    expect(tariff.errors![0]).toMatchObject({ message: 'This offering is retired; it takes no new tariff', extensions: { code: 'CONFLICT', reason: 'OFFERING_RETIRED' } });
    // To others it is withdrawn, no longer offered: NOT_FOUND, with the reason.
    for (const token of [m.buyer.token, null]) {
      const seen = await t.gql(ESTIMATE, { offeringId: offering.id, request: REQUEST }, token);
      expect(seen.errors![0]).toMatchObject({
        message: `Offering "${offering.id}" was retired by its producer: it is no longer offered`,
        extensions: { code: 'NOT_FOUND', reason: 'OFFERING_RETIRED', entity: 'Offering', id: offering.id },
      });
    }
    const requested = await t.gql(`mutation($input: CreateAccessRequestInput!) { createAccessRequest(input: $input) { id } }`,
      { input: accessRequestInput({ offeringId: offering.id, licenceId: m.licenceId } as never) }, m.buyer.token);
    expect(requested.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'OFFERING_RETIRED' });
    const priced = await t.gql(ESTIMATE, { offeringId: offering.id, request: REQUEST }, m.producer.token);
    expect(priced.errors![0]).toMatchObject({ message: 'This offering is retired: only published offerings are priced', extensions: { code: 'CONFLICT', reason: 'OFFERING_RETIRED' } });
  });
});
