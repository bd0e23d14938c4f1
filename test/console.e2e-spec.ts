/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against the
 * API started as `npm start` starts it, on the run's database: each story clicks through the
 * console as its user would, axe-core checks every page, and the main pages are photographed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { OrgSession, createOffering, randomSiret, signUpOrganization } from './helpers/factories';
import { startTestWorker, TestWorker } from './helpers/test-worker';
import {
  ConsoleServer, OPERATOR, accessibility, checkAccessibility, ensureConsoleBuilt, launchChromium, newContext, screenshot, signIn, startConsoleServer,
} from './helpers/console-browser';

// Generous: the machine is shared, and every wait is on an element or an event, never a fixed delay.
jest.setTimeout(300_000);

let server: ConsoleServer;
let browser: Browser;
const figures: Record<string, unknown> = {};
const run = Date.now().toString(36);

beforeAll(async () => {
  ensureConsoleBuilt();
  // The console's cost at start: the same server without it (SERVE_CONSOLE=false), then with it.
  if (process.env.CONSOLE_MEASURE_START === '1') {
    const without = await startConsoleServer(process.env.E2E_DATABASE_URL!, { SERVE_CONSOLE: 'false' });
    figures.startWithoutConsoleMs = Math.round(without.startMs);
    await without.stop();
  }
  server = await startConsoleServer(process.env.E2E_DATABASE_URL!);
  figures.startWithConsoleMs = Math.round(server.startMs);
  figures.consoleSetupMs = server.consoleSetupMs;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  figures.accessibility = accessibility;
  const out = path.resolve(__dirname, '../.data');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'console-figures.json'), JSON.stringify(figures, null, 2));
  console.log(`console figures: ${JSON.stringify({ ...figures, accessibility: accessibility.length + ' pages checked' })}`);
});

async function freshPage(locale = 'fr-FR'): Promise<Page> {
  const context = await newContext(browser, locale);
  return context.newPage();
}

