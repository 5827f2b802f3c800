import { dict, isLang, type Lang } from '#src/i18n/index.ts';

/** A help contact as the outage page shows it (the last ones read, or the defaults). */
export interface OutageContact {
  organisation: string;
  phone: string;
  web?: string | undefined;
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/**
 * What every request gets while the database or the bucket is out of reach: 503 with Retry-After,
 * in the visitor's language, with the help contacts (help comes first, outage or not). A page
 * asked for with GET reloads itself; a form that was posted says it was not saved.
 */
export function unavailableResponse(url: URL, method: string, contacts: OutageContact[]): Response {
  const seg = url.pathname.split('/')[1];
  const lang: Lang = isLang(seg) ? seg : 'cs';
  const t = dict(lang).unavailable;
  const get = method === 'GET' || method === 'HEAD';
  const list = contacts
    .map((c) => `<li><strong>${esc(c.organisation)}</strong>: <a href="tel:${esc(c.phone.replace(/[^+0-9]/g, ''))}">${esc(c.phone)}</a>${c.web ? ` · <a href="${esc(c.web)}">${esc(c.web.replace(/^https?:\/\//, ''))}</a>` : ''}</li>`)
    .join('');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${get ? '<meta http-equiv="refresh" content="30">' : ''}<title>${esc(t.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1f2a;background:#fbfaf7}h1{font-size:1.5rem}a{color:#8c1d18}</style></head>
<body><main><h1>${esc(t.title)}</h1><p>${esc(t.body)}</p><p>${esc(get ? t.again : t.notSaved)}</p>
<h2>${esc(t.help)}</h2><ul>${list}</ul></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '30' },
  });
}
