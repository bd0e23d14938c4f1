import { pdfSig, pdfSigBlocks, pdfText, qpdfProblems, squash } from '@app/documents';
import request from 'supertest';
import { AgreementService, allowedTransitions, TRANSITION_NAMES, type AccessRequestState } from '@app/contracting';
import { addDays, parisDay, parisInstant } from '@app/core/kernel';
import { OrgSession, createOffering, publishOffering, signUpOrganization, verify } from './helpers/factories';
import { Market, accessRequestInput } from './helpers/market';
import { platformAdminToken, startTestApp, TestApp } from './helpers/test-app';

jest.setTimeout(120_000);

const REQUEST_FIELDS = `id number state version purposeCategory purposeSummary projectTitle legalBasis cnilFormality cnilReference durationMonths startDate
  scope { population variables periodStart periodEnd }
  offering { id version title { fr } } licence { id key version }
  buyer { id name } producer { id name }
  estimate { totalCents subtotalCents vatCents currency lines { code amountCents } }
  currentQuote { id number price { totalCents } } acceptedQuote { id number price { totalCents } }
  allowedTransitions
  proposals { by changes { clauseId alternativeId revertToStandard } quoteId note }
  deviations { clauseId kind alternativeId proposedBy redline { fr { kind text } } }
  history { transition fromState toState side organizationId note at }
  agreement { id number status templateKey templateVersion templateHash variablesHash unsignedPdfSha256 sealedPdfSha256 startsOn endsOn totalCents pdfPath }`;

