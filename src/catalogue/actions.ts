import { ActionError, defineAction } from 'astro:actions';
import { requireOrganiser } from '#src/accounts/guard.ts';
import { access } from '#src/accounts/action-access.ts';
import { getApp } from '#src/platform/app.ts';
import { formText } from '#src/platform/form-input.ts';
import { jobInputSchema, startJob } from './jobs.ts';
import { parseHelpLines, parsePartnerLines, setCatalogueSettings } from './settings.ts';
import { setHelpContacts } from '#src/gallery/help.ts';

type Ctx = { session?: { get(key: string): Promise<unknown> } | undefined; url: URL };


/** The command renders this very site over loopback (the print route takes its key, not a session). */
function ownBase(): string {
  const port = process.env.PORT ?? '4321';
  return `http://127.0.0.1:${port}`;
}

export const catalogueActions = {
  startCatalogueJob: access('organiser', defineAction({
    accept: 'form',
    input: jobInputSchema,
    handler: async (input, ctx) => {
      const account = await requireOrganiser(ctx);
      const r = await startJob(getApp(), input, account.id, ownBase());
      return r.ok ? { ok: true as const, id: r.id } : { ok: false as const, reason: r.reason };
    },
  })),

  saveCatalogueSettings: access('organiser', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      await requireOrganiser(ctx);
      const partners = parsePartnerLines(formText(form, 'partners'));
      if (!partners.ok) return { ok: false as const, field: 'partners', line: partners.line };
      const help = parseHelpLines(formText(form, 'help'));
      if (!help.ok) return { ok: false as const, field: 'help', line: help.line };
      const { db } = getApp();
      await db.tx(async (db) => {
        await setCatalogueSettings(db, { titleCs: formText(form, 'titleCs').slice(0, 160), titleEn: formText(form, 'titleEn').slice(0, 160), partners: partners.partners });
        await setHelpContacts(db, help.contacts);
      });
      return { ok: true as const };
    },
  })),
};
