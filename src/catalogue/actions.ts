import { ActionError, defineAction } from 'astro:actions';
import { requireOrganiser } from '#src/accounts/guard.ts';
import { getApp } from '#src/platform/app.ts';
import { jobInputSchema, startJob } from './jobs.ts';
import { parseHelpLines, parsePartnerLines, setCatalogueSettings } from './settings.ts';
import { setHelpContacts } from '#src/gallery/help.ts';

type Ctx = { session?: { get(key: string): Promise<unknown> } | undefined; url: URL };


/** The command renders this very site over loopback (the print route takes its key, not a session). */
function ownBase(): string {
  const port = process.env.PORT ?? '4321';
  return `http://127.0.0.1:${port}`;
}

const text = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
};

export const catalogueActions = {
  startCatalogueJob: defineAction({
    accept: 'form',
    input: jobInputSchema,
    handler: async (input, ctx) => {
      const account = await requireOrganiser(ctx);
      const r = startJob(getApp(), input, account.id, ownBase());
      return r.ok ? { ok: true as const, id: r.id } : { ok: false as const, reason: r.reason };
    },
  }),

  saveCatalogueSettings: defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      await requireOrganiser(ctx);
      const partners = parsePartnerLines(text(form, 'partners'));
      if (!partners.ok) return { ok: false as const, field: 'partners', line: partners.line };
      const help = parseHelpLines(text(form, 'help'));
      if (!help.ok) return { ok: false as const, field: 'help', line: help.line };
      const { db } = getApp();
      db.tx(() => {
        setCatalogueSettings(db, { titleCs: text(form, 'titleCs').slice(0, 160), titleEn: text(form, 'titleEn').slice(0, 160), partners: partners.partners });
        setHelpContacts(db, help.contacts);
      });
      return { ok: true as const };
    },
  }),
};