const CREATE = `mutation($input: CreateAccessRequestInput!) { createAccessRequest(input: $input) { ${REQUEST_FIELDS} } }`;
const GET = `query($id: ID!) { accessRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const TRANSITION = `mutation($id: ID!, $t: AccessRequestTransition!, $note: String) { transitionAccessRequest(id: $id, transition: $t, note: $note) { id state allowedTransitions } }`;
const SUBMIT = `mutation($id: ID!) { submitAccessRequest(id: $id) { id state } }`;
const REVIEW = `mutation($id: ID!) { startAccessRequestReview(id: $id) { id state } }`;
const QUOTE = `mutation($id: ID!, $input: QuoteAccessRequestInput) { quoteAccessRequest(id: $id, input: $input) { ${REQUEST_FIELDS} } }`;
const COUNTER = `mutation($id: ID!, $changes: [ClauseChangeInput!]!, $note: String) { counterProposeAccessRequest(id: $id, changes: $changes, note: $note) { ${REQUEST_FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptAccessRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectAccessRequest(id: $id, reason: $reason) { id state } }`;
const REQUEST_INFO = `mutation($id: ID!, $note: String!) { requestInformation(id: $id, note: $note) { id state } }`;
const PROVIDE_INFO = `mutation($id: ID!, $note: String!) { provideInformation(id: $id, note: $note) { id state } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawAccessRequest(id: $id) { id state } }`;
const SIGN = `mutation($id: ID!, $text: String!, $publish: Boolean) {
  signAgreement(agreementId: $id, consent: true, consentText: $text, publishPrice: $publish) {
    id status sealedPdfSha256 publishPrice signatures { side signerName signedAt ip userAgent consentText unsignedPdfSha256 }
  }
}`;
const AGREEMENT = `query($id: ID!) { agreement(id: $id) { id number status buyer { name } producer { name } signatures { side } request { id state } } }`;
const TERMINATE = `mutation($id: ID!, $reason: String!) { terminateAgreement(id: $id, reason: $reason) { id status terminationReason } }`;
const VERIFY = `query($pdf: String!) {
  verifyAgreement(pdfBase64: $pdf) {
    issuedHere unaltered agreementNumber documentSha256 sealedAt status
    signatures { signerName signerOrganization signedAt valid coversWholeDocument }
    parties { side name siret signerName signedAt }
  }
}`;
const REGISTER = `{ transparencyRegister(first: 100) { totalCount edges { node {
  agreementNumber producerName buyerName offeringTitle { fr } purposeCategory purposeCategoryLabel purposeSummary startsOn endsOn status signedAt totalCents currency
} } } }`;

/** The PDF's text with whitespace runs (no-break spaces too) collapsed. */
const flatText = (pdf: Buffer) => squash(pdfText(pdf));

const CONSENT = 'J’ai lu l’accord et ses annexes et je le signe électroniquement au nom de mon organisation.';
const PRICING = { purpose: 'SCIENTIFIC_RESEARCH', patients: 20000, expectedUsage: { computeHours: '100' } };

function binary(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}


describe('access requests, negotiation and signed agreements', () => {
  let t: TestApp;
  let operator: string;
  let hospital: OrgSession;
  let pharma: OrgSession;
  let outsider: OrgSession;
  let offeringId: string;
  let licenceId: string;
  const run = Date.now().toString(36);
  const today = parisDay(new Date());

  const gqlOk = async (query: string, variables: Record<string, unknown>, token: string | null) => {
    const res = await t.gql(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };

  const requestInput = (overrides: Record<string, unknown> = {}) => accessRequestInput({ offeringId, licenceId } as Market, { startDate: today, ...overrides });

  const createRequest = async (overrides: Record<string, unknown> = {}) => (await gqlOk(CREATE, { input: requestInput(overrides) }, pharma.token)).createAccessRequest;

  /** A request brought to QUOTED by the producer. */
  const quotedRequest = async () => {
    const r = await createRequest();
    await gqlOk(SUBMIT, { id: r.id }, pharma.token);
    await gqlOk(REVIEW, { id: r.id }, hospital.token);
    return (await gqlOk(QUOTE, { id: r.id }, hospital.token)).quoteAccessRequest;
  };

  const download = (path: string, token: string | null) => {
    const req = request(t.app.getHttpServer()).get(path).buffer(true).parse(binary as never);
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };

  beforeAll(async () => {
    t = await startTestApp();
    operator = await platformAdminToken(t);
    hospital = await signUpOrganization(t, 'HOSPITAL', `CHU de Contratville ${run}`);
    pharma = await signUpOrganization(t, 'PHARMA', `Laboratoires Signature ${run}`);
    outsider = await signUpOrganization(t, 'PHARMA', `Curieux SAS ${run}`);
    await verify(t, operator, hospital.organizationId);
    const roles = `mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`;
    await gqlOk(roles, { u: hospital.userId, r: ['ADMIN', 'PUBLISHER', 'SIGNER'] }, hospital.token);
    await gqlOk(roles, { u: pharma.userId, r: ['ADMIN', 'BUYER', 'SIGNER'] }, pharma.token);
    await gqlOk(roles, { u: outsider.userId, r: ['ADMIN', 'BUYER', 'SIGNER'] }, outsider.token);

    const offering = await createOffering(t, hospital.token);
    await publishOffering(t, hospital.token, offering.id);
    offeringId = offering.id;
    const tariff = (await gqlOk(`mutation($o: ID!) { createTariff(offeringId: $o, name: "Tarif standard", gridKey: "eds-standard") { id } }`, { o: offeringId }, hospital.token)).createTariff;
    const published = await gqlOk(`mutation($id: ID!, $d: String!) { publishTariff(tariffId: $id, effectiveFrom: $d) { versions { id } } }`, { id: tariff.id, d: today }, hospital.token);
    const tariffVersionId = published.publishTariff.versions[0].id;
    const templates = await gqlOk(`{ licenceTemplates(filter: { standard: true }) { edges { node { key latestVersion { id } } } } }`, {}, null);
    licenceId = templates.licenceTemplates.edges.find((e: any) => e.node.key === 'commercial-research').node.latestVersion.id;
    await gqlOk(`mutation($o: ID!, $l: [OfferingLicenceInput!]!) { setOfferingLicences(offeringId: $o, licences: $l) { id } }`,
      { o: offeringId, l: [{ templateVersionId: licenceId, tariffVersionId }] }, hospital.token);
  });
  afterAll(() => t.close());

  it('a buyer creates a request in DRAFT with its exact estimate; bad values are named', async () => {
    const r = await createRequest();
    expect(r).toMatchObject({
      state: 'DRAFT', version: 1, purposeCategory: 'REAL_WORLD_EVIDENCE', cnilFormality: 'MR_004', durationMonths: 12, startDate: today,
      offering: { id: offeringId, version: 1 }, licence: { id: licenceId, key: 'commercial-research', version: '1.0.0' },
      buyer: { id: pharma.organizationId }, producer: { id: hospital.organizationId },
      currentQuote: null, acceptedQuote: null, proposals: [], deviations: [], history: [], agreement: null,
      allowedTransitions: ['submit', 'withdraw'],
    });
    expect(r.number).toMatch(/^AR-\d{4}-\d{6}$/);
    // 20,000 patients for 12 months and 100 compute hours under the EDS standard grid, priced as a pharma company.
    expect(r.estimate).toMatchObject({ currency: 'EUR', subtotalCents: 1875000, vatCents: 375000, totalCents: 2250000 });
    expect(r.estimate.lines.find((l: any) => l.code === 'ACCESS_TERM').amountCents).toBe(480000);

    const bad = await t.gql(CREATE, { input: requestInput({ purposeCategory: 'MARKETING', licenceVariables: { jurisdiction: 'LONDON', colour: 'blue' } }) }, pharma.token);
    expect(bad.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions.fields).toEqual([{ field: 'input.licenceVariables.colour', message: expect.stringContaining('has no such variable') }]);
    const wrongEnum = await t.gql(CREATE, { input: requestInput({ purposeCategory: 'MARKETING' }) }, pharma.token);
    expect((wrongEnum.errors![0].extensions.fields as any[]).map((f) => f.field)).toEqual(['input.purposeCategory']);
    const impossibleDates = await t.gql(CREATE, { input: requestInput({ startDate: '2099-02-30', scope: { ...requestInput().scope as object, periodEnd: '2021-02-29' } }) }, pharma.token);
    expect(impossibleDates.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((impossibleDates.errors![0].extensions.fields as any[]).map((f) => f.field).sort()).toEqual(['input.scope.periodEnd', 'input.startDate']);
    const notOffered = await t.gql(CREATE, { input: requestInput({ templateVersionId: '00000000-0000-4000-8000-000000000000' }) }, pharma.token);
    expect(notOffered.errors![0].extensions.fields).toEqual([{ field: 'input.templateVersionId', message: expect.stringContaining('commercial-research@1.0.0') }]);
    const byProducer = await t.gql(CREATE, { input: requestInput() }, hospital.token);
    expect(byProducer.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  describe('the full flow', () => {
    let requestId: string;
    let agreementId: string;
    let sealed: Buffer;

    it('pharma requests, producer quotes, pharma counter-proposes, producer accepts: the agreement is issued', async () => {
      const r = await createRequest();
      requestId = r.id;
      expect((await gqlOk(SUBMIT, { id: requestId }, pharma.token)).submitAccessRequest.state).toBe('SUBMITTED');
      expect((await gqlOk(REVIEW, { id: requestId }, hospital.token)).startAccessRequestReview.state).toBe('UNDER_REVIEW');
      expect((await gqlOk(REQUEST_INFO, { id: requestId, note: 'Précisez les variables de biologie.' }, hospital.token)).requestInformation.state).toBe('INFORMATION_REQUESTED');
      expect((await gqlOk(PROVIDE_INFO, { id: requestId, note: 'HbA1c et créatinine.' }, pharma.token)).provideInformation.state).toBe('UNDER_REVIEW');

      const quoted = (await gqlOk(QUOTE, {
        id: requestId,
        input: { changes: [{ clauseId: 'publication', alternativeId: 'joint-publication' }], pricing: { ...PRICING, patients: 10000 }, note: 'Volume ajusté' },
      }, hospital.token)).quoteAccessRequest;
      expect(quoted.state).toBe('QUOTED');
      // 10,000 patients: 5,000 x 0.60 + 5,000 x 0.30 = 4,500 € instead of 7,500 €; + 20 % VAT.
      expect(quoted.currentQuote.price.totalCents).toBe(1890000);
      expect(quoted.allowedTransitions).toEqual(['requestInformation', 'reject']);
      const ownAccept = await t.gql(ACCEPT, { id: requestId }, hospital.token);
      expect(ownAccept.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(ownAccept.errors![0].message).toMatch(/the producer made this quote and cannot accept it itself/);

      const countered = (await gqlOk(COUNTER, {
        id: requestId, changes: [{ clauseId: 'audit', alternativeId: 'independent-audit-report' }], note: 'Audit par un tiers indépendant',
      }, pharma.token)).counterProposeAccessRequest;
      expect(countered.state).toBe('COUNTER_PROPOSED');
      expect(countered.deviations.map((d: any) => [d.clauseId, d.kind, d.alternativeId, d.proposedBy])).toEqual([
        ['publication', 'ALTERNATIVE', 'joint-publication', 'PRODUCER'],
        ['audit', 'ALTERNATIVE', 'independent-audit-report', 'BUYER'],
      ]);
      expect(countered.deviations[1].redline.fr.some((s: any) => s.kind === 'INSERT')).toBe(true);
      expect(countered.deviations[1].redline.fr.some((s: any) => s.kind === 'DELETE')).toBe(true);

      const accepted = (await gqlOk(ACCEPT, { id: requestId }, hospital.token)).acceptAccessRequest;
      expect(accepted.state).toBe('AGREEMENT_ISSUED');
      expect(accepted.acceptedQuote).toEqual(accepted.currentQuote);
      expect(accepted.history.map((h: any) => [h.transition, h.fromState, h.toState, h.side])).toEqual([
        ['submit', 'DRAFT', 'SUBMITTED', 'BUYER'],
        ['startReview', 'SUBMITTED', 'UNDER_REVIEW', 'PRODUCER'],
        ['requestInformation', 'UNDER_REVIEW', 'INFORMATION_REQUESTED', 'PRODUCER'],
        ['provideInformation', 'INFORMATION_REQUESTED', 'UNDER_REVIEW', 'BUYER'],
        ['quote', 'UNDER_REVIEW', 'QUOTED', 'PRODUCER'],
        ['counterPropose', 'QUOTED', 'COUNTER_PROPOSED', 'BUYER'],
        ['accept', 'COUNTER_PROPOSED', 'ACCEPTED', 'PRODUCER'],
        ['issueAgreement', 'ACCEPTED', 'AGREEMENT_ISSUED', 'PLATFORM'],
      ]);
      expect(accepted.history[2]).toMatchObject({ organizationId: hospital.organizationId, note: 'Précisez les variables de biologie.' });
      const a = accepted.agreement;
      agreementId = a.id;
      expect(a).toMatchObject({ status: 'ISSUED', templateKey: 'commercial-research', templateVersion: '1.0.0', startsOn: today, totalCents: 1890000, sealedPdfSha256: null });
      expect(a.number).toMatch(/^AGR-\d{4}-\d{6}$/);
      for (const h of [a.templateHash, a.variablesHash, a.unsignedPdfSha256]) expect(h).toMatch(/^[0-9a-f]{64}$/);
      expect(accepted.allowedTransitions).toEqual(['sign']);
    });

    it('each party downloads the unsigned agreement it signs; others cannot', async () => {
      const own = await download(`/agreements/${agreementId}.pdf`, pharma.token);
      expect(own.status).toBe(200);
      expect(own.headers['content-type']).toBe('application/pdf');
      const text = flatText(own.body);
      expect(text).toContain(pharma.name);
      expect(text).toContain(hospital.name);
      expect((await download(`/agreements/${agreementId}.pdf`, outsider.token)).status).toBe(404);
      expect((await download(`/agreements/${agreementId}.pdf`, null)).status).toBe(401);
    });

    it('both SIGNERs sign; the platform seals; the agreement is ACTIVE from today', async () => {
      const noConsent = await t.gql(`mutation($id: ID!) { signAgreement(agreementId: $id, consent: false, consentText: "Je signe au nom de mon organisation.") { id } }`, { id: agreementId }, pharma.token);
      expect(noConsent.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'consent' }] });

      const first = (await gqlOk(SIGN, { id: agreementId, text: CONSENT }, pharma.token)).signAgreement;
      expect(first).toMatchObject({ status: 'ISSUED', sealedPdfSha256: null });
      expect(first.signatures).toEqual([expect.objectContaining({ side: 'BUYER', signerName: 'Admin ' + pharma.email.match(/admin(\d+)/)![1], consentText: CONSENT })]);
      expect(first.signatures[0].ip).toBeTruthy();
      const again = await t.gql(SIGN, { id: agreementId, text: CONSENT }, pharma.token);
      expect(again.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(again.errors![0].message).toMatch(/the buyer has already signed this agreement; waiting for the producer/);

      const second = (await gqlOk(SIGN, { id: agreementId, text: CONSENT }, hospital.token)).signAgreement;
      expect(second).toMatchObject({ status: 'ACTIVE', publishPrice: false });
      expect(second.sealedPdfSha256).toMatch(/^[0-9a-f]{64}$/);
      const r = (await gqlOk(GET, { id: requestId }, hospital.token)).accessRequest;
      expect(r.state).toBe('ACTIVE');
      expect(r.history.slice(-3).map((h: any) => [h.transition, h.fromState, h.toState, h.side])).toEqual([
        ['sign', 'AGREEMENT_ISSUED', 'AGREEMENT_ISSUED', 'BUYER'],
        ['sign', 'AGREEMENT_ISSUED', 'SIGNED', 'PRODUCER'],
        ['activate', 'SIGNED', 'ACTIVE', 'PLATFORM'],
      ]);

      const res = await download(`/agreements/${agreementId}.pdf`, hospital.token);
      expect(res.status).toBe(200);
      sealed = res.body;
      expect(require('node:crypto').createHash('sha256').update(sealed).digest('hex')).toBe(second.sealedPdfSha256);
    });

    it('the sealed PDF: pdfsig valid over the whole document, qpdf clean, both parties and the total price in the text', () => {
      const blocks = pdfSigBlocks(pdfSig(sealed));
      expect(blocks.length).toBeGreaterThanOrEqual(1);
      for (const b of blocks) expect(b).toContain('Signature is Valid.');
      expect(blocks[blocks.length - 1]).toContain('Total document signed');
      expect(qpdfProblems(sealed)).toEqual([]);
      const text = flatText(sealed);
      expect(text).toContain(pharma.name);
      expect(text).toContain(hospital.name);
      expect(text).toContain('18 900,00 €');
      expect(text).toContain("Piste d'audit / Audit trail");
    });

    it('verification: the original is issued here and unaltered; one changed byte is detected', async () => {
      const v = (await gqlOk(VERIFY, { pdf: sealed.toString('base64') }, null)).verifyAgreement;
      const agreement = (await gqlOk(AGREEMENT, { id: agreementId }, pharma.token)).agreement;
      expect(v).toMatchObject({ issuedHere: true, unaltered: true, agreementNumber: agreement.number, status: 'ACTIVE' });
      expect(v.parties.map((p: any) => [p.side, p.name])).toEqual([['PRODUCER', hospital.name], ['BUYER', pharma.name]]);
      expect(v.parties.every((p: any) => p.signerName && p.signedAt)).toBe(true);
      expect(v.signatures).toEqual([expect.objectContaining({ valid: true, coversWholeDocument: true })]);

      const tampered = Buffer.from(sealed);
      const at = Math.floor(tampered.length / 3);
      tampered[at] = tampered[at] ^ 0x01;
      expect(pdfSig(tampered)).not.toContain('Signature is Valid.');
      const altered = (await gqlOk(VERIFY, { pdf: tampered.toString('base64') }, null)).verifyAgreement;
      expect(altered).toMatchObject({ issuedHere: false, unaltered: false, parties: [] });

      const http = await request(t.app.getHttpServer()).post('/agreements/verify').set('content-type', 'application/pdf').send(sealed);
      expect(http.status).toBe(200);
      expect(http.body).toMatchObject({ issuedHere: true, unaltered: true, agreementNumber: agreement.number });
      const httpAltered = await request(t.app.getHttpServer()).post('/agreements/verify').set('content-type', 'application/pdf').send(tampered);
      expect(httpAltered.body).toMatchObject({ issuedHere: false, unaltered: false });
      const notPdf = await request(t.app.getHttpServer()).post('/agreements/verify').set('content-type', 'application/pdf').send(Buffer.from('hello'));
      expect(notPdf.status).toBe(400);
    });

    it('the signed file is never rewritten', async () => {
      await expect(t.db.query(`UPDATE agreements SET sealed_pdf = 'x'::bytea WHERE id = $1`, [agreementId])).rejects.toThrow(/never rewritten/);
      await expect(t.db.query(`UPDATE agreements SET render_input = '{}' WHERE id = $1`, [agreementId])).rejects.toThrow(/never changed/);
    });

    it('the public transparency register lists it without a token and without the price', async () => {
      const res = await t.gql(REGISTER);
      expect(res.errors).toBeUndefined();
      const agreement = (await gqlOk(AGREEMENT, { id: agreementId }, pharma.token)).agreement;
      const entry = res.data.transparencyRegister.edges.map((e: any) => e.node).find((n: any) => n.agreementNumber === agreement.number);
      expect(entry).toMatchObject({
        producerName: hospital.name, buyerName: pharma.name, offeringTitle: { fr: 'Entrepôt de données hospitalier : cancers du sein' },
        purposeCategory: 'REAL_WORLD_EVIDENCE', purposeCategoryLabel: 'Étude en vie réelle', startsOn: today, status: 'ACTIVE', totalCents: null, currency: null,
      });
      expect(entry.purposeSummary).toMatch(/cancer du sein/);
    });

    it('a third organisation can neither read nor act on the request or the agreement', async () => {
      const expectNotFound = async (query: string, variables: Record<string, unknown>) => {
        const res = await t.gql(query, variables, outsider.token);
        expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      };
      await expectNotFound(GET, { id: requestId });
      await expectNotFound(AGREEMENT, { id: agreementId });
      await expectNotFound(SIGN, { id: agreementId, text: CONSENT });
      await expectNotFound(TERMINATE, { id: agreementId, reason: 'Pour voir' });
      for (const transition of TRANSITION_NAMES) await expectNotFound(TRANSITION, { id: requestId, t: transition, note: 'x' });
      const list = await gqlOk(`{ accessRequests { totalCount edges { node { id } } } }`, {}, outsider.token);
      expect(list.accessRequests.edges.map((e: any) => e.node.id)).not.toContain(requestId);

      // The same on a request still in negotiation, through every dedicated mutation.
      const open = await quotedRequest();
      for (const [query, variables] of [
        [GET, { id: open.id }], [SUBMIT, { id: open.id }], [REVIEW, { id: open.id }], [QUOTE, { id: open.id }],
        [COUNTER, { id: open.id, changes: [{ clauseId: 'audit', alternativeId: 'independent-audit-report' }] }], [ACCEPT, { id: open.id }],
        [REJECT, { id: open.id, reason: 'Non' }], [REQUEST_INFO, { id: open.id, note: '?' }], [PROVIDE_INFO, { id: open.id, note: '!' }], [WITHDRAW, { id: open.id }],
      ] as const) await expectNotFound(query, variables);
      expect((await gqlOk(GET, { id: open.id }, pharma.token)).accessRequest).toMatchObject({ state: 'QUOTED', version: open.version });
    });

    it('terminating the agreement needs a reason; the register shows it TERMINATED', async () => {
      const noReason = await t.gql(TERMINATE, { id: agreementId, reason: ' ' }, pharma.token);
      expect(noReason.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'note' }] });
      const done = (await gqlOk(TERMINATE, { id: agreementId, reason: 'Projet arrêté par le promoteur' }, pharma.token)).terminateAgreement;
      expect(done).toMatchObject({ status: 'TERMINATED', terminationReason: 'Projet arrêté par le promoteur' });
      expect((await gqlOk(GET, { id: requestId }, hospital.token)).accessRequest.state).toBe('TERMINATED');
      const again = await t.gql(TERMINATE, { id: agreementId, reason: 'Encore' }, hospital.token);
      expect(again.errors![0].extensions).toMatchObject({ code: 'CONFLICT', state: 'TERMINATED', allowedTransitions: [] });
      const register = await t.gql(REGISTER);
      const entry = register.data.transparencyRegister.edges.map((e: any) => e.node).find((n: any) => n.agreementNumber.length && n.buyerName === pharma.name && n.status === 'TERMINATED');
      expect(entry).toBeDefined();
    });
  });

  it('every illegal transition answers CONFLICT naming the state and the caller\'s own moves', async () => {
    const check = async (id: string, state: AccessRequestState, token: string) => {
      const allowed = allowedTransitions(state);
      const side = token === pharma.token ? 'BUYER' : 'PRODUCER';
      const own = allowedTransitions(state, side, side === 'BUYER' ? ['ADMIN', 'BUYER', 'SIGNER'] : ['ADMIN', 'PUBLISHER', 'SIGNER']);
      const illegal = TRANSITION_NAMES.filter((n) => !allowed.includes(n));
      expect(illegal.length).toBeGreaterThan(0);
      for (const name of illegal) {
        const res = await t.gql(TRANSITION, { id, t: name, note: 'une raison' }, token);
        expect(res.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'CONFLICT', state, allowedTransitions: own }));
        const moves = allowed.length ? `you ${own.length ? `may now: ${own.join(', ')}` : 'have no move now'}` : `${state} is final, nothing is allowed`;
        expect(res.errors![0].message).toMatch(`Cannot ${name} a request in state ${state}; ${moves}`);
      }
      const after = (await gqlOk(GET, { id }, token)).accessRequest;
      expect(after.state).toBe(state);
    };
    const draft = await createRequest();
    await check(draft.id, 'DRAFT', pharma.token);
    await gqlOk(SUBMIT, { id: draft.id }, pharma.token);
    await check(draft.id, 'SUBMITTED', hospital.token);
    const quoted = await quotedRequest();
    await check(quoted.id, 'QUOTED', pharma.token);
    await gqlOk(REJECT, { id: quoted.id, reason: 'Le périmètre demandé dépasse la finalité déclarée.' }, hospital.token);
    await check(quoted.id, 'REJECTED', hospital.token);
    await gqlOk(WITHDRAW, { id: draft.id }, pharma.token);
    await check(draft.id, 'WITHDRAWN', pharma.token);

    // The right transition from the wrong side or role is FORBIDDEN, a reject without a reason BAD_USER_INPUT.
    const other = await createRequest();
    expect((await t.gql(SUBMIT, { id: other.id }, hospital.token)).errors![0].extensions.code).toBe('FORBIDDEN');
    await gqlOk(SUBMIT, { id: other.id }, pharma.token);
    const noReason = await t.gql(TRANSITION, { id: other.id, t: 'reject' }, hospital.token);
    expect(noReason.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'note' }] });
  });

  it('a locked clause cannot be negotiated: FORBIDDEN naming the clause, nothing saved', async () => {
    const r = await quotedRequest();
    const res = await t.gql(COUNTER, {
      id: r.id,
      changes: [{ clauseId: 'audit', alternativeId: 'audit-twice-yearly' }, { clauseId: 'governing-law', text: { fr: 'Droit anglais.', en: 'English law.' } }],
    }, pharma.token);
    expect(res.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', clauseId: 'governing-law' });
    expect(res.errors![0].message).toMatch(/^Clause 'governing-law' is locked and cannot be negotiated/);
    const after = (await gqlOk(GET, { id: r.id }, pharma.token)).accessRequest;
    expect(after).toMatchObject({ state: 'QUOTED', version: r.version, proposals: r.proposals, deviations: [] });

    const byProducer = await t.gql(QUOTE, { id: (await createRequest()).id, input: { changes: [{ clauseId: 'liability' }] } }, hospital.token);
    expect(byProducer.errors![0].extensions.code).toBe('CONFLICT');
    const unknownAlternative = await t.gql(COUNTER, { id: r.id, changes: [{ clauseId: 'audit', alternativeId: 'never' }] }, pharma.token);
    expect(unknownAlternative.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'changes[0].alternativeId' }] });
  });

  it('concurrent transitions: exactly one succeeds, the other gets CONFLICT', async () => {
    const outcome = (results: any[]) => results.map((r) => (r.errors ? r.errors[0].extensions.code : 'OK')).sort();

    const quoted = await quotedRequest();
    const accepts = await Promise.all([t.gql(ACCEPT, { id: quoted.id }, pharma.token), t.gql(ACCEPT, { id: quoted.id }, pharma.token)]);
    expect(outcome(accepts)).toEqual(['CONFLICT', 'OK']);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM agreements WHERE request_id = $1`, [quoted.id]);
    expect(count).toBe(1);

    const draft = await createRequest();
    const withdrawals = await Promise.all([t.gql(WITHDRAW, { id: draft.id }, pharma.token), t.gql(WITHDRAW, { id: draft.id }, pharma.token)]);
    expect(outcome(withdrawals)).toEqual(['CONFLICT', 'OK']);

    const submitted = await createRequest();
    await gqlOk(SUBMIT, { id: submitted.id }, pharma.token);
    const race = await Promise.all([
      t.gql(REJECT, { id: submitted.id, reason: 'Hors périmètre' }, hospital.token),
      t.gql(WITHDRAW, { id: submitted.id }, pharma.token),
    ]);
    expect(outcome(race)).toEqual(['CONFLICT', 'OK']);
    const history = (await gqlOk(GET, { id: submitted.id }, pharma.token)).accessRequest.history;
    expect(history).toHaveLength(2);
  });

  it('lists requests by role and state, only to the two parties', async () => {
    const mine = await gqlOk(`{ accessRequests(filter: { role: AS_BUYER, states: [WITHDRAWN] }, first: 100) { totalCount edges { node { state buyer { id } } } } }`, {}, pharma.token);
    expect(mine.accessRequests.totalCount).toBeGreaterThanOrEqual(2);
    expect(mine.accessRequests.edges.every((e: any) => e.node.state === 'WITHDRAWN' && e.node.buyer.id === pharma.organizationId)).toBe(true);
    const received = await gqlOk(`{ accessRequests(filter: { role: AS_PRODUCER }) { totalCount } }`, {}, hospital.token);
    expect(received.accessRequests.totalCount).toBeGreaterThanOrEqual(8);
    const asBuyer = await gqlOk(`{ accessRequests(filter: { role: AS_BUYER }) { totalCount } }`, {}, hospital.token);
    expect(asBuyer.accessRequests.totalCount).toBe(0);
  });

  it('the lifecycle is the platform operator\'s', async () => {
    const byBuyer = await t.gql(`mutation { runAgreementLifecycle { activated expired } }`, {}, pharma.token);
    expect(byBuyer.errors![0].extensions.code).toBe('FORBIDDEN');
    const res = await gqlOk(`mutation { runAgreementLifecycle { activated expired } }`, {}, operator);
    expect(res.runAgreementLifecycle).toEqual({ activated: expect.any(Array), expired: expect.any(Array) });
  });

  it('an agreement starting later is SIGNED until its start date, ACTIVE from it, EXPIRED on its end date', async () => {
    const later = addDays(today, 10);
    const r = await createRequest({ startDate: later, durationMonths: 6 });
    await gqlOk(SUBMIT, { id: r.id }, pharma.token);
    await gqlOk(REVIEW, { id: r.id }, hospital.token);
    await gqlOk(QUOTE, { id: r.id }, hospital.token);
    const accepted = (await gqlOk(ACCEPT, { id: r.id }, pharma.token)).acceptAccessRequest;
    const { id, startsOn, endsOn } = accepted.agreement;
    expect(startsOn).toBe(later);
    await gqlOk(SIGN, { id, text: CONSENT }, pharma.token);
    expect((await gqlOk(SIGN, { id, text: CONSENT }, hospital.token)).signAgreement.status).toBe('SIGNED');

    // The scheduled job (npm run worker) runs the same service method the mutation does.
    const service = t.app.get(AgreementService);
    // The last millisecond before the start day in Paris, then its first one (midnight in Paris
    // is 23:00 UTC in winter and 22:00 UTC in summer).
    // The lifecycle moves every agreement of the database that is due: other specs' may move too.
    const startOfDay = (day: string) => parisInstant(day).getTime();
    const { number } = accepted.agreement;
    expect((await service.runLifecycle(null, new Date(startOfDay(later) - 1))).activated).not.toContain(number);
    expect((await service.runLifecycle(null, new Date(startOfDay(later)))).activated).toContain(number);
    expect((await gqlOk(AGREEMENT, { id }, pharma.token)).agreement.status).toBe('ACTIVE');
    expect((await service.runLifecycle(null, new Date(startOfDay(endsOn) - 1))).expired).not.toContain(number);
    expect((await service.runLifecycle(null, new Date(startOfDay(endsOn)))).expired).toContain(number);
    const done = (await gqlOk(AGREEMENT, { id }, pharma.token)).agreement;
    expect(done).toMatchObject({ status: 'EXPIRED', request: { state: 'EXPIRED' } });
  });
});
