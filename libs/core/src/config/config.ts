import * as net from 'node:net';
import * as path from 'node:path';
import { frenchVatNumber, vatNumberProblem } from '../kernel/vat-number';

/** Settings read once from the environment at start; every problem is reported at once. */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  graphqlMaxDepth: number;
  graphqlMaxComplexity: number;
  graphqlMaxTokens: number;
  /** Schema introspection (__schema, __type) answered; off by default in production. */
  graphqlIntrospection: boolean;
  /** "Did you mean …?" in error messages, which tell the schema's names; off by default in production. */
  graphqlSuggestions: boolean;
  sessionTtlHours: number;
  publicBaseUrl: string;
  sealP12Path: string | null;
  sealP12Passphrase: string | null;
  sqlStats: boolean;
  /** Serve the web console (apps/console/dist) under /console */
  serveConsole: boolean;
  publicCacheSeconds: number;
  /** How many matches a search counts, ranks by relevance and summarises in facets */
  searchWindow: number;
  /** How many of the most recently published offerings a search ranks its matches among, past searchWindow matches */
  searchHorizon: number;
  platformOperatorEmail: string | null;
  webConcurrency: number;
  /** CONTRACT_TEMPLATES_DIR as given (resolved by the licensing library); null: look upwards from the working directory */
  contractTemplatesDir: string | null;
  platformOperatorPassword: string | null;
  runMigrations: boolean;
  /** NODE_ENV=production: no development fallbacks (generated certificates) */
  production: boolean;
  /** Express `trust proxy`: false (the socket's address is the client's), a hop count, or the proxies' addresses */
  trustProxy: false | number | string[];
  database: DatabasePoolSettings;
  /** GraphQL operations one process runs at once, and how many may wait */
  admission: { maxConcurrent: number; maxQueued: number };
  payments: PaymentSettings;
  signIn: SignInLimits;
  passwordReset: PasswordResetSettings;
  mail: MailSettings;
  /** The platform as the issuer of invoices in its sellers' names, and the account buyers pay into */
  billing: BillingSettings;
}

/** Stripe (off without a secret key: bank transfers only) and the platform's own bank account, debited by SEPA credit-transfer files. */
export interface PaymentSettings {
  stripeSecretKey: string | null;
  stripeWebhookSecret: string | null;
  /** STRIPE_API_URL: another Stripe API origin (a local fake in tests and the demo); null: Stripe's own */
  stripeApiUrl: string | null;
  platformIban: string | null;
  platformBic: string | null;
  /** The debtor name of the platform's SEPA files */
  platformAccountName: string;
  /** COMMISSION_RATES: basis points per offering kind over the documented defaults, e.g. "HOSPITAL=1000,NETWORK=800" */
  commissionRates: string | null;
}

/** Guessing passwords: counted in PostgreSQL, so that every API process sees the same counts. */
export interface SignInLimits {
  /** failed sign-ins for one e-mail within windowSeconds that lock it */
  maxFailures: number;
  /** failed sign-ins from one client address within windowSeconds that lock that address */
  maxFailuresPerAddress: number;
  windowSeconds: number;
  /** how long a locked e-mail or address is refused, whatever the password */
  lockoutSeconds: number;
}

export interface PasswordResetSettings {
  /** how long a reset link works */
  ttlMinutes: number;
  /** reset requests for one e-mail, and from one address, within windowSeconds */
  maxPerEmail: number;
  maxPerAddress: number;
  windowSeconds: number;
}

export interface MailSettings {
  /** smtp: sent through SMTP_URL; outbox: written as JSON files to outboxDir (development and tests) */
  transport: 'smtp' | 'outbox';
  /** smtp://user:password@host:587 or smtps://…:465 */
  smtpUrl: string | null;
  from: string;
  outboxDir: string;
}

/** What every invoice prints of the platform: its legal identity and the account that collects for the sellers. */
export interface BillingSettings {
  issuerName: string;
  /** 9 digits */
  issuerSiren: string;
  iban: string;
  bic: string | null;
  /** days from the issue date to the due date */
  paymentTermsDays: number;
  /** The platform as the seller of its own commission invoices: its VAT number (default: the French one of its SIREN), address and legal mentions */
  issuerVatNumber: string;
  issuerAddress: { line: string; postcode: string; city: string } | null;
  issuerLegalInformation: string | null;
}

