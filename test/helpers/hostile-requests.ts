import * as http from 'node:http';
import { gzipSync } from 'node:zlib';
import { offeringInput } from './factories';

/**
 * Single hostile requests of at most 1 MB, each with the answer it must get: what the
 * e2e battery asserts and bench/hostile times. `token` is an organisation ADMIN's (a
 * hospital: it may publish, buy and manage keys).
 */
export interface HostileRequest {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The HTTP status and the error code expected; `data` false: refused before anything ran. */
  expect: { status: number; code: string; data?: boolean };
}

const MB = 1024 * 1024;
const JSON_TYPE = { 'content-type': 'application/json' };
const UUID = '00000000-0000-4000-8000-000000000000';
const times = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');

export function hostileRequests(token: string): HostileRequest[] {
  const signedIn = { ...JSON_TYPE, authorization: `Bearer ${token}` };
  const post = (name: string, payload: unknown, expect: HostileRequest['expect'], headers: Record<string, string> = JSON_TYPE): HostileRequest =>
    ({ name, method: 'POST', path: '/graphql', headers, body: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload), expect });
  const refused = (code: string, status = 400) => ({ status, code, data: false });
  const answered = (code: string) => ({ status: 200, code, data: true });
  const nul = 'a\u0000b';

  return [
    // Frozen by one small query
    post('24 levels of fragments spreading each other twice', {
      query: `{ ...F0 } ${times(24, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)} fragment F24 on Query { offerings { totalCount } }`,
    }, refused('QUERY_TOO_COMPLEX')),
    post('a fragment cycle', { query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }, refused('BAD_USER_INPUT')),
    post('a chain of 2,000 fragments', {
      query: `{ ...C0 } ${times(2000, (i) => `fragment C${i} on Query { ...C${i + 1} }`)} fragment C2000 on Query { __typename }`,
    }, refused('QUERY_TOO_COMPLEX')),
    post('a 1 MB flat selection', { query: `{ offerings { edges { node { ${'id '.repeat(340_000)} } } } }` }, refused('QUERY_TOO_COMPLEX')),
    post('10,001 aliases of a list field', { query: `{ ${times(10_001, (i) => `a${i}: offerings { totalCount }`)} }` }, refused('QUERY_TOO_COMPLEX')),
    post('brackets nested 500,000 deep in an argument', { query: `{ offerings(filter: { themes: ${'['.repeat(500_000)} }) { totalCount } }` }, refused('QUERY_TOO_COMPLEX')),
    post('selections nested 300,000 deep', { query: `${'{ offerings '.repeat(80_000)}` }, refused('QUERY_TOO_COMPLEX')),
    post('a field selected 400 times', { query: `{ offerings { ${'pageInfo { endCursor } '.repeat(400)} } }` }, refused('QUERY_TOO_COMPLEX')),
    post('introspection nested through types', { query: '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }' }, refused('BAD_USER_INPUT')),
    post('six sign-ins in one request', {
      query: `mutation { ${times(6, (i) => `s${i}: signIn(input: { email: "nobody${i}@example.test", password: "a-long-enough-password" }) { token }`)} }`,
    }, refused('QUERY_TOO_COMPLEX')),
    post('800 directives on one field', { query: `{ __typename ${'@skip(if: false) '.repeat(800)} }` }, refused('QUERY_TOO_COMPLEX')),
    post('700 variables, none used', { query: `query(${times(700, (i) => `$v${i}: Int`)}) { __typename }` }, refused('BAD_USER_INPUT')),
    post('a document of comments only', { query: `#${'x'.repeat(MB - 100)}` }, refused('GRAPHQL_PARSE_FAILED')),
    // Errors that should be codes
    post('a JSON variable nested 500,000 deep', `{"query":"query($v: JSONObject) { renderLicence(versionId: \\"${UUID}\\", variables: $v) { __typename } }","variables":{"v":{"a":${'['.repeat(500_000)}${']'.repeat(500_000)}}}}`, refused('BAD_USER_INPUT')),
    post('a NUL byte in a search (variable)', { query: 'query($s: String) { offerings(search: $s) { totalCount } }', variables: { s: nul } }, answered('BAD_USER_INPUT')),
    post('a NUL byte in a search (literal)', { query: '{ offerings(search: "a\\u0000b") { totalCount } }' }, answered('BAD_USER_INPUT')),
    post('a NUL byte in a sign-up', {
      query: 'mutation($i: SignUpOrganizationInput!) { signUpOrganization(input: $i) { token } }',
      variables: { i: { organization: { name: nul, kind: 'STARTUP', address: { line: 'x', postalCode: '1000', city: 'Bruxelles', country: 'BE' } }, admin: { email: 'nul@example.test', displayName: 'N', password: 'a-long-enough-password' } } },
    }, answered('BAD_USER_INPUT')),
    post('a NUL byte in a key name', { query: `mutation { createApiKey(input: { name: "${'a\\u0000b'}", roles: [BUYER] }) { secret } }` }, answered('BAD_USER_INPUT'), signedIn),
    post('a NUL byte in an offering title', {
      query: 'mutation($i: OfferingContentInput!) { createOffering(input: $i) { id } }', variables: { i: offeringInput({ title: { fr: nul, en: 'A title' } }) },
    }, answered('BAD_USER_INPUT'), signedIn),
    post('a NUL byte in a project title', {
      query: 'mutation($i: CreateAccessRequestInput!) { createAccessRequest(input: $i) { id } }',
      variables: { i: { offeringId: UUID, templateVersionId: UUID, purposeCategory: 'X', purposeSummary: 'A summary of ten', projectTitle: nul, principalInvestigator: 'Dr X', legalBasis: 'X', cnilFormality: 'MR_004', cnilReference: 'ref', scope: { population: 'all', variables: [] }, durationMonths: 12 } },
    }, answered('BAD_USER_INPUT'), signedIn),
    post('a NUL byte in a password-reset request', { query: 'mutation($e: String!) { requestPasswordReset(input: { email: $e }) }', variables: { e: `a${nul}@example.test` } }, answered('BAD_USER_INPUT')),
    post('a 1 MB password at sign-in (no hash of it is computed)', {
      query: 'mutation($p: String!) { signIn(input: { email: "nobody@example.test", password: $p }) { token } }', variables: { p: 'x'.repeat(MB - 300) },
    }, answered('BAD_USER_INPUT')),
    post('a password-reset code that is not one', { query: 'mutation { resetPassword(input: { token: "hdm_pwr_short", newPassword: "a-long-enough-password" }) }' }, answered('BAD_USER_INPUT')),
    post('a 1 MB search', { query: 'query($s: String) { offerings(search: $s) { totalCount } }', variables: { s: 'x'.repeat(MB - 200) } }, answered('BAD_USER_INPUT')),
    post('a 200,000-character clause id', { query: `mutation { removeLicenceClause(versionId: "${UUID}", clauseId: "${'c'.repeat(200_000)}") { id } }` }, answered('BAD_USER_INPUT'), signedIn),
    post('an integer beyond 32 bits', { query: '{ offerings(first: 99999999999999999999) { totalCount } }' }, refused('BAD_USER_INPUT')),
    post('an integer variable of 1e300', { query: 'query($n: Int) { offerings(first: $n) { totalCount } }', variables: { n: 1e300 } }, refused('BAD_USER_INPUT')),
    post('a count of records of 1e308', {
      query: 'mutation($n: Float) { updateOffering(id: "' + UUID + '", input: { numberOfRecords: $n }) { id } }', variables: { n: 1e308 },
    }, answered('BAD_USER_INPUT'), signedIn),
    post('malformed JSON', '{"query": "{ __typename }"', refused('BAD_REQUEST')),
    post('a batch', [{ query: '{ __typename }' }, { query: '{ __typename }' }], refused('BAD_REQUEST')),
    post('no query', {}, refused('BAD_REQUEST')),
    post('variables as a string', { query: '{ __typename }', variables: '{"a":1}' }, refused('BAD_REQUEST')),
    post('variables as an array', { query: '{ __typename }', variables: [1, 2] }, refused('BAD_REQUEST')),
    post('an unknown operation name', { query: 'query A { __typename }', operationName: 'B' }, refused('OPERATION_RESOLUTION_FAILURE')),
    post('text/plain (cross-site request forgery)', '{"query":"{ __typename }"}', refused('BAD_REQUEST'), { 'content-type': 'text/plain' }),
    post('an XML body', '<query>{ __typename }</query>', refused('BAD_REQUEST'), { 'content-type': 'application/xml' }),
    post('a Latin-1 JSON body', '{"query":"{ __typename }"}', refused('BAD_REQUEST', 415), { 'content-type': 'application/json; charset=latin1' }),
    post('an unknown content encoding', '{"query":"{ __typename }"}', refused('BAD_REQUEST', 415), { ...JSON_TYPE, 'content-encoding': 'zstd-x' }),
    post('a gzip bomb (40 KB inflating to 40 MB)', gzipSync(Buffer.alloc(40 * MB, ' ')), refused('PAYLOAD_TOO_LARGE', 413), { ...JSON_TYPE, 'content-encoding': 'gzip' }),
    post('a body said to be gzip that is not', '{"query":"{ __typename }"}', refused('BAD_REQUEST'), { ...JSON_TYPE, 'content-encoding': 'gzip' }),
    { name: 'a GET without a preflight header (cross-site request forgery)', method: 'GET', path: '/graphql?query=%7B__typename%7D', headers: {}, expect: refused('BAD_REQUEST') },
    { name: 'a mutation sent with GET', method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { retireOffering(id: "' + UUID + '") { id } }')}`, headers: { 'apollo-require-preflight': '1' }, expect: refused('BAD_REQUEST', 405) },
    { name: 'a GET with invalid JSON variables', method: 'GET', path: '/graphql?query=%7B__typename%7D&variables=%7Bx', headers: { 'apollo-require-preflight': '1' }, expect: refused('BAD_REQUEST') },
    { name: 'PUT', method: 'PUT', path: '/graphql', headers: JSON_TYPE, body: '{"query":"{ __typename }"}', expect: refused('BAD_REQUEST', 405) },
    { name: 'a 1 MB file that is no PDF to verify', method: 'POST', path: '/agreements/verify', headers: { 'content-type': 'application/pdf' }, body: Buffer.alloc(MB, 'x'), expect: { status: 400, code: 'BAD_USER_INPUT' } },
    { name: 'a NUL byte in a path parameter', method: 'GET', path: '/offerings/a%00b.jsonld', headers: {}, expect: { status: 400, code: 'BAD_USER_INPUT' } },
  ];
}

/** Sends one request exactly as described (node:http leaves bodies and headers as they are). */
export function sendHostile(baseUrl: string, r: HostileRequest): Promise<{ status: number; body: any; ms: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${r.path}`, { method: r.method, headers: r.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: the assertion on the body says so
        }
        resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - start });
      });
    });
    req.on('error', reject);
    req.end(r.body);
  });
}
