import type { Dict } from '../types.ts';
import backoffice from './backoffice.ts';
import calendar from './calendar.ts';
import entry from './entry.ts';
import mail from './mail.ts';
import notify from './notify.ts';
import originals from './originals.ts';
import print from './print.ts';
import service from './service.ts';
import site from './site.ts';

/** Ukrainian texts by namespace: the public site, the entry form, consent and status pages and their mails. */
export const namespaces = { site, entry, mail, backoffice, print, calendar, service, notify, originals };
export default { ...site, ...entry, ...mail, ...backoffice, ...print, ...calendar, ...service, ...notify, ...originals } satisfies Dict;

/**
 * Drafted by machine translation and waiting for a native speaker's review: organisers see these
 * texts at /admin/translations and mark each one reviewed there. Remove a namespace once all of it is.
 */
export const machineDrafted = ['site', 'entry', 'mail', 'calendar', 'service', 'notify', 'originals'] as const;
