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

/** English texts by namespace; a page or island takes only the namespaces it renders. */
export const namespaces = { site, entry, mail, backoffice, print, calendar, service, notify, originals };
export default { ...site, ...entry, ...mail, ...backoffice, ...print, ...calendar, ...service, ...notify, ...originals } satisfies Dict;