/** Limits that turn a stuck request into an error instead of a frozen server. */
export interface DatabasePoolSettings {
  poolSize: number;
  /** longest wait for a free pooled connection */
  acquireTimeoutMs: number;
  /** longest statement (PostgreSQL statement_timeout) */
  statementTimeoutMs: number;
  /** longest wait for a row or advisory lock (lock_timeout) */
  lockTimeoutMs: number;
  /** a transaction left idle this long is ended by PostgreSQL (idle_in_transaction_session_timeout) */
  idleInTransactionTimeoutMs: number;
  /**
   * DB_TRANSACTION_GUARD: refuse at once a query that would take a second pooled connection
   * while its caller holds an open transaction (SecondConnectionError). It follows every
   * promise (AsyncLocalStorage), about 5 % of a request's CPU: on by default in development
   * and tests, where such a mistake is found; off by default in production, where the
   * timeouts above turn one into errors.
   */
  transactionGuard: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function intVar(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return def;
  }
  return n;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, def: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return def;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: which proxies may say who the client is (X-Forwarded-For). Unset: none, the
 * socket's peer is the client. A hop count, or addresses and CIDR ranges (and Express's
 * loopback, linklocal, uniquelocal); never every proxy, which lets any client pick its IP.
 */
function trustProxyVar(raw: string | undefined, problems: string[]): false | number | string[] {
  const value = raw?.trim();
  if (!value || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => {
    if (PROXY_NAMES.includes(e)) return false;
    const [address, bits, ...rest] = e.split('/');
    const family = net.isIP(address);
    return !family || rest.length > 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
  });
  if (bad.length) {
    problems.push(`TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses, CIDR ranges, ${PROXY_NAMES.join(', ')} (got "${bad.join(', ')}"); "true" would trust any client's X-Forwarded-For`);
  }
  return entries;
}

function paymentSettings(env: NodeJS.ProcessEnv, problems: string[]): PaymentSettings {
  const stripeSecretKey = env.STRIPE_SECRET_KEY?.trim() || null;
  const stripeWebhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim() || null;
  const stripeApiUrl = env.STRIPE_API_URL?.trim() || null;
  if (stripeSecretKey && !/^(sk|rk)_(test|live)_/.test(stripeSecretKey)) problems.push('STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_live_…, sk_test_…, rk_…)');
  if (stripeWebhookSecret && !stripeWebhookSecret.startsWith('whsec_')) problems.push('STRIPE_WEBHOOK_SECRET must be the endpoint\'s signing secret (whsec_…)');
  if (stripeWebhookSecret && !stripeSecretKey) problems.push('STRIPE_WEBHOOK_SECRET needs STRIPE_SECRET_KEY');
  if (stripeApiUrl && !/^https?:\/\/[^/]+\/?$/.test(stripeApiUrl)) problems.push('STRIPE_API_URL must be an origin such as http://127.0.0.1:12111');
  const platformIban = env.PLATFORM_IBAN?.replace(/\s+/g, '').toUpperCase() || null;
  if (platformIban && !/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(platformIban)) problems.push('PLATFORM_IBAN must be an IBAN');
  if (env.COMMISSION_RATES && !/^\s*[A-Z_]+=\d{1,4}(\s*,\s*[A-Z_]+=\d{1,4})*\s*$/.test(env.COMMISSION_RATES)) {
    problems.push('COMMISSION_RATES must read KIND=basis points, comma-separated, e.g. HOSPITAL=1000,NETWORK=800');
  }
  const platformBic = env.PLATFORM_BIC?.trim().toUpperCase() || null;
  if (platformBic && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(platformBic)) problems.push('PLATFORM_BIC must be a BIC of 8 or 11 characters');
  return { stripeSecretKey, stripeWebhookSecret, stripeApiUrl, platformIban, platformBic, platformAccountName: env.PLATFORM_ACCOUNT_NAME?.trim() || 'Health Data Marketplace',
    commissionRates: env.COMMISSION_RATES?.trim() || null };
}

/**
 * MAIL_TRANSPORT: smtp (SMTP_URL) or outbox (JSON files in MAIL_OUTBOX_DIR, default
 * DATA_DIR/outbox). Production sends mail: it needs SMTP_URL unless outbox is chosen explicitly.
 */
function mailVars(env: NodeJS.ProcessEnv, dataDir: string, problems: string[]): MailSettings {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  const raw = env.MAIL_TRANSPORT?.trim() || (smtpUrl || env.NODE_ENV === 'production' ? 'smtp' : 'outbox');
  if (raw !== 'smtp' && raw !== 'outbox') problems.push(`MAIL_TRANSPORT must be smtp or outbox (got "${raw}")`);
  const transport = raw === 'smtp' ? 'smtp' : 'outbox';
  if (transport === 'smtp' && !smtpUrl) {
    problems.push('SMTP_URL (smtp://user:password@host:587 or smtps://…) is required to send mail; MAIL_TRANSPORT=outbox writes messages to a folder instead');
  }
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const from = env.MAIL_FROM?.trim() || 'Place de marché des données de santé <no-reply@localhost>';
  return { transport, smtpUrl, from, outboxDir: path.resolve(env.MAIL_OUTBOX_DIR?.trim() || path.join(dataDir, 'outbox')) };
}

