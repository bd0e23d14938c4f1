import { pdfText, squash } from '@app/documents';
import { startTestApp, TestApp, platformAdminToken } from './helpers/test-app';
import { OrgSession, createOffering, publishOffering, signUpOrganization, verify } from './helpers/factories';
import { parisDay } from '@app/core/kernel';

const VERSION_FIELDS = 'id version status effectiveFrom effectiveTo definition';
const TARIFF_FIELDS = `id offeringId name gridKey versions { ${VERSION_FIELDS} } currentVersion { id version }`;
const LINE_FIELDS = 'code kind nature quantity unit unitPriceCents amountCents vatRateBp rule estimate waived';
const PRICE_FIELDS = `price {
  currency locale lines { ${LINE_FIELDS} } chargesCents adjustments { ${LINE_FIELDS} } subtotalCents
  vatRegime vatLines { rateBp baseCents vatCents label } vatCents totalCents vatMention estimate costsOnly notes
}`;

const CREATE_TARIFF = `mutation($offeringId: ID!, $name: String!, $gridKey: String, $definition: JSON) {
  createTariff(offeringId: $offeringId, name: $name, gridKey: $gridKey, definition: $definition) { ${TARIFF_FIELDS} }
}`;
const UPDATE_DRAFT = `mutation($tariffId: ID!, $definition: JSON!) { updateTariffDraft(tariffId: $tariffId, definition: $definition) { ${TARIFF_FIELDS} } }`;
const PUBLISH = `mutation($tariffId: ID!, $effectiveFrom: String!) { publishTariff(tariffId: $tariffId, effectiveFrom: $effectiveFrom) { ${TARIFF_FIELDS} } }`;
const TARIFFS = `query($offeringId: ID!) { tariffs(offeringId: $offeringId) { totalCount edges { node { ${TARIFF_FIELDS} } } } }`;
const ESTIMATE = `query($offeringId: ID!, $request: QuoteRequestInput!, $buyerCategory: BuyerCategory, $buyerCountry: String, $buyerVatNumber: String, $locale: QuoteLocale) {
  estimate(offeringId: $offeringId, request: $request, buyerCategory: $buyerCategory, buyerCountry: $buyerCountry, buyerVatNumber: $buyerVatNumber, locale: $locale) {
    offeringId offeringVersion tariffId tariffVersion pricedOn buyer { category country vatNumber } ${PRICE_FIELDS}
  }
}`;
const QUOTE_FIELDS = `id number status createdAt validUntil pdfPath pricedBuyer { category country vatNumber }
  offering { id version titleFr } tariffVersion { id version status } buyer { id name } producer { id name } ${PRICE_FIELDS}`;
const REQUEST_QUOTE = `mutation($offeringId: ID!, $request: QuoteRequestInput!, $validityDays: Int) {
  requestQuote(offeringId: $offeringId, request: $request, validityDays: $validityDays) { ${QUOTE_FIELDS} }
}`;
const QUOTE = `query($id: ID!) { quote(id: $id) { ${QUOTE_FIELDS} } }`;
const QUOTES = `{ quotes(first: 10) { totalCount edges { node { id number price { totalCents } } } } }`;

/** 20,000 patients for 12 months, 100 compute hours: every kind of component of the EDS grid. */
const REQUEST = { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000, months: 12, expectedUsage: { computeHours: '100' } };


