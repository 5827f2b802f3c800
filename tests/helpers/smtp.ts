import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './wait.ts';

export interface Inbox {
  url: string;
  messages: ParsedMail[];
  /** Waits until a message matching `pred` has arrived. */
  waitFor(pred: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps every message it receives, parsed. */
export async function startInbox(): Promise<Inbox> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          messages.push(m);
          callback();
        })
        .catch(callback);
    },
  });
  // A connection the site drops mid-message (it is stopped while its mailer still sends) resets its
  // socket. smtp-server reports that as an 'error' event, which without a listener would end the
  // whole test run as an uncaught exception. Such a message never arrives, which a test's waitFor
  // says; any other error is printed.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') console.error(`test inbox: ${err.message}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor: (pred, timeoutMs = 20_000) =>
      waitFor(() => messages.find(pred), { timeoutMs, intervalMs: 100, what: 'a matching mail' }).catch(() => {
        throw new Error(`no matching mail; got: ${messages.map((x) => `${x.subject} → ${addresses(x)}`).join('; ') || 'none'}`);
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function addresses(m: ParsedMail): string {
  const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
  return to.map((a) => a.text).join(', ');
}

/** Every http(s) link in the mail's text part. */
export function links(m: ParsedMail): string[] {
  return [...(m.text ?? '').matchAll(/https?:\/\/[^\s<>"]+/g)].map((x) => x[0]);
}
