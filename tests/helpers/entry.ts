/**
 * A valid entry as the form posts it, for tests that send entries over HTTP: a 16-year-old's
 * poster with an e-mail and the needed consents. Override any field; `undefined` leaves it out.
 */
export type EntryFields = Record<string, string | Blob | Blob[] | undefined>;

export function entryValues(over: EntryFields = {}): EntryFields {
  return {
    lang: 'cs',
    formToken: crypto.randomUUID(),
    firstName: 'Zkouška',
    surname: 'Testová',
    age: '16',
    town: 'Brno',
    region: 'JHM',
    category: 'poster',
    title: 'A test work',
    statement: 'A statement long enough to pass.',
    altText: 'A poster described for blind visitors.',
    artistEmail: `artist-${crypto.randomUUID()}@example.org`,
    consentPublish: 'on',
    agreeRules: 'on',
    ...over,
  };
}

/** A picture as the browser sends a chosen file. */
export const jpegFile = (bytes: Uint8Array): Blob => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });

/** The multipart body of the entry form: valid values, overrides, and the pages as files. */
export function entryForm(over: EntryFields = {}, pages: Uint8Array[] = []): FormData {
  const f = new FormData();
  const fields = { ...entryValues(over), ...(pages.length && !('pages' in over) ? { pages: pages.map(jpegFile) } : {}) };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item instanceof Blob) f.append(k, item, 'work.jpg');
      else f.append(k, item);
    }
  }
  return f;
}