describe('tariffs and quotes: standard grids, exact and explained prices', () => {
  let t: TestApp;
  let hospital: OrgSession;
  let otherHospital: OrgSession;
  let pharma: OrgSession;
  let academic: OrgSession;
  let german: OrgSession;
  let outsider: OrgSession;
  let offeringId: string;
  let tariffId: string;
  let quoteId: string;
  const today = parisDay(new Date());

  beforeAll(async () => {
    t = await startTestApp();
    const operator = await platformAdminToken(t);
    hospital = await signUpOrganization(t, 'HOSPITAL', `CHU de Tarifville ${Date.now()}`);
    otherHospital = await signUpOrganization(t, 'HOSPITAL');
    pharma = await signUpOrganization(t, 'PHARMA', `Laboratoires Devis ${Date.now()}`);
    academic = await signUpOrganization(t, 'ACADEMIC');
    outsider = await signUpOrganization(t, 'PHARMA');
    const de = await t.gql(`mutation($input: SignUpOrganizationInput!) { signUpOrganization(input: $input) { token user { id } organization { id name } } }`, {
      input: {
        organization: {
          name: `Forschung GmbH ${Date.now()}`, kind: 'PHARMA', vatNumber: 'DE123456789',
          address: { line: 'Unter den Linden 1', postalCode: '10117', city: 'Berlin', country: 'DE' },
        },
        admin: { email: `admin.${Date.now()}@forschung.test`, displayName: 'Admin DE', password: 'a-long-enough-password' },
      },
    });
    expect(de.errors).toBeUndefined();
    const s = de.data.signUpOrganization;
    german = { token: s.token, organizationId: s.organization.id, userId: s.user.id, email: '', name: s.organization.name };
    await verify(t, operator, hospital.organizationId);
    await verify(t, operator, otherHospital.organizationId);
    const offering = await createOffering(t, hospital.token);
    await publishOffering(t, hospital.token, offering.id);
    offeringId = offering.id;
  });
  afterAll(() => t.close());

  it('lists the standard grids to anyone', async () => {
    const res = await t.gql(`{ standardTariffGrids { totalCount edges { node { key name { fr en } description { fr } definition } } } }`);
    expect(res.errors).toBeUndefined();
    const grids = res.data.standardTariffGrids.edges.map((e: any) => e.node);
    expect(grids.map((g: any) => g.key).sort()).toEqual(['eds-standard', 'network-standard', 'registry-standard'].sort());
    const eds = grids.find((g: any) => g.key === 'eds-standard');
    expect(eds.name.en).toBe('Hospital health data warehouse – standard grid');
    expect(eds.definition.components).toHaveLength(6);
  });

  it('a producer starts a tariff from a standard grid and publishes it; a published version cannot be changed', async () => {
    const created = await t.gql(CREATE_TARIFF, { offeringId, name: 'Tarif recherche', gridKey: 'eds-standard' }, hospital.token);
    expect(created.errors).toBeUndefined();
    const tariff = created.data.createTariff;
    tariffId = tariff.id;
    expect(tariff).toMatchObject({ offeringId, name: 'Tarif recherche', gridKey: 'eds-standard', currentVersion: null });
    expect(tariff.versions).toHaveLength(1);
    expect(tariff.versions[0]).toMatchObject({ version: 1, status: 'DRAFT', effectiveFrom: null, effectiveTo: null });
    expect(tariff.versions[0].definition).toMatchObject({ key: 'eds-standard', version: '1', minimumTotalCents: 200000 });

    // A draft is not public: no price yet, and others do not see it.
    const early = await t.gql(ESTIMATE, { offeringId, request: REQUEST });
    expect(early.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'TARIFF_NOT_IN_EFFECT' });
    expect(early.errors![0].message).toMatch(/no published tariff in effect/);
    expect((await t.gql(TARIFFS, { offeringId })).data.tariffs.totalCount).toBe(0);

    const yesterday = await t.gql(PUBLISH, { tariffId, effectiveFrom: '2020-01-01' }, hospital.token);
    expect(yesterday.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'effectiveFrom' }] } });
    for (const impossible of ['2099-02-30', '2101-02-29', '2099-13-01']) {
      const res = await t.gql(PUBLISH, { tariffId, effectiveFrom: impossible }, hospital.token);
      expect(res.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'effectiveFrom', message: expect.stringMatching(/calendar day that exists/) }] } });
    }

    const published = await t.gql(PUBLISH, { tariffId, effectiveFrom: today }, hospital.token);
    expect(published.errors).toBeUndefined();
    const v1 = published.data.publishTariff.versions[0];
    expect(v1).toMatchObject({ version: 1, status: 'PUBLISHED', effectiveFrom: today, effectiveTo: null });
    expect(published.data.publishTariff.currentVersion).toEqual({ id: v1.id, version: 1 });

    const again = await t.gql(PUBLISH, { tariffId, effectiveFrom: today }, hospital.token);
    expect(again.errors![0].extensions.code).toBe('CONFLICT');
    expect(again.errors![0].message).toMatch(/Version 1 is already published and cannot be changed/);

    // Whatever the code does, the database refuses to change a published version.
    await expect(t.db.query(`UPDATE tariff_versions SET definition = jsonb_set(definition, '{minimumTotalCents}', '1') WHERE id = $1`, [v1.id]))
      .rejects.toThrow(/tariff version .* is PUBLISHED and immutable/);
    await expect(t.db.query(`UPDATE tariff_versions SET effective_from = effective_from - 1 WHERE id = $1`, [v1.id]))
      .rejects.toThrow(/immutable/);

    const publicView = await t.gql(TARIFFS, { offeringId });
    expect(publicView.data.tariffs.totalCount).toBe(1);
    expect(publicView.data.tariffs.edges[0].node.versions.map((v: any) => v.status)).toEqual(['PUBLISHED']);
  });

  it('refuses an invalid definition, naming each problem by its path', async () => {
    const definition = {
      key: 'broken', currency: 'EUR',
      components: [{ kind: 'VOLUME', code: 'P', label: { fr: 'Patients', en: 'Patients' }, basis: 'PATIENTS', model: 'GRADUATED',
        tiers: [{ from: 1, to: 100, unitPriceCents: 10 }, { from: 150, to: null, unitPriceCents: -5 }] }],
    };
    const res = await t.gql(CREATE_TARIFF, { offeringId, name: 'Cassé', definition }, hospital.token);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const fields = (res.errors![0].extensions.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['definition.components[0].tiers[1].from', 'definition.components[0].tiers[1].unitPriceCents']));
    const unknownGrid = await t.gql(CREATE_TARIFF, { offeringId, name: 'X', gridKey: 'nope' }, hospital.token);
    expect(unknownGrid.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'gridKey' }] } });
  });

  it('only the offering\'s producer manages its tariffs', async () => {
    const byOther = await t.gql(UPDATE_DRAFT, { tariffId, definition: { key: 'x', currency: 'EUR', components: [] } }, otherHospital.token);
    expect(byOther.errors![0].extensions.code).toBe('FORBIDDEN');
    const publishByOther = await t.gql(PUBLISH, { tariffId, effectiveFrom: today }, otherHospital.token);
    expect(publishByOther.errors![0].extensions.code).toBe('FORBIDDEN');
    const createByOther = await t.gql(CREATE_TARIFF, { offeringId, name: 'Pirate', gridKey: 'eds-standard' }, otherHospital.token);
    expect(createByOther.errors![0].extensions.code).toBe('FORBIDDEN');
    const byBuyer = await t.gql(CREATE_TARIFF, { offeringId, name: 'Acheteur', gridKey: 'eds-standard' }, pharma.token);
    expect(byBuyer.errors![0].extensions.code).toBe('FORBIDDEN');
    const updateByBuyer = await t.gql(UPDATE_DRAFT, { tariffId, definition: {} }, pharma.token);
    expect(updateByBuyer.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('estimates without a token: exact lines, rules and totals, nothing saved', async () => {
    const [{ count: before }] = await t.db.query(`SELECT count(*)::int AS count FROM quotes`);
    const res = await t.gql(ESTIMATE, { offeringId, request: REQUEST });
    expect(res.errors).toBeUndefined();
    const e = res.data.estimate;
    expect(e).toMatchObject({ offeringId, offeringVersion: 1, tariffId, tariffVersion: 1, pricedOn: today, buyer: { category: 'PHARMA', country: 'FR', vatNumber: null } });
    const p = e.price;
    expect(p.lines.map((l: any) => [l.code, l.quantity, l.unitPriceCents, l.amountCents])).toEqual([
      ['APPLICATION', '1', 120000, 120000],
      ['PREPARATION.EXTRACTION', '4', 75000, 300000], // 4 estimated days x 750 €
      ['PREPARATION.PSEUDONYMISATION', '2', 75000, 150000],
      ['PATIENTS.T1', '5000', 60, 300000], // graduated: 5,000 at 0.60 €
      ['PATIENTS.T2', '15000', 30, 450000], // then 15,000 at 0.30 €
      ['ACCESS_TERM', '12', 40000, 480000],
      ['SECURE_ENVIRONMENT.COMPUTE_HOURS', '100', 150, 15000],
      ['CLOSURE', '1', 60000, 60000],
    ]);
    expect(p.lines[4].rule).toBe('Tranche 2 : 5\u202f001–50\u202f000 patients à 0,30\u00a0€ (15\u202f000 patients dans cette tranche)');
    expect(p).toMatchObject({
      currency: 'EUR', locale: 'FR', chargesCents: 1875000, adjustments: [], subtotalCents: 1875000, vatRegime: 'FR_STANDARD',
      vatLines: [{ rateBp: 2000, baseCents: 1875000, vatCents: 375000, label: 'TVA 20\u00a0%' }], vatCents: 375000, totalCents: 2250000,
      vatMention: null, estimate: true, costsOnly: false,
    });
    const english = await t.gql(ESTIMATE, { offeringId, request: REQUEST, locale: 'EN' });
    expect(english.data.estimate.price.lines[0].rule).toBe('Fixed fee, incurred at application');
    expect(english.data.estimate.price.totalCents).toBe(2250000);
    const [{ count: after }] = await t.db.query(`SELECT count(*)::int AS count FROM quotes`);
    expect(after).toBe(before);
  });

  it('an academic buyer pays costs only, with the EHDS reduction', async () => {
    const res = await t.gql(ESTIMATE, { offeringId, request: REQUEST }, academic.token);
    expect(res.errors).toBeUndefined();
    const p = res.data.estimate.price;
    expect(res.data.estimate.buyer).toEqual({ category: 'ACADEMIC', country: 'FR', vatNumber: null });
    // Patients are a margin: waived (Data Act); then 40 % off the 11,250 € left.
    expect(p.lines.filter((l: any) => l.waived).map((l: any) => [l.code, l.amountCents])).toEqual([['PATIENTS.T1', 0], ['PATIENTS.T2', 0]]);
    expect(p.chargesCents).toBe(1125000);
    expect(p.adjustments).toEqual([expect.objectContaining({ kind: 'REDUCTION', amountCents: -450000, rule: 'Réduction établissement académique : 40\u00a0% de 11\u202f250,00\u00a0€' })]);
    expect(p).toMatchObject({ subtotalCents: 675000, vatCents: 135000, totalCents: 810000, costsOnly: true });
  });

  it('a German buyer organisation with a VAT number is quoted under reverse charge', async () => {
    const res = await t.gql(ESTIMATE, { offeringId, request: REQUEST }, german.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.estimate.buyer).toEqual({ category: 'PHARMA', country: 'DE', vatNumber: 'DE123456789' });
    expect(res.data.estimate.price).toMatchObject({
      subtotalCents: 1875000, vatRegime: 'REVERSE_CHARGE_EU', vatCents: 0, totalCents: 1875000,
      vatLines: [{ rateBp: 0, baseCents: 1875000, vatCents: 0 }],
      vatMention: 'Autoliquidation – article 283-2 du CGI / article 196 de la directive 2006/112/CE',
    });
    // Anonymous callers say who they are; the same buyer gets the same price.
    const anonymous = await t.gql(ESTIMATE, { offeringId, request: REQUEST, buyerCountry: 'DE', buyerVatNumber: 'DE123456789' });
    expect(anonymous.data.estimate.price.totalCents).toBe(1875000);
  });

  it('answers unknown and contradictory parameters with BAD_USER_INPUT naming them', async () => {
    const fieldsOf = (res: any) => (res.errors![0].extensions.fields as { field: string; message: string }[]);

    const records = await t.gql(ESTIMATE, { offeringId, request: { ...REQUEST, records: 1000 } });
    expect(records.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(fieldsOf(records)).toEqual([{ field: 'request.records', message: 'contradicts patients: this tariff counts patients, give patients only' }]);

    const withdrawal = await t.gql(ESTIMATE, { offeringId, request: { ...REQUEST, withdrawal: { afterStage: 'EXTRACTION', completedStages: ['EXTRACTION'] } } });
    expect(fieldsOf(withdrawal)).toEqual([{ field: 'request.withdrawal.completedStages', message: 'contradicts withdrawal.afterStage: give one of them' }]);

    const several = await t.gql(ESTIMATE, {
      offeringId, request: { purpose: 'AI_TRAINING', patients: 20000, preparation: { days: { linkage: '2.5' } }, expectedUsage: { computeHours: '-1' } },
    });
    expect(fieldsOf(several).map((f) => f.field).sort()).toEqual(['request.expectedUsage.computeHours', 'request.months', 'request.preparation.days.linkage']);

    const unknown = await t.gql(ESTIMATE, { offeringId, request: { ...REQUEST, cohorts: 3 } });
    expect(unknown.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0].message).toMatch(/Field "cohorts" is not defined by type "QuoteRequestInput"/);

    const badCountry = await t.gql(ESTIMATE, { offeringId, request: REQUEST, buyerCountry: 'DE', buyerVatNumber: 'FR123' });
    expect(fieldsOf(badCountry)).toEqual([{ field: 'buyerVatNumber', message: 'must start with DE for an organisation established in DE' }]);
    // The same VAT-number rule as sign-up: a French key must match the SIREN.
    const badKey = await t.gql(ESTIMATE, { offeringId, request: REQUEST, buyerCountry: 'FR', buyerVatNumber: 'FR26437145119' });
    expect(fieldsOf(badKey)).toEqual([{ field: 'buyerVatNumber', message: 'the key 26 does not match the SIREN 437145119: its key is 25 (FR25437145119)' }]);

    // A buyer organisation is priced as itself: it cannot pose as another kind of buyer.
    const posing = await t.gql(ESTIMATE, { offeringId, request: REQUEST, buyerCategory: 'PUBLIC_BODY' }, academic.token);
    expect(fieldsOf(posing)).toEqual([{ field: 'buyerCategory', message: expect.stringMatching(/^contradicts your organisation \(ACADEMIC\)/) }]);
  });

  it('a buyer requests a quote that freezes the tariff version; a new version does not change it', async () => {
    const tooLong = await t.gql(REQUEST_QUOTE, { offeringId, request: REQUEST, validityDays: 91 }, pharma.token);
    expect(tooLong.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'validityDays' }] } });
    const byProducer = await t.gql(REQUEST_QUOTE, { offeringId, request: REQUEST }, hospital.token);
    expect(byProducer.errors![0].extensions.code).toBe('FORBIDDEN');

    const res = await t.gql(REQUEST_QUOTE, { offeringId, request: REQUEST }, pharma.token);
    expect(res.errors).toBeUndefined();
    const q = res.data.requestQuote;
    quoteId = q.id;
    expect(q.number).toMatch(new RegExp(`^Q-${today.slice(0, 4)}-\\d{6}$`));
    expect(q).toMatchObject({
      status: 'ISSUED', pdfPath: `/quotes/${q.id}.pdf`, pricedBuyer: { category: 'PHARMA', country: 'FR' },
      offering: { id: offeringId, version: 1 }, tariffVersion: { version: 1, status: 'PUBLISHED' },
      buyer: { id: pharma.organizationId, name: pharma.name }, producer: { id: hospital.organizationId, name: hospital.name },
    });
    expect(q.price).toMatchObject({ subtotalCents: 1875000, vatCents: 375000, totalCents: 2250000 });
    const validDays = (Date.parse(q.validUntil) - Date.parse(q.createdAt)) / 86_400_000;
    expect(validDays).toBeCloseTo(30, 3);

    // The producer raises the application fee: version 2, published today, replaces version 1.
    const v1 = (await t.gql(TARIFFS, { offeringId }, hospital.token)).data.tariffs.edges[0].node.versions[0];
    const definition = structuredClone(v1.definition);
    definition.components[0].amountCents = 150000;
    const draft = await t.gql(UPDATE_DRAFT, { tariffId, definition }, hospital.token);
    expect(draft.errors).toBeUndefined();
    expect(draft.data.updateTariffDraft.versions.map((v: any) => [v.version, v.status])).toEqual([[2, 'DRAFT'], [1, 'PUBLISHED']]);
    expect(draft.data.updateTariffDraft.versions[1].definition).toEqual(v1.definition);
    const published = await t.gql(PUBLISH, { tariffId, effectiveFrom: today }, hospital.token);
    expect(published.data.publishTariff.versions.map((v: any) => [v.version, v.status])).toEqual([[2, 'PUBLISHED'], [1, 'RETIRED']]);
    expect(published.data.publishTariff.currentVersion.version).toBe(2);

    const estimate = await t.gql(ESTIMATE, { offeringId, request: REQUEST });
    expect(estimate.data.estimate).toMatchObject({ tariffVersion: 2, price: { subtotalCents: 1905000, totalCents: 2286000 } });

    const again = await t.gql(QUOTE, { id: quoteId }, pharma.token);
    expect(again.errors).toBeUndefined();
    expect(again.data.quote).toMatchObject({ number: q.number, tariffVersion: { version: 1, status: 'RETIRED' }, price: { subtotalCents: 1875000, totalCents: 2250000 } });
    expect(again.data.quote.price.lines[0]).toMatchObject({ code: 'APPLICATION', amountCents: 120000 });
    await expect(t.db.query(`UPDATE quotes SET total_cents = 1 WHERE id = $1`, [quoteId])).rejects.toThrow(/immutable/);
  });

  it('a quote is visible to its two parties only', async () => {
    const producerView = await t.gql(QUOTE, { id: quoteId }, hospital.token);
    expect(producerView.data.quote.price.totalCents).toBe(2250000);
    const third = await t.gql(QUOTE, { id: quoteId }, outsider.token);
    expect(third.errors![0].extensions.code).toBe('NOT_FOUND');
    expect(third.data).toBeNull();
    const anonymous = await t.gql(QUOTE, { id: quoteId });
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');

    for (const party of [pharma, hospital]) {
      const list = await t.gql(QUOTES, {}, party.token);
      expect(list.data.quotes.edges.map((e: any) => e.node.id)).toContain(quoteId);
    }
    expect((await t.gql(QUOTES, {}, outsider.token)).data.quotes.totalCount).toBe(0);
  });

  it('the quote PDF downloads for both parties, with the total and both parties\' names', async () => {
    const number = (await t.gql(QUOTE, { id: quoteId }, pharma.token)).data.quote.number;
    for (const party of [pharma, hospital]) {
      const res = await t.http.get(`/quotes/${quoteId}.pdf`).set('authorization', `Bearer ${party.token}`).buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`inline; filename="${number}.pdf"`);
      const text = squash(pdfText(res.body as Buffer, { layout: true }));
      expect(text).toContain(number);
      expect(text).toContain('22 500,00 €');
      expect(text).toContain('18 750,00 €');
      expect(text).toContain(pharma.name);
      expect(text).toContain(hospital.name);
    }
    const third = await t.http.get(`/quotes/${quoteId}.pdf`).set('authorization', `Bearer ${outsider.token}`);
    expect(third.status).toBe(404);
    expect(third.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await t.http.get(`/quotes/${quoteId}.pdf`)).status).toBe(401);
  });
  it('a producer previews its own draft tariff as a buyer category would be priced; nobody else can', async () => {
    const PREVIEW = `query($tariffId: ID!, $request: QuoteRequestInput!, $buyerCategory: BuyerCategory) {
      previewTariff(tariffId: $tariffId, request: $request, buyerCategory: $buyerCategory) { tariffId tariffVersion buyer { category } ${PRICE_FIELDS} }
    }`;
    const offering = await createOffering(t, hospital.token);
    const created = (await t.gql(CREATE_TARIFF, { offeringId: offering.id, name: 'Brouillon', gridKey: 'eds-standard' }, hospital.token)).data.createTariff;
    const draftId = created.id;
    // the offering is a draft and so is its tariff: no public estimate, but the producer's preview prices it
    const preview = await t.gql(PREVIEW, { tariffId: draftId, request: REQUEST, buyerCategory: 'ACADEMIC' }, hospital.token);
    expect(preview.errors).toBeUndefined();
    expect(preview.data.previewTariff).toMatchObject({ tariffId: draftId, tariffVersion: 1, buyer: { category: 'ACADEMIC' } });
    const before = preview.data.previewTariff.price;
    expect(before.lines.length).toBeGreaterThan(0);
    expect(before.totalCents).toBe(before.subtotalCents + before.vatCents);

    // a new draft price is priced at once: the minimum total raised above the computed charges
    const definition = { ...created.versions[0].definition, minimumTotalCents: before.subtotalCents + 1_000_000 };
    expect((await t.gql(UPDATE_DRAFT, { tariffId: draftId, definition }, hospital.token)).errors).toBeUndefined();
    const after = (await t.gql(PREVIEW, { tariffId: draftId, request: REQUEST, buyerCategory: 'ACADEMIC' }, hospital.token)).data.previewTariff.price;
    expect(after.subtotalCents).toBeGreaterThan(before.subtotalCents);
    // the same request as a full-price buyer costs at least as much as the academic one
    const pharmaPrice = (await t.gql(PREVIEW, { tariffId: draftId, request: REQUEST, buyerCategory: 'PHARMA' }, hospital.token)).data.previewTariff.price;
    expect(pharmaPrice.subtotalCents).toBeGreaterThanOrEqual(after.subtotalCents);

    // the draft stays the producer's: another producer cannot tell it exists, a buyer is refused, anonymous must sign in
    expect((await t.gql(PREVIEW, { tariffId: draftId, request: REQUEST }, otherHospital.token)).errors![0].extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(PREVIEW, { tariffId: draftId, request: REQUEST }, pharma.token)).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(PREVIEW, { tariffId: draftId, request: REQUEST })).errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(PREVIEW, { tariffId: 'nope', request: REQUEST }, hospital.token)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const bad = await t.gql(PREVIEW, { tariffId: draftId, request: { ...REQUEST, patients: -5 } }, hospital.token);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
