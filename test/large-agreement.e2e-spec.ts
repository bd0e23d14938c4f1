// An agreement of 25 000 000,00 € (2 500 000 000 cents, above GraphQL Int's 21 474 836,47 €):
// issued, read over GraphQL and rendered, every amount exact.
import request from 'supertest';
import { formatMoney } from '@app/core/kernel';
import { pdfDrawnText, pdfText, squash } from '@app/documents';
import { issuedAgreement, marketplace, Marketplace } from './helpers/agreements';
import { startTestApp, TestApp } from './helpers/test-app';

const label = (fr: string, en: string) => ({ fr, en });

/**
 * A national licence: 20 000 patients at 1 000 € (issuedAgreement's request), 24 months at
 * 30 000 €, 100 compute hours at 2 €, and a fixed fee that brings the total excl. VAT to
 * 20 833 333,33 €; VAT 20 % is 4 166 666,666 € -> 4 166 666,67 €, so 25 000 000,00 € in all.
 */
const NATIONAL_TARIFF = {
  key: 'national-licence', version: '1', currency: 'EUR',
  components: [
    { kind: 'FIXED_FEE', code: 'LICENCE', label: label('Licence nationale', 'National licence'), amountCents: 11_313_333, incurredAt: 'APPLICATION' },
    { kind: 'VOLUME', code: 'PATIENTS', label: label('Patients', 'Patients'), basis: 'PATIENTS', model: 'PER_UNIT', unitPriceCents: 100_000 },
    { kind: 'DURATION', code: 'TERM', label: label('Accès', 'Access'), monthlyFeeCents: 3_000_000 },
    { kind: 'USAGE', code: 'SDE', label: label('Espace sécurisé', 'Secure environment'), rates: [{ metric: 'COMPUTE_HOURS', unitPriceCents: 200 }] },
  ],
};

const PRICE = `price { lines { code amountCents unitPriceCents } adjustments { amountCents } chargesCents subtotalCents vatLines { rateBp baseCents vatCents } vatCents totalCents }`;

describe('an agreement of 25 000 000,00 €', () => {
  let t: TestApp;
  let m: Marketplace;
  beforeAll(async () => {
    t = await startTestApp();
    m = await marketplace(t, `National ${Date.now().toString(36)}`, NATIONAL_TARIFF);
  });
  afterAll(() => t.close());

  it('is issued, read over GraphQL and rendered with exact amounts', async () => {
    const a = await issuedAgreement(t, m);
    const res = await t.gql(`query($id: ID!) { agreement(id: $id) { number totalCents currency pdfPath request { acceptedQuote { ${PRICE} } } } }`, { id: a.id }, m.buyer.token);
    expect(res.errors).toBeUndefined();
    const agreement = res.data.agreement;
    expect(agreement).toMatchObject({ number: a.number, totalCents: 2_500_000_000, currency: 'EUR' });
    expect(agreement.request.acceptedQuote.price).toEqual({
      lines: [
        { code: 'LICENCE', amountCents: 11_313_333, unitPriceCents: 11_313_333 },
        { code: 'PATIENTS', amountCents: 2_000_000_000, unitPriceCents: 100_000 },
        { code: 'TERM', amountCents: 72_000_000, unitPriceCents: 3_000_000 },
        { code: 'SDE.COMPUTE_HOURS', amountCents: 20_000, unitPriceCents: 200 },
      ],
      adjustments: [],
      chargesCents: 2_083_333_333,
      subtotalCents: 2_083_333_333,
      vatLines: [{ rateBp: 2000, baseCents: 2_083_333_333, vatCents: 416_666_667 }],
      vatCents: 416_666_667,
      totalCents: 2_500_000_000,
    });
    // Exact as a JSON integer in the response body itself, not merely after parsing.
    const raw = await request(t.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${m.buyer.token}`)
      .send({ query: `query($id: ID!) { agreement(id: $id) { totalCents } }`, variables: { id: a.id } });
    expect(raw.text.trim()).toBe('{"data":{"agreement":{"totalCents":2500000000}}}');

    const pdf = await request(t.app.getHttpServer()).get(agreement.pdfPath).set('authorization', `Bearer ${m.buyer.token}`).responseType('blob');
    expect(pdf.status).toBe(200);
    // pdftotext prints every space-like character as a plain space: the amounts, exact.
    const text = squash(pdfText(pdf.body as Buffer));
    for (const amount of ['25 000 000,00 €', '20 833 333,33 €', '4 166 666,67 €', '20 000 000,00 €', '113 133,33 €', '720 000,00 €']) {
      expect(text).toContain(amount);
    }
    // As drawn: French grouping with U+202F (narrow no-break space), U+00A0 before €, as the kernel formats it.
    const drawn = pdfDrawnText(pdf.body as Buffer);
    for (const cents of [2_500_000_000, 2_083_333_333, 416_666_667, 2_000_000_000]) {
      expect(drawn).toContain(formatMoney(cents, 'fr'));
    }
    expect(formatMoney(2_500_000_000, 'fr')).toBe('25\u202f000\u202f000,00\u00a0€');
  });
});
