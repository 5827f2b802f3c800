import pg from 'pg';

/** The channel the PostgreSQL trigger on `public_versions` announces every raise on (migration 16). */
export const PUBLIC_VERSION_CHANNEL = 'ct_public_version';

/**
 * One process's copy of PostgreSQL's public content version, so a cached public page costs no
 * round trip. One connection outside the pool LISTENs; each announced raise (sent at the commit
 * that made it, before that commit returns to its writer) drops the copy and reads the sum again
 * on that connection. The copy is only ever set from a read begun after the last announcement
 * arrived, and this process's own commits drop it too (`dropped()`), so the copy is never older
 * than what a request could have seen committed. While the connection is being made, lost or
 * re-reading, `current()` says undefined and callers read the database per request, as before;
 * the connection is made again by itself (growing pauses, at most 5 s).
 */
export class PublicVersionCopy {
  #url: string;
  #sql: string;
  #client: pg.Client | undefined;
  #value: number | undefined;
  /** Raised by every announcement, loss and own commit: a read begun before it is not kept. */
  #generation = 0;
  #started = false;
  #closed = false;
  #retryMs = 250;
  #timer: NodeJS.Timeout | undefined;
  #reading = false;

  constructor(url: string, sumSql: string) {
    this.#url = url;
    this.#sql = sumSql;
  }

  /** The version when the copy is trustworthy, else undefined (the first call starts listening). */
  current(): number | undefined {
    if (!this.#started && !this.#closed) {
      this.#started = true;
      void this.#connect();
    }
    return this.#value;
  }

  /** Something this process committed may have raised the version: read it again before trusting it. */
  dropped(): void {
    this.#generation++;
    this.#value = undefined;
    if (this.#client) void this.#refresh();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#value = undefined;
    clearTimeout(this.#timer);
    const c = this.#client;
    this.#client = undefined;
    await c?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.#url,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
      connectionTimeoutMillis: 5000,
      application_name: 'cartoon-truth:public-version',
    });
    const lost = () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      this.dropped();
      void client.end().catch(() => {});
      this.#retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel === PUBLIC_VERSION_CHANNEL) this.dropped();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PUBLIC_VERSION_CHANNEL}`);
    } catch {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      this.#retry();
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#retryMs = 250;
    this.dropped();
  }

  #retry(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(), this.#retryMs);
    this.#timer.unref();
    this.#retryMs = Math.min(this.#retryMs * 2, 5000);
  }

  /** Reads the sum on the listening connection; kept only if nothing was announced meanwhile. */
  async #refresh(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      for (;;) {
        const client = this.#client;
        if (!client || this.#closed) return;
        const generation = this.#generation;
        let v: number;
        try {
          v = Number((await client.query<{ v: string | number }>(this.#sql)).rows[0]?.v ?? 0);
        } catch {
          return; // the connection's 'error' or 'end' handles the loss
        }
        if (generation === this.#generation && client === this.#client) {
          this.#value = v;
          return;
        }
      }
    } finally {
      this.#reading = false;
    }
  }
}
