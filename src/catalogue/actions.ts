import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { actorOf, requireOrganiser } from '#src/accounts/guard.ts';
import { audit } from '#src/platform/audit.ts';
import { idField } from '#src/platform/form-input.ts';
import { publishJob, unpublish } from './published.ts';
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

  /** Publishes a finished screen catalogue for teachers (/cs/catalogue); it replaces the edition's earlier one in that language. */
  publishCatalogue: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ job: idField }),
    handler: async ({ job }, ctx) => {
      const me = await requireOrganiser(ctx);
      const { db, storage } = getApp();
      const r = await publishJob(db, storage, job, me.id);
      if (r.ok) await audit(db, actorOf(me), { action: 'catalogue.publish', subject: `job ${job}`, after: { publication: r.id } });
      return r;
    },
  })),

  unpublishCatalogue: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ publication: idField }),
    handler: async ({ publication }, ctx) => {
      const me = await requireOrganiser(ctx);
      const { db } = getApp();
      const done = await db.tx(async (db) => {
        const changed = await unpublish(db, publication);
        if (changed) await audit(db, actorOf(me), { action: 'catalogue.unpublish', subject: `publication ${publication}` });
        return changed;
      });
      return { ok: done };
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