// Fictitious but well-formed identifiers for development and tests; production must set its own.
const DEVELOPMENT_BILLING = {
  name: 'Plateforme Données Santé SAS', siren: '752000018', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPPXXX',
  address: { line: '10 rue de la Santé', postcode: '75014', city: 'Paris' }, legal: 'SAS au capital de 10 000 EUR, RCS Paris 752 000 018',
};

function billingVars(env: NodeJS.ProcessEnv, development: boolean, problems: string[]): BillingSettings {
  const pick = (name: string, fallback: string | null) => env[name]?.trim() || (development ? fallback : null);
  const issuerName = pick('BILLING_ISSUER_NAME', DEVELOPMENT_BILLING.name);
  const issuerSiren = pick('BILLING_ISSUER_SIREN', DEVELOPMENT_BILLING.siren);
  // The account buyers pay into is the platform's own (PLATFORM_IBAN, that its SEPA payout files debit) unless set apart.
  const iban = (env.BILLING_IBAN?.trim() || env.PLATFORM_IBAN?.trim() || (development ? DEVELOPMENT_BILLING.iban : null))?.replace(/\s+/g, '').toUpperCase() ?? null;
  const bic = env.BILLING_BIC?.trim() || (env.BILLING_IBAN?.trim() ? null : env.PLATFORM_BIC?.trim()) || (development ? DEVELOPMENT_BILLING.bic : null);
  if (!issuerName || !issuerSiren || !iban) {
    problems.push('BILLING_ISSUER_NAME, BILLING_ISSUER_SIREN and BILLING_IBAN are required in production: every invoice names the platform that issues it and the account buyers pay into');
  }
  if (issuerSiren && !/^\d{9}$/.test(issuerSiren)) problems.push('BILLING_ISSUER_SIREN must be the 9 digits of the platform\'s SIREN');
  if (iban && !/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) problems.push('BILLING_IBAN must be an IBAN: 2 letters, 2 digits, 11 to 30 letters or digits');
  const vat = env.BILLING_ISSUER_VAT?.replace(/\s+/g, '').toUpperCase() || (issuerSiren && /^\d{9}$/.test(issuerSiren) ? frenchVatNumber(issuerSiren) : '');
  if (env.BILLING_ISSUER_VAT?.trim() && issuerSiren && vatNumberProblem('FR', vat, issuerSiren)) {
    problems.push(`BILLING_ISSUER_VAT: ${vatNumberProblem('FR', vat, issuerSiren)}`);
  }
  const line = env.BILLING_ISSUER_ADDRESS?.trim() || null;
  const postcode = env.BILLING_ISSUER_POSTCODE?.trim() || null;
  const city = env.BILLING_ISSUER_CITY?.trim() || null;
  if ((line || postcode || city) && !(line && postcode && city)) problems.push('BILLING_ISSUER_ADDRESS, BILLING_ISSUER_POSTCODE and BILLING_ISSUER_CITY go together: the platform\'s address on its commission invoices');
  if (postcode && !/^\d{5}$/.test(postcode)) problems.push('BILLING_ISSUER_POSTCODE must be a French postcode of 5 digits');
  const address = line && postcode && city ? { line, postcode, city } : development ? DEVELOPMENT_BILLING.address : null;
  return {
    issuerName: issuerName ?? '', issuerSiren: issuerSiren ?? '', iban: iban ?? '', bic,
    paymentTermsDays: intVar(env, 'BILLING_PAYMENT_TERMS_DAYS', 30, 0, 60, problems),
    issuerVatNumber: vat, issuerAddress: address,
    issuerLegalInformation: env.BILLING_ISSUER_LEGAL_INFO?.trim() || (development && !env.BILLING_ISSUER_NAME?.trim() ? DEVELOPMENT_BILLING.legal : null),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const port = intVar(env, 'PORT', 3000, 0, 65535, problems);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const sealP12Path = env.SEAL_P12_PATH?.trim() || null;
  const sealP12Passphrase = env.SEAL_P12_PASSPHRASE ?? null;
  if (sealP12Path && sealP12Passphrase === null) problems.push('SEAL_P12_PASSPHRASE is required when SEAL_P12_PATH is set');
  if (!sealP12Path && env.NODE_ENV === 'production') {
    problems.push('SEAL_P12_PATH and SEAL_P12_PASSPHRASE are required in production: agreements are sealed with the platform\'s certificate, never a generated one');
  }
  const dataDir = path.resolve(env.DATA_DIR?.trim() || '.data');
  const mail = mailVars(env, dataDir, problems);
  // What reveals the schema to anyone who asks is for development; production gives schema.gql to its clients.
  const development = env.NODE_ENV !== 'production';
  const config: AppConfig = {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir,
    embeddedPgPort: intVar(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535, problems),
    logLevel,
    graphqlMaxDepth: intVar(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 50, problems),
    graphqlMaxComplexity: intVar(env, 'GRAPHQL_MAX_COMPLEXITY', 10_000, 10, 1_000_000, problems),
    graphqlMaxTokens: intVar(env, 'GRAPHQL_MAX_TOKENS', 3000, 100, 20_000, problems),
    graphqlIntrospection: boolVar(env, 'GRAPHQL_INTROSPECTION', development, problems),
    graphqlSuggestions: boolVar(env, 'GRAPHQL_SUGGESTIONS', development, problems),
    sessionTtlHours: intVar(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90, problems),
    publicBaseUrl: (env.PUBLIC_BASE_URL?.trim() || `http://localhost:${port}`).replace(/\/$/, ''),
    sealP12Path,
    sealP12Passphrase,
    sqlStats: boolVar(env, 'SQL_STATS', false, problems),
    serveConsole: boolVar(env, 'SERVE_CONSOLE', true, problems),
    publicCacheSeconds: intVar(env, 'PUBLIC_CACHE_SECONDS', 10, 0, 3600, problems),
    searchWindow: intVar(env, 'SEARCH_WINDOW', 1000, 1, 100_000, problems),
    searchHorizon: intVar(env, 'SEARCH_HORIZON', 10_000, 1, 10_000_000, problems),
    platformOperatorEmail: env.PLATFORM_OPERATOR_EMAIL?.trim().toLowerCase() || null,
    webConcurrency: intVar(env, 'WEB_CONCURRENCY', 1, 1, 64, problems),
    contractTemplatesDir: env.CONTRACT_TEMPLATES_DIR?.trim() || null,
    platformOperatorPassword: env.PLATFORM_OPERATOR_PASSWORD || null,
    runMigrations: boolVar(env, 'RUN_MIGRATIONS', true, problems),
    production: env.NODE_ENV === 'production',
    trustProxy: trustProxyVar(env.TRUST_PROXY, problems),
    database: {
      poolSize: intVar(env, 'DB_POOL_SIZE', 20, 1, 500, problems),
      acquireTimeoutMs: intVar(env, 'DB_ACQUIRE_TIMEOUT_MS', 5000, 100, 600_000, problems),
      statementTimeoutMs: intVar(env, 'DB_STATEMENT_TIMEOUT_MS', 10_000, 100, 3_600_000, problems),
      lockTimeoutMs: intVar(env, 'DB_LOCK_TIMEOUT_MS', 5000, 100, 3_600_000, problems),
      idleInTransactionTimeoutMs: intVar(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10_000, 100, 3_600_000, problems),
      transactionGuard: boolVar(env, 'DB_TRANSACTION_GUARD', development, problems),
    },
    admission: {
      maxConcurrent: intVar(env, 'MAX_CONCURRENT_REQUESTS', 20, 1, 10_000, problems),
      maxQueued: intVar(env, 'MAX_QUEUED_REQUESTS', 1000, 0, 1_000_000, problems),
    },
    payments: paymentSettings(env, problems),
    signIn: {
      maxFailures: intVar(env, 'SIGN_IN_MAX_FAILURES', 5, 1, 1000, problems),
      maxFailuresPerAddress: intVar(env, 'SIGN_IN_MAX_FAILURES_PER_ADDRESS', 100, 1, 1_000_000, problems),
      windowSeconds: intVar(env, 'SIGN_IN_WINDOW_SECONDS', 900, 1, 86_400, problems),
      lockoutSeconds: intVar(env, 'SIGN_IN_LOCKOUT_SECONDS', 900, 1, 86_400, problems),
    },
    passwordReset: {
      ttlMinutes: intVar(env, 'PASSWORD_RESET_TTL_MINUTES', 60, 1, 24 * 60, problems),
      maxPerEmail: intVar(env, 'PASSWORD_RESET_MAX_PER_EMAIL', 3, 1, 1000, problems),
      maxPerAddress: intVar(env, 'PASSWORD_RESET_MAX_PER_ADDRESS', 20, 1, 1_000_000, problems),
      windowSeconds: intVar(env, 'PASSWORD_RESET_WINDOW_SECONDS', 3600, 1, 86_400, problems),
    },
    mail,
    billing: billingVars(env, development, problems),
  };
  if (!!config.platformOperatorEmail !== !!config.platformOperatorPassword) {
    problems.push('PLATFORM_OPERATOR_EMAIL and PLATFORM_OPERATOR_PASSWORD go together');
  } else if (config.platformOperatorPassword && config.platformOperatorPassword.length < 12) {
    problems.push('PLATFORM_OPERATOR_PASSWORD must have at least 12 characters');
  }
  if (config.searchHorizon < config.searchWindow) problems.push('SEARCH_HORIZON must be at least SEARCH_WINDOW');
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
