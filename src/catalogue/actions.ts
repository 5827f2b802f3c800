import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import { actorOf, requireOrganiser } from '#src/accounts/guard.ts';
import { audit } from '#src/platform/audit.ts';
import { idField } from '#src/platform/form-input.ts';
import { publishJob, unpublish } from './published.ts';
import { access } from '#src/accounts/action-access.ts';
import { getApp } from '#src/platform/app.ts';
import { formText } from '#src/platform/form-input.ts';
import { siteOverLoopback, startJob } from './jobs.ts';
import { parseHelpLines, parsePartnerLines, setCatalogueSettings, setPosterTexts } from './settings.ts';
import { printOptionsSchema } from './products/products.ts';
import { DEFAULT_LANG } from '#src/i18n/config.ts';
import { setHelpContacts } from '#src/gallery/help.ts';

type Ctx = { session?: { get(key: string): Promise<unknown> } | undefined; url: URL };


export const catalogueActions = {
  /** Any print product (the form's `product`, the catalogue when it names none) made in the background. */
  startCatalogueJob: access('organiser', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      const account = await requireOrganiser(ctx);
      const fields = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
      const parsed = printOptionsSchema.safeParse({ product: 'catalogue', ...fields });
      if (!parsed.success) return { ok: false as const, reason: 'invalid' as const, field: String(parsed.error.issues[0]?.path[0] ?? 'product') };
      const o = parsed.data;
      const { db } = getApp();
      // A poster's opening hours and access in its language are kept for the next poster of that stop.
      if (o.product === 'poster' && o.lang !== DEFAULT_LANG && ('hours' in fields || 'access' in fields)) await setPosterTexts(db, o.stop, o.lang, { hours: fields.hours ?? '', access: fields.access ?? '' });
      const r = await startJob(getApp(), o, account.id, siteOverLoopback());
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
        const cover = Number(formText(form, 'coverEntryId'));
        await setCatalogueSettings(db, {
          titleCs: formText(form, 'titleCs').slice(0, 160),
          titleEn: formText(form, 'titleEn').slice(0, 160),
          partners: partners.partners,
          ...(form.has('coverEntryId') ? { coverEntryId: Number.isInteger(cover) && cover > 0 ? cover : undefined } : {}),
        });
        await setHelpContacts(db, help.contacts);
      });
      return { ok: true as const };
    },
  })),
};
