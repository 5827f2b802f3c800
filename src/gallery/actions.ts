import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { access } from '#src/accounts/action-access.ts';
import { actorOf, requireOrganiser } from '#src/accounts/guard.ts';
import { LANGS } from '#src/i18n/config.ts';
import { audit } from '#src/platform/audit.ts';
import { getApp } from '#src/platform/app.ts';
import { parseLocalContactLines, setLocalContacts } from './help.ts';
import { markReviewed } from './translations.ts';

/** The organisers' settings of the public site: help contacts by language, and the review of machine-drafted texts. */
export const galleryActions = {
  saveLocalHelp: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ lang: z.enum(LANGS), lines: z.string().max(10_000).nullish().transform((v) => v ?? '') }),
    handler: async ({ lang, lines }, ctx) => {
      const me = await requireOrganiser(ctx);
      const parsed = parseLocalContactLines(lines);
      if (!parsed.ok) return { ok: false as const, lang, line: parsed.line, lines };
      const { db } = getApp();
      await db.tx(async (db) => {
        await setLocalContacts(db, lang, parsed.contacts);
        await audit(db, actorOf(me), { action: 'help.save', subject: lang, after: parsed.contacts });
      });
      return { ok: true as const, lang };
    },
  })),

  markTranslationReviewed: access('organiser', defineAction({
    accept: 'form',
    input: z.object({ lang: z.enum(LANGS), key: z.string().max(300) }),
    handler: async ({ lang, key }, ctx) => {
      const me = await requireOrganiser(ctx);
      return { ok: await markReviewed(getApp().db, actorOf(me), lang, key), key };
    },
  })),
};
