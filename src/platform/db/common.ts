/** Runtime helpers both engines and the domains share (db.ts re-exports them). */

/** Now as the ISO text every timestamp column holds (`2026-11-30T13:31:27.123Z`). */
export const nowIso = (): string => new Date().toISOString();

/**
 * The database or the bucket cannot be reached (down, restarting, refusing connections). Requests
 * that meet it get the "temporarily unavailable" page and /healthz says 503 until it is back.
 */
export class UnavailableError extends Error {
  readonly service: 'database' | 'storage';
  constructor(service: 'database' | 'storage', cause: unknown) {
    super(`${service} unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'UnavailableError';
    this.service = service;
  }
}

/**
 * Whether an error is an UnavailableError. By name, not `instanceof`: the server script and the
 * built site each load their own copy of this module, and errors cross between them.
 */
export function isUnavailable(err: unknown): err is UnavailableError {
  return (err as Error | undefined)?.name === 'UnavailableError';
}

/**
 * The UnavailableError an Action's failure stands for, if any. Astro turns what an Action throws
 * into an ActionError and keeps only its message, so the outage is recognised by that message.
 */
export function unavailableBehind(err: { message?: string } | undefined): UnavailableError | undefined {
  const m = /^(database|storage) unavailable: /.exec(err?.message ?? '');
  return m ? new UnavailableError(m[1] as 'database' | 'storage', new Error(err!.message!.slice(m[0].length))) : undefined;
}
