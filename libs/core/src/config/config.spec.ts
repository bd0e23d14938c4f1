import { ConfigError, loadConfig } from './config';

const BILLING = { BILLING_ISSUER_NAME: 'Plateforme SAS', BILLING_ISSUER_SIREN: '752000018', PLATFORM_IBAN: 'FR7630006000011234567890189' };
/** What production requires: the sealing certificate, a mail relay, the platform's identity on invoices. */
const SEAL = { SEAL_P12_PATH: '/run/secrets/seal.p12', SEAL_P12_PASSPHRASE: 'x', SMTP_URL: 'smtp://mailer:secret@smtp.example:587', ...BILLING };

describe('what the schema tells clients, by environment', () => {
  it('answers introspection and suggests names in development and tests', () => {
    for (const env of [{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }]) {
      expect(loadConfig(env)).toMatchObject({ graphqlIntrospection: true, graphqlSuggestions: true });
    }
  });

  it('turns both off in production, unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...SEAL })).toMatchObject({ graphqlIntrospection: false, graphqlSuggestions: false });
    expect(loadConfig({ NODE_ENV: 'production', ...SEAL, GRAPHQL_INTROSPECTION: 'true', GRAPHQL_SUGGESTIONS: 'yes' }))
      .toMatchObject({ graphqlIntrospection: true, graphqlSuggestions: true });
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false', GRAPHQL_SUGGESTIONS: '0' })).toMatchObject({ graphqlIntrospection: false, graphqlSuggestions: false });
  });

  it('names a wrong value', () => {
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'sometimes' })).toThrow('GRAPHQL_INTROSPECTION must be true or false (got "sometimes")');
  });
});

describe('the transaction guard, by environment', () => {
  it('is on in development and tests, off in production unless asked', () => {
    for (const env of [{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }]) expect(loadConfig(env).database.transactionGuard).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ...SEAL }).database.transactionGuard).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...SEAL, DB_TRANSACTION_GUARD: 'true' }).database.transactionGuard).toBe(true);
    expect(loadConfig({ DB_TRANSACTION_GUARD: 'false' }).database.transactionGuard).toBe(false);
    expect(() => loadConfig({ DB_TRANSACTION_GUARD: 'maybe' })).toThrow('DB_TRANSACTION_GUARD must be true or false (got "maybe")');
  });
});

const problems = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('loadConfig', () => {
  it('refuses to start in production without the platform\'s sealing certificate', () => {
    expect(problems({ NODE_ENV: 'production', SMTP_URL: SEAL.SMTP_URL, ...BILLING })).toEqual([expect.stringMatching(/^SEAL_P12_PATH and SEAL_P12_PASSPHRASE are required in production/)]);
    expect(problems({ NODE_ENV: 'production', ...SEAL })).toEqual([]);
    expect(problems({})).toEqual([]);
  });

  it('trusts no proxy unless told which: hop counts, addresses and ranges, never any', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '2001:db8::1']);
    expect(problems({ TRUST_PROXY: 'true' })).toEqual([expect.stringMatching(/^TRUST_PROXY must be .* \(got "true"\)/)]);
    expect(problems({ TRUST_PROXY: '10.0.0.0/33' })).toHaveLength(1);
  });

  it('reads the database limits', () => {
    expect(loadConfig({ DB_POOL_SIZE: '5', DB_ACQUIRE_TIMEOUT_MS: '250' }).database).toMatchObject({ poolSize: 5, acquireTimeoutMs: 250, lockTimeoutMs: 5000 });
    expect(problems({ DB_STATEMENT_TIMEOUT_MS: '0' })).toEqual(['DB_STATEMENT_TIMEOUT_MS must be an integer between 100 and 3600000 (got "0")']);
  });
});

describe('mail and account limits', () => {
  it('writes mail to an outbox folder outside production, and sends it through SMTP in production', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/hdm' }).mail).toMatchObject({ transport: 'outbox', outboxDir: '/var/lib/hdm/outbox', smtpUrl: null });
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example:465' }).mail).toMatchObject({ transport: 'smtp' });
    expect(problems({ NODE_ENV: 'production', SEAL_P12_PATH: SEAL.SEAL_P12_PATH, SEAL_P12_PASSPHRASE: 'x', ...BILLING }))
      .toEqual([expect.stringMatching(/^SMTP_URL .* is required to send mail/)]);
    expect(loadConfig({ NODE_ENV: 'production', SEAL_P12_PATH: SEAL.SEAL_P12_PATH, SEAL_P12_PASSPHRASE: 'x', MAIL_TRANSPORT: 'outbox', ...BILLING }).mail.transport).toBe('outbox');
    expect(problems({ MAIL_TRANSPORT: 'pigeon' })).toEqual(['MAIL_TRANSPORT must be smtp or outbox (got "pigeon")']);
    expect(problems({ SMTP_URL: 'http://mail.example' })).toEqual(['SMTP_URL must be an smtp:// or smtps:// URL']);
  });

  it('locks an e-mail after 5 failed sign-ins for 15 minutes by default, each limit a setting', () => {
    expect(loadConfig({}).signIn).toEqual({ maxFailures: 5, maxFailuresPerAddress: 100, windowSeconds: 900, lockoutSeconds: 900 });
    expect(loadConfig({ SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCKOUT_SECONDS: '2' }).signIn).toMatchObject({ maxFailures: 3, lockoutSeconds: 2 });
    expect(loadConfig({}).passwordReset).toEqual({ ttlMinutes: 60, maxPerEmail: 3, maxPerAddress: 20, windowSeconds: 3600 });
  });
});

describe('the platform on its invoices', () => {
  it('has fictitious identifiers in development, and must be named in production', () => {
    expect(loadConfig({}).billing).toMatchObject({ issuerSiren: '752000018', paymentTermsDays: 30 });
    const { BILLING_ISSUER_NAME: _n, ...withoutName } = SEAL;
    expect(problems({ NODE_ENV: 'production', ...withoutName })).toEqual([expect.stringMatching(/^BILLING_ISSUER_NAME, BILLING_ISSUER_SIREN and BILLING_IBAN are required in production/)]);
    expect(loadConfig({ NODE_ENV: 'production', ...SEAL, PLATFORM_BIC: 'AGRIFRPPXXX' }).billing).toMatchObject({ iban: 'FR7630006000011234567890189', bic: 'AGRIFRPPXXX' });
    expect(problems({ BILLING_ISSUER_SIREN: '12345' })).toEqual(['BILLING_ISSUER_SIREN must be the 9 digits of the platform\'s SIREN']);
  });
});
