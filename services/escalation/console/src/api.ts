/** The console's calls to its service: same origin, the session cookie, and the CSRF header on actions. */
export type Role = 'viewer' | 'responder' | 'admin';

export interface Session {
  owner: string;
  role: Role;
  csrf: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

let csrf = '';

/** Dispatched on window when an answer says the session is gone. */
export const SESSION_ENDED = 'slawatch:session-ended';

export function setCsrf(token: string): void {
  csrf = token;
}

export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const response = await fetch(path, {
    method,
    ...(signal ? { signal } : {}),
    credentials: 'same-origin',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'GET' ? {} : { 'x-slawatch-csrf': csrf }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  // The session ended (expired, or signed out in another tab): the page goes back to sign-in.
  if (response.status === 401 && path !== '/console/session') dispatchEvent(new Event(SESSION_ENDED));
  if (!response.ok) {
    throw new ApiError(
      response.status,
      String(parsed['error'] ?? response.statusText),
      (parsed['problems'] as string[] | undefined) ?? [],
    );
  }
  return parsed as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => call<T>('GET', path, undefined, signal);
export const post = <T>(path: string, body?: unknown) => call<T>('POST', path, body ?? {});

export const canAct = (session: Session | null) => session?.role === 'responder' || session?.role === 'admin';