describe('the console is served under /console', () => {
  it('answers the single page on every console path and loads its first page quickly', async () => {
    expect((await fetch(`${server.base}/console/members`)).headers.get('content-type')).toMatch(/text\/html/);
    expect((await fetch(`${server.base}/console/assets/missing.js`)).status).toBe(404);
    const html = await (await fetch(`${server.base}/console/`)).text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(`${server.base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    const page = await freshPage();
    const started = performance.now();
    await page.goto(`${server.base}/console/sign-in`);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    figures.firstPageLoadMs = Math.round(performance.now() - started);
    // Navigation Timing of the page itself (the browser's DOM types are not in the API's tsconfig).
    figures.firstPageNavigation = await page.evaluate(() => {
      const perf = (globalThis as any).performance;
      const n = perf.getEntriesByType('navigation')[0];
      const resources = perf.getEntriesByType('resource') as { transferSize: number }[];
      return { domContentLoadedMs: Math.round(n.domContentLoadedEventEnd), loadMs: Math.round(n.loadEventEnd), transferBytes: resources.reduce((sum, r) => sum + (r.transferSize || 0), n.transferSize) };
    });
    await checkAccessibility(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.context().close();
  });
});

describe('sign-up, members and API keys', () => {
  it('signs an organisation up, shows the field errors of the API, switches to English, creates and revokes a key', async () => {
    const page = await freshPage();
    await page.goto(`${server.base}/console/sign-up`);
    await checkAccessibility(page, 'sign-up');
    await page.getByLabel('Raison sociale').fill(`CHU Console ${run}`);
    await page.getByLabel('SIRET').fill('12345678901234');
    await page.getByLabel(/^Adresse( \*)?$/).fill('1 place de l’Hôpital');
    await page.getByLabel('Code postal').fill('31000');
    await page.getByLabel('Ville').fill('Toulouse');
    await page.getByLabel(/^Nom( \*)?$/).fill('Alice Admin');
    await page.getByLabel('Adresse e-mail').fill(`admin.${run}@chu-console.test`);
    await page.getByLabel(/Mot de passe/).fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    // The API's message for the SIRET, next to the field.
    const siret = page.getByLabel('SIRET');
    await expectInvalid(page, siret);
    await screenshot(page, 'sign-up-field-error');
    await siret.fill(randomSiret());
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await page.getByRole('heading', { name: `CHU Console ${run}` }).waitFor();
    await checkAccessibility(page, 'overview');

    await page.getByRole('radio', { name: 'EN' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('link', { name: 'API keys' }).first().waitFor();
    await page.getByRole('link', { name: 'API keys' }).first().click();
    await page.getByLabel(/^Name( \*)?$/).fill('etl');
    await page.getByRole('checkbox', { name: 'PUBLISHER' }).check();
    await page.getByRole('button', { name: 'Create the key' }).click();
    const secret = await page.getByTestId('secret').textContent();
    expect(secret).toMatch(/^hdm_key_/);
    await checkAccessibility(page, 'api-keys');
    await screenshot(page, 'api-keys');
    await page.getByRole('button', { name: 'Revoke etl' }).click();
    await page.getByText(/^revoked /).waitFor();

    await page.getByRole('link', { name: 'Members' }).first().click();
    await page.getByRole('cell', { name: 'Alice Admin' }).waitFor();
    await checkAccessibility(page, 'members');
    await page.context().close();
  });
});

describe('legal team', () => {
  it('forks the academic licence, edits a negotiable clause and sees the preview change, is refused on a locked clause, and the second LEGAL member publishes', async () => {
    const hospital = await signUpOrganization(server, 'HOSPITAL', `CHU Juridique ${run}`);
    const legal1 = await join(hospital, ['LEGAL'], `juriste1.${run}@chu.test`, 'Jeanne Juriste');
    const legal2 = await join(hospital, ['LEGAL'], `juriste2.${run}@chu.test`, 'Paul Relecteur');
    const page = await freshPage();
    await signIn(page, server.base, legal1.email, PASSWORD);
    await page.getByRole('link', { name: 'Licences' }).first().click();
    await page.getByRole('button', { name: /Personnaliser Licence d'accès aux données de santé pour la recherche académique/ }).click();
    await page.getByLabel(/Clé de votre licence/).fill(`chu-academique-${run}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Personnaliser' }).click();
    await page.getByRole('heading', { name: new RegExp(`chu-academique-${run} 1\\.0\\.0`) }).waitFor();
    await page.locator('[data-testid=pdf-preview][data-generation="0"]').waitFor();
    expect(await previewText(page)).not.toContain('Clause de publication revue');

    // A negotiable clause, French and English side by side: the preview follows.
    const publication = page.getByTestId('clause-publication');
    await publication.getByRole('button', { name: /Modifier/ }).click();
    await publication.getByLabel('Français (fait foi)').fill(`Clause de publication revue ${run} : le Bénéficiaire publie librement ses résultats agrégés.`);
    await publication.getByLabel('Anglais').fill(`Reviewed publication clause ${run}: the Recipient publishes its aggregate results freely.`);
    await publication.getByRole('button', { name: 'Enregistrer la clause' }).click();
    await page.locator('[data-testid=pdf-preview][data-generation="1"]').waitFor();
    expect((await previewText(page)).replace(/\s+/g, ' ')).toContain(`Clause de publication revue ${run}`);

    // A locked clause is shown locked, and the platform refuses an edit.
    const definitions = page.getByTestId('clause-definitions');
    await definitions.getByText(/Verrouillée/).waitFor();
    await definitions.getByRole('button', { name: /Modifier/ }).click();
    await definitions.getByText('Clause verrouillée').waitFor();
    await definitions.getByLabel('Français (fait foi)').fill('Aucune définition.');
    await definitions.getByRole('button', { name: 'Enregistrer la clause' }).click();
    await definitions.getByRole('alert').filter({ hasText: /definitions/i }).waitFor();
    await definitions.getByRole('button', { name: 'Annuler' }).click();
    await checkAccessibility(page, 'licence-editor');
    await screenshot(page, 'licence-editor');

    await page.getByRole('button', { name: 'Soumettre en revue' }).click();
    await page.getByText('En attente d’un second membre LEGAL').waitFor();
    const url = page.url();

    const reviewer = await freshPage();
    await signIn(reviewer, server.base, legal2.email, PASSWORD);
    await reviewer.goto(url);
    await reviewer.getByRole('button', { name: 'Approuver et publier' }).click();
    await reviewer.getByText('PUBLISHED', { exact: true }).waitFor();
    await reviewer.getByText(/publiée par Paul Relecteur/).waitFor();

    await reviewer.getByRole('link', { name: 'Comparer à l’original' }).click();
    const diff = reviewer.getByTestId('diff-publication');
    await diff.locator('ins', { hasText: run }).first().waitFor();
    expect(await diff.locator('del').count()).toBeGreaterThan(0);
    await checkAccessibility(reviewer, 'licence-redline');
    await screenshot(reviewer, 'licence-redline');
    await page.context().close();
    await reviewer.context().close();
  });
});

describe('a dataset from publication to a sealed agreement', () => {
  let hospital: OrgSession;
  let pharma: OrgSession;
  let worker: TestWorker;
  const title = `Entrepôt de l’Hôpital Console ${run} : insuffisance cardiaque`;

  beforeAll(async () => {
    hospital = await signUpOrganization(server, 'HOSPITAL', `Hôpital Console ${run}`);
    pharma = await signUpOrganization(server, 'PHARMA', `Laboratoires Console ${run}`);
    await giveRoles(hospital, ['ADMIN', 'PUBLISHER', 'SIGNER', 'FINANCE']);
    await giveRoles(pharma, ['ADMIN', 'BUYER', 'SIGNER', 'FINANCE']);
    const operator = await server.gql(`mutation($e: String!, $p: String!) { signIn(input: { email: $e, password: $p }) { token user { id } } }`, { e: OPERATOR.email, p: OPERATOR.password });
    await giveRoles({ token: operator.data.signIn.token, userId: operator.data.signIn.user.id } as OrgSession, ['ADMIN', 'FINANCE']);
    worker = await startTestWorker();
  });
  afterAll(() => worker?.stop());

  it('the platform operator verifies the hospital and refuses an applicant with a reason its members read', async () => {
    const applicant = await signUpOrganization(server, 'STARTUP', `Start-up Console ${run}`);
    const page = await freshPage();
    await signIn(page, server.base, OPERATOR.email, OPERATOR.password);
    await page.getByRole('link', { name: 'Organisations à vérifier' }).first().click();
    // Refused without a reason: the API's problem shows under the reason field.
    await page.getByRole('button', { name: `Refuser ${applicant.name}` }).click();
    const refusal = page.getByRole('form', { name: `Refus de ${applicant.name}` });
    await refusal.getByRole('button', { name: 'Envoyer le refus' }).click();
    await expectInvalid(page, refusal.getByLabel(/^Motif du refus/));
    await refusal.getByLabel(/^Motif du refus/).fill(REFUSAL);
    await refusal.getByRole('button', { name: 'Envoyer le refus' }).click();
    await page.getByRole('button', { name: `Refuser ${applicant.name}` }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: `Vérifier ${hospital.name}` }).click();
    await page.getByRole('button', { name: `Vérifier ${hospital.name}` }).waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Vérifiées' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('row', { name: new RegExp(hospital.name) }).getByText(/vérifiée le/).waitFor();
    await page.getByRole('radio', { name: 'Refusées' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('row', { name: new RegExp(applicant.name) }).getByTestId('refusal-reason').filter({ hasText: REFUSAL }).waitFor();
    await checkAccessibility(page, 'operator-refused');
    await page.getByRole('radio', { name: 'En attente de vérification' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: `Vérifier ${pharma.name}` }).waitFor();
    await checkAccessibility(page, 'operator-organisations');
    await screenshot(page, 'operator-organisations');
    await page.context().close();

    // The applicant's admin reads why on its overview.
    const member = await freshPage();
    await signIn(member, server.base, applicant.email, PASSWORD);
    await member.getByTestId('refusal').getByText(REFUSAL).waitFor();
    await checkAccessibility(member, 'overview-refused');
    await screenshot(member, 'overview-refused');
    await member.context().close();
  });

  it('the hospital publishes an offering with a tariff from the standard grid and sees the estimate', async () => {
    const page = await freshPage();
    await signIn(page, server.base, hospital.email, PASSWORD);
    await page.getByRole('link', { name: 'Nos offres' }).first().click();
    await page.getByRole('link', { name: 'Nouvelle offre' }).click();
    await checkAccessibility(page, 'offering-form');
    // Sent empty: the API's problems appear next to their fields.
    await page.getByRole('button', { name: 'Créer le brouillon' }).click();
    await expectInvalid(page, page.getByLabel(/^Titre \(français\)/));
    await expectInvalid(page, page.getByLabel(/^E-mail du contact/));
    await page.getByLabel(/^Titre \(français\)/).fill(title);
    await page.getByLabel(/^Titre \(anglais\)/).fill(`Hospital Console ${run} warehouse: heart failure`);
    await page.getByLabel(/^Description \(français\)/).fill('Séjours, traitements et réhospitalisations des patients hospitalisés pour insuffisance cardiaque.');
    await page.getByLabel(/^Description \(anglais\)/).fill('Stays, treatments and readmissions of patients hospitalised for heart failure.');
    await pick(page, 'Thèmes', 'CARDIOLOGY');
    await page.getByLabel(/^Population \(français\)/).fill('Adultes hospitalisés depuis 2015');
    await page.getByLabel(/^Population \(anglais\)/).fill('Adults hospitalised since 2015');
    await page.getByLabel('Individus distincts').fill('21000');
    await page.getByLabel(/^Couverture depuis/).fill('2015-01-01');
    await pick(page, 'Régions', 'FR_NAQ');
    await page.getByLabel(/^Nom du contact/).fill('Guichet données');
    await page.getByLabel(/^E-mail du contact/).fill('donnees@chu-console.test');
    await screenshot(page, 'offering-form');
    await page.getByRole('button', { name: 'Créer le brouillon' }).click();
    await page.getByRole('heading', { name: title, exact: true }).waitFor();
    const offeringId = /\/offerings\/([0-9a-f-]{36})/.exec(page.url())![1];

    // The draft in the same guided form, filled with what was saved; the API's problems at their fields again.
    await page.getByRole('link', { name: 'Modifier la description' }).click();
    const population = page.getByLabel(/^Population \(français\)/);
    await page.waitForFunction((el) => (el as any)?.value === 'Adultes hospitalisés depuis 2015', await population.elementHandle());
    expect(await page.getByLabel(/^Titre \(français\)/).inputValue()).toBe(title);
    await page.getByLabel(/^E-mail du contact/).fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expectInvalid(page, page.getByLabel(/^E-mail du contact/));
    await page.getByLabel(/^E-mail du contact/).fill('donnees@chu-console.test');
    await population.fill('Adultes hospitalisés pour insuffisance cardiaque depuis 2015');
    await checkAccessibility(page, 'offering-edit');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    // Back on the offering once the save is answered (the edit page's heading, "Modifier <title>", also holds the title).
    await page.waitForURL((u) => u.pathname.endsWith(`/offerings/${offeringId}`));
    await page.getByRole('heading', { name: title, exact: true }).waitFor();
    const saved = await server.gql(`query($id: ID!) { offering(id: $id) { version status populationCoverage { fr } } }`, { id: offeringId }, hospital.token);
    expect(saved.data.offering).toEqual({ version: 1, status: 'DRAFT', populationCoverage: { fr: 'Adultes hospitalisés pour insuffisance cardiaque depuis 2015' } });
    await page.getByRole('button', { name: 'Publier cette version' }).click();
    await page.getByText('PUBLISHED · v1').waitFor();

    await page.getByRole('button', { name: 'Créer le tarif' }).click();
    // The grid's prices, adjusted: the engine's problem shows at the price it names.
    const prices = page.getByRole('form', { name: 'Prix du tarif brouillon' });
    const application = prices.getByLabel(/^Instruction de la demande · montant/);
    await application.fill('-1');
    await prices.getByRole('button', { name: 'Enregistrer les prix' }).click();
    await expectInvalid(page, application);
    await application.fill('1500');
    await prices.getByRole('button', { name: 'Enregistrer les prix' }).click();
    await prices.getByText('Prix enregistrés.').waitFor();
    await checkAccessibility(page, 'tariff-prices');
    // Before publication, the producer's own preview prices the draft, its new price included.
    const draftEstimate = page.getByRole('region', { name: 'Estimation' });
    await draftEstimate.getByRole('heading', { name: 'Estimation du tarif en brouillon' }).waitFor();
    await draftEstimate.getByLabel('Catégorie d’acheteur').click();
    await page.getByRole('option', { name: 'PHARMA' }).click();
    await page.waitForFunction(() => /1\s500,00\s€/.test((globalThis as any).document.querySelector('[data-testid=estimate-lines]')?.textContent ?? ''));
    await draftEstimate.getByLabel('Catégorie d’acheteur').click();
    await page.getByRole('option', { name: 'ACADEMIC' }).click();
    await page.getByRole('button', { name: 'Publier le tarif' }).click();
    await page.getByRole('region', { name: 'Tarif' }).getByText('PUBLISHED').waitFor();
    await page.getByRole('checkbox', { name: /^Licence d'accès aux données de santé pour la recherche académique/ }).check();
    await page.getByRole('button', { name: 'Enregistrer les licences' }).click();

    // The live estimate: the explained lines follow the category and the scope.
    const estimate = page.getByRole('region', { name: 'Estimation' });
    await estimate.getByTestId('estimate-total').waitFor();
    const academic = await estimate.getByTestId('estimate-total').textContent();
    await estimate.getByLabel('Catégorie d’acheteur').click();
    await page.getByRole('option', { name: 'PHARMA' }).click();
    await page.waitForFunction((before) => {
      const el = (globalThis as any).document.querySelector('[data-testid=estimate-total]');
      return el && el.textContent !== before;
    }, academic);
    const pharmaTotal = await estimate.getByTestId('estimate-total').textContent();
    await estimate.getByLabel('Patients').fill('40000');
    await page.waitForFunction((before) => (globalThis as any).document.querySelector('[data-testid=estimate-total]')?.textContent !== before, pharmaTotal);
    expect(await estimate.getByTestId('estimate-lines').textContent()).toMatch(/1\s500,00\s€/);
    await checkAccessibility(page, 'offering-producer');
    await screenshot(page, 'offering-producer');
    await page.context().close();
  });

  it('a buyer finds it typing "hopital", requests access, negotiates a clause, and both sign; the sealed PDF verifies', async () => {
    const buyer = await freshPage();
    await signIn(buyer, server.base, pharma.email, PASSWORD);
    await buyer.getByRole('link', { name: 'Catalogue' }).first().click();
    const search = buyer.getByRole('searchbox', { name: 'Rechercher dans le catalogue' });
    await search.fill('hopital');
    await buyer.getByRole('status').filter({ hasText: /offres/ }).waitFor();
    await search.fill(`hopital console ${run}`);
    await buyer.getByRole('link', { name: title }).click();
    await checkAccessibility(buyer, 'catalog-offering');
    await buyer.getByRole('region', { name: 'Estimation' }).getByTestId('estimate-total').waitFor();
    await screenshot(buyer, 'catalog-offering');
    await buyer.getByRole('button', { name: 'Demander l’accès' }).click();
    const form = buyer.getByRole('region', { name: 'Demande d’accès' });
    await form.getByLabel(/^Titre du projet/).fill('SURV-IC');
    await form.getByLabel(/^Investigateur principal/).fill('Dr Martin');
    await form.getByLabel(/^Référence CNIL/).fill('2226789 v 0');
    await form.getByLabel(/^Résumé de la finalité/).fill('Étude de survie après une première hospitalisation pour insuffisance cardiaque');
    await form.getByLabel(/^Population étudiée/).fill('Adultes hospitalisés depuis 2018');
    await form.getByLabel(/^Variables/).fill('diagnostics');
    await buyer.keyboard.press('Enter');
    await checkAccessibility(buyer, 'access-request-form');
    await form.getByRole('button', { name: 'Créer la demande' }).click();
    await buyer.getByText('DRAFT', { exact: true }).waitFor();
    await buyer.getByRole('button', { name: 'Envoyer au producteur' }).click();
    await buyer.getByText('SUBMITTED', { exact: true }).first().waitFor();

    const producer = await freshPage();
    await signIn(producer, server.base, hospital.email, PASSWORD);
    await openRequest(producer, pharma.name);
    await producer.getByRole('button', { name: 'Commencer l’examen' }).click();
    await producer.getByRole('button', { name: 'Envoyer un devis' }).click();
    await producer.getByText('QUOTED', { exact: true }).first().waitFor();

    // Each side comes back to the request through the console's own links: no page reload.
    await openRequest(buyer, hospital.name);
    await buyer.getByRole('button', { name: 'Envoyer la contre-proposition' }).waitFor();
    await buyer.getByRole('textbox', { name: 'Clause' }).click();
    await buyer.getByRole('option', { name: 'Publication des résultats' }).click();
    await buyer.getByRole('option', { name: 'Publication des résultats' }).waitFor({ state: 'hidden' });
    await buyer.getByRole('textbox', { name: 'Variante' }).click();
    await buyer.getByRole('option', { name: 'Co-publication avec les équipes du Producteur' }).click();
    await buyer.getByRole('button', { name: 'Envoyer la contre-proposition' }).click();
    await buyer.getByText('COUNTER_PROPOSED', { exact: true }).first().waitFor();
    const deviation = buyer.getByTestId('deviation-publication');
    await deviation.locator('ins').first().waitFor();
    expect(await deviation.locator('del').count()).toBeGreaterThan(0);

    await openRequest(producer, pharma.name);
    await producer.getByRole('button', { name: 'Accepter et émettre l’accord' }).click();
    await producer.getByText('AGREEMENT_ISSUED', { exact: true }).first().waitFor();
    await checkAccessibility(producer, 'negotiation');
    await screenshot(producer, 'negotiation');
    await signAs(producer);

    await openRequest(buyer, hospital.name);
    await signAs(buyer);
    await buyer.getByText(/Scellé par la plateforme/).waitFor();
    await buyer.getByRole('button', { name: 'Obtenir le PDF scellé' }).click();
    await buyer.getByRole('button', { name: 'Vérifier ce PDF' }).click();
    await buyer.getByTestId('verification').getByText('Authentique et intact').waitFor();
    await checkAccessibility(buyer, 'agreement-sealed');
    await screenshot(buyer, 'agreement-sealed');

    await buyer.getByRole('link', { name: 'Registre de transparence' }).first().click();
    await buyer.getByRole('cell', { name: new RegExp(`${hospital.name} → ${pharma.name}`) }).waitFor();
    await checkAccessibility(buyer, 'transparency-register');
    await buyer.context().close();
    await producer.context().close();
  });

  it('finance: the buyer reads its bill, its Factur-X invoice and how to pay; the hospital registers its payout account; the platform records the transfer, pays out and confirms the SEPA file', async () => {
    // The bill of the signature is issued by the worker, on the agreement.sealed event.
    await worker.settled(120_000);
    const bills = await server.gql(`{ bills(first: 10) { edges { node { id number totalCents invoices { number } } } } }`, {}, pharma.token);
    expect(bills.errors).toBeUndefined();
    expect(bills.data.bills.edges).toHaveLength(1);
    const bill = bills.data.bills.edges[0].node as { id: string; number: string; totalCents: number; invoices: { number: string }[] };
    expect(bill.totalCents).toBeGreaterThan(0);
    const invoice = bill.invoices[0].number;
    const euros = (cents: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);

    const buyer = await freshPage();
    await signIn(buyer, server.base, pharma.email, PASSWORD);
    await buyer.getByRole('link', { name: 'Finances' }).first().click();
    await buyer.getByRole('region', { name: 'Factures à régler' }).getByRole('button', { name: `Détails de ${bill.number}` }).click();
    const detail = buyer.getByTestId('bill-detail');
    await detail.getByTestId('bill-outstanding').filter({ hasText: euros(bill.totalCents) }).waitFor();
    // character for character, as the PDFs print it: U+202F between digit groups, U+00A0 before €
    expect(await detail.getByTestId('bill-outstanding').textContent()).toContain(euros(bill.totalCents));
    await detail.getByTestId('bill-payment-status').getByText('OPEN').waitFor();
    await detail.getByTestId('pay-reference').filter({ hasText: bill.number }).waitFor();
    // No Stripe key on this server: no card payment is offered.
    expect(await detail.getByText(/Stripe/).count()).toBe(0);
    const pdf = await download(buyer, detail.getByRole('button', { name: `PDF de ${invoice}` }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8')).toContain(invoice);
    const xml = (await download(buyer, detail.getByRole('button', { name: `XML de ${invoice}` }))).toString('utf8');
    expect(xml).toContain('CrossIndustryInvoice');
    expect(xml).toContain(`<ram:ID>${invoice}</ram:ID>`);
    await checkAccessibility(buyer, 'finance-buyer');
    await screenshot(buyer, 'finance-buyer');
    // In English the amounts follow the English locale, with no reload.
    await buyer.getByRole('radio', { name: 'EN' }).focus();
    await buyer.keyboard.press('Space');
    const english = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(bill.totalCents / 100);
    await buyer.getByTestId('bill-outstanding').filter({ hasText: english }).waitFor();
    expect(await buyer.getByTestId('bill-outstanding').textContent()).toContain(english);
    await buyer.getByRole('radio', { name: 'FR' }).focus();
    await buyer.keyboard.press('Space');
    await buyer.getByTestId('bill-outstanding').filter({ hasText: euros(bill.totalCents) }).waitFor();

    const seller = await freshPage();
    await signIn(seller, server.base, hospital.email, PASSWORD);
    await seller.getByRole('link', { name: 'Finances' }).first().click();
    await seller.getByRole('region', { name: 'Nos factures' }).getByRole('cell', { name: invoice, exact: true }).waitFor();
    const account = seller.getByRole('form', { name: 'Enregistrer un compte de versement' });
    await account.getByLabel(/^Titulaire du compte/).fill(hospital.name);
    await account.getByLabel(/^IBAN/).fill('FR76 1010 7001 0112 3456 7890 128');
    await account.getByRole('button', { name: 'Enregistrer le compte' }).click();
    await expectInvalid(seller, account.getByLabel(/^IBAN/));
    await account.getByLabel(/^IBAN/).fill('FR76 1010 7001 0112 3456 7890 129');
    await account.getByRole('button', { name: 'Enregistrer le compte' }).click();
    await seller.getByTestId('payout-account').filter({ hasText: /SEPA_CREDIT_TRANSFER/ }).waitFor();
    const statement = await download(seller, seller.getByRole('button', { name: /^Relevé \d{4}-\d{2} en PDF$/ }));
    expect(statement.subarray(0, 5).toString()).toBe('%PDF-');
    await checkAccessibility(seller, 'finance-seller');
    await screenshot(seller, 'finance-seller');

    const platform = await freshPage();
    await signIn(platform, server.base, OPERATOR.email, OPERATOR.password);
    await platform.getByRole('link', { name: 'Finances' }).first().click();
    const transfer = platform.getByRole('form', { name: 'Enregistrer un virement reçu' });
    await transfer.getByLabel(/^Numéro de facture/).fill(bill.number);
    await transfer.getByLabel(/^Montant/).fill((bill.totalCents / 100).toFixed(2));
    await transfer.getByLabel(/^Référence bancaire/).fill(`VIR-${run}`);
    await transfer.getByRole('button', { name: 'Enregistrer le virement' }).click();
    await platform.getByTestId('transfer-result').filter({ hasText: 'PAID' }).waitFor();
    await platform.getByRole('button', { name: 'Lancer les versements maintenant' }).click();
    await platform.getByTestId('payout-run').waitFor();
    const sepa = (await download(platform, platform.getByRole('button', { name: 'Télécharger le fichier SEPA' }))).toString('utf8');
    expect(sepa).toContain('pain.001');
    expect(sepa).toContain('FR7610107001011234567890129');
    await platform.getByRole('button', { name: 'Confirmer l’exécution' }).click();
    await platform.getByTestId('sepa-settled').filter({ hasText: /virements? réglés?/ }).waitFor();
    await checkAccessibility(platform, 'finance-platform');
    await screenshot(platform, 'finance-platform');

    // The buyer comes back to its bill through the console's links: paid, nothing outstanding.
    await buyer.getByRole('link', { name: 'Accueil' }).first().click();
    await buyer.getByRole('link', { name: 'Finances' }).first().click();
    await buyer.getByRole('button', { name: `Détails de ${bill.number}` }).click();
    await buyer.getByTestId('bill-payment-status').getByText('PAID').waitFor();
    await buyer.getByTestId('bill-outstanding').filter({ hasText: euros(0) }).waitFor();
    for (const p of [buyer, seller, platform]) await p.context().close();
  });

  async function openRequest(page: Page, otherParty: string) {
    await page.getByRole('link', { name: 'Demandes d’accès' }).first().click();
    await page.getByRole('row', { name: new RegExp(otherParty) }).getByRole('link').click();
  }

  async function signAs(page: Page) {
    const consent = page.getByRole('checkbox', { name: /je le signe électroniquement/ });
    await consent.check();
    await page.getByRole('button', { name: 'Signer l’accord' }).click();
    await consent.waitFor({ state: 'detached' });
  }
});

describe('a hospital answers the contribution requests of a network', () => {
  it('accepts its weight and the billing mandate for one offering and declines another with a reason; the network sees both answers', async () => {
    const network = await signUpOrganization(server, 'NETWORK', `Réseau Console ${run}`);
    await giveRoles(network, ['ADMIN', 'PUBLISHER']);
    const chu = await signUpOrganization(server, 'HOSPITAL', `CHU Contributeur ${run}`);
    const partner = await signUpOrganization(server, 'HOSPITAL', `CH Partenaire ${run}`);
    const cohort = (letter: string) => ({ fr: `Cohorte réseau ${letter} ${run}`, en: `Network cohort ${letter} ${run}` });
    const first = await createOffering(server, network.token, { title: cohort('A'), contributors: [{ organizationId: chu.organizationId, weight: 3 }, { organizationId: partner.organizationId, weight: 1 }] });
    await createOffering(server, network.token, { title: cohort('B'), contributors: [{ organizationId: chu.organizationId, weight: 1 }, { organizationId: partner.organizationId, weight: 1 }] });

    const page = await freshPage();
    await signIn(page, server.base, chu.email, PASSWORD);
    await page.getByRole('link', { name: 'Demandes de contribution' }).first().click();
    const a = page.getByRole('region', { name: `Demande de ${network.name} : ${cohort('A').fr}` });
    const b = page.getByRole('region', { name: `Demande de ${network.name} : ${cohort('B').fr}` });
    await a.getByTestId('contribution-weight').filter({ hasText: /Poids 3 sur 4 \(75\s%\)/ }).waitFor();
    await a.getByTestId('mandate-text').filter({ hasText: chu.name }).waitFor();
    await checkAccessibility(page, 'contribution-requests');
    await screenshot(page, 'contribution-requests');
    const accept = a.getByRole('button', { name: /^Accepter la contribution/ });
    expect(await accept.isDisabled()).toBe(true);
    await a.getByRole('checkbox', { name: /J’accepte le poids 3/ }).check();
    await accept.click();
    await a.waitFor({ state: 'detached' });
    await b.getByRole('button', { name: /^Refuser la contribution/ }).click();
    await b.getByLabel(/^Motif/).fill(`Nos séjours de 2015 à 2017 ne sont pas encore migrés (${run}).`);
    await b.getByRole('button', { name: 'Envoyer le refus' }).click();
    await b.waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Toutes' }).focus();
    await page.keyboard.press('Space');
    await a.getByText('ACCEPTED', { exact: true }).waitFor();
    await b.getByText('DECLINED', { exact: true }).waitFor();
    await b.getByText(/pas encore migrés/).waitFor();
    await checkAccessibility(page, 'contribution-answered');
    await page.context().close();

    const seen = await server.gql(`query($id: ID!) { offering(id: $id) { contributors { organizationId status } } }`, { id: first.id }, network.token);
    expect(seen.data.offering.contributors).toEqual(expect.arrayContaining([{ organizationId: chu.organizationId, status: 'ACCEPTED' }, { organizationId: partner.organizationId, status: 'PENDING' }]));
  });
});

/** Picks a value of a multiple select with the keyboard: focus, type, arrow down, Enter. */
async function pick(page: Page, name: string, value: string) {
  const box = page.getByRole('textbox', { name: new RegExp(`^${name}`) });
  await box.focus();
  await page.keyboard.type(value);
  await page.getByRole('option', { name: value }).waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
}

async function giveRoles(org: OrgSession, roles: string[]) {
  const res = await server.gql(`mutation($u: ID!, $r: [Role!]!) { updateMemberRoles(input: { userId: $u, roles: $r }) { id } }`, { u: org.userId, r: roles }, org.token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

const PASSWORD = 'a-long-enough-password';
const REFUSAL = `Le SIRET déclaré (${run}) appartient à un établissement fermé : inscrivez l’établissement en activité.`;

/** Clicks a control that downloads a file and returns the file's bytes (the download event, no polling). */
async function download(page: Page, control: ReturnType<Page['getByRole']>): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), control.click()]);
  return fs.readFileSync(await file.path());
}

/** A new member of an organisation, by invitation (through the API: not the subject here). */
async function join(admin: OrgSession, roles: string[], email: string, displayName: string) {
  const inv = await server.gql(`mutation($e: String!, $r: [Role!]!) { inviteMember(input: { email: $e, roles: $r }) { token } }`, { e: email, r: roles }, admin.token);
  if (inv.errors) throw new Error(JSON.stringify(inv.errors));
  const joined = await server.gql(`mutation($t: String!, $n: String!, $p: String!) { acceptInvitation(input: { token: $t, displayName: $n, password: $p }) { token user { id } } }`, { t: inv.data.inviteMember.token, n: displayName, p: PASSWORD });
  if (joined.errors) throw new Error(JSON.stringify(joined.errors));
  return { email, token: joined.data.acceptInvitation.token as string };
}

/** The text of the PDF shown in the preview frame (pdftotext). */
async function previewText(page: Page): Promise<string> {
  const base64 = await page.evaluate(async () => {
    const frame = (globalThis as any).document.querySelector('[data-testid=pdf-preview]');
    const bytes = new Uint8Array(await (await fetch(frame.src)).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(base64, 'base64') }).toString('utf8');
}

async function expectInvalid(page: Page, field: ReturnType<Page['getByLabel']>) {
  await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await field.elementHandle());
  const described = await field.getAttribute('aria-describedby');
  expect(described).toBeTruthy();
}

export { signIn };
