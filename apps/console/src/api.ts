import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { TypedDocumentString } from './gql/graphql';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An error answered by the API: its code, message and, for BAD_USER_INPUT, the fields. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: FieldProblem[] = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'hdm.console.token';
let token: string | null = localStorage.getItem(TOKEN_KEY);
const tokenListeners = new Set<() => void>();

export function setToken(value: string | null) {
  token = value;
  if (value) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
  tokenListeners.forEach((l) => l());
  bumpData();
}

export function useToken(): string | null {
  return useSyncExternalStore(
    (l) => (tokenListeners.add(l), () => tokenListeners.delete(l)),
    () => token,
  );
}

export function authHeaders(): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Runs one operation on /graphql; errors become ApiError (the first one, with every field problem). */
export async function request<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ query: doc.toString(), variables: variables ?? {} }),
    });
  } catch (e) {
    throw new ApiError(`The server cannot be reached (${(e as Error).message})`, 'NETWORK');
  }
  const body = (await res.json().catch(() => ({}))) as {
    data?: R;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  if (body.errors?.length) {
    const fields = body.errors.flatMap((e) => (e.extensions?.fields as FieldProblem[] | undefined) ?? []);
    const first = body.errors[0];
    const code = String(first.extensions?.code ?? 'ERROR');
    if (code === 'UNAUTHENTICATED' && token) setToken(null);
    throw new ApiError(body.errors.map((e) => e.message).join('\n'), code, fields, first.extensions ?? {});
  }
  if (!body.data) throw new ApiError(`Unexpected answer (HTTP ${res.status})`, 'ERROR');
  return body.data;
}

// Every successful mutation bumps this counter: the queries on screen read again, no reload needed.
let dataVersion = 0;
const dataListeners = new Set<() => void>();
export function bumpData() {
  dataVersion++;
  dataListeners.forEach((l) => l());
}
function useDataVersion() {
  return useSyncExternalStore(
    (l) => (dataListeners.add(l), () => dataListeners.delete(l)),
    () => dataVersion,
  );
}

export interface QueryState<R> {
  data: R | undefined;
  error: ApiError | undefined;
  loading: boolean;
  refetch: () => void;
}

/** A query that reads again when its variables change or after any mutation. `skip` holds it. */
export function useQuery<R, V>(doc: TypedDocumentString<R, V>, variables?: V, skip = false): QueryState<R> {
  const version = useDataVersion();
  const [state, setState] = useState<{ data?: R; error?: ApiError; loading: boolean }>({ loading: !skip });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables ?? {});
  const seq = useRef(0);
  useEffect(() => {
    if (skip) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    request(doc, variables).then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: ApiError) => mine === seq.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, key, version, tick, skip]);
  const refetch = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, refetch };
}

/**
 * A mutation with the state a form needs: running, the error, and the API's field
 * problems so that each one is shown next to its field.
 */
export function useMutation<R, V>(doc: TypedDocumentString<R, V>) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = useCallback(
    async (variables: V): Promise<R | undefined> => {
      setRunning(true);
      setError(undefined);
      try {
        const data = await request(doc, variables);
        bumpData();
        return data;
      } catch (e) {
        setError(e instanceof ApiError ? e : new ApiError(String(e), 'ERROR'));
        return undefined;
      } finally {
        setRunning(false);
      }
    },
    [doc],
  );
  /** The API's message for a field, matched on the end of its path (`organization.siret` for `siret`). */
  const fieldError = useCallback(
    (...names: string[]) => {
      const p = error?.fields.find((f) => names.some((n) => f.field === n || f.field.endsWith(`.${n}`)));
      return p?.message;
    },
    [error],
  );
  /** The error not attached to any field shown, for the form's alert. */
  const formError = (shown: string[] = []) => {
    if (!error) return undefined;
    if (error.fields.length && error.fields.every((f) => shown.some((n) => f.field === n || f.field.endsWith(`.${n}`)))) return undefined;
    return error.message;
  };
  return { run, running, error, fieldError, formError, reset: () => setError(undefined) };
}

/** Fetches a file the API serves to signed-in parties (PDFs) as an object URL. */
export async function fetchFile(path: string): Promise<string> {
  const res = await fetch(path, { headers: authHeaders() });
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string; errors?: { message: string }[] }).errors?.[0]?.message ?? JSON.parse(text).message ?? text;
    } catch {
      /* plain text */
    }
    throw new ApiError(message || `HTTP ${res.status}`, String(res.status));
  }
  return URL.createObjectURL(await res.blob());
}
