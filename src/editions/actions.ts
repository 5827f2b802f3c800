import { ActionError, defineAction } from 'astro:actions';
import { access } from '#src/accounts/action-access.ts';
import { requireOrganiser } from '#src/accounts/guard.ts';
import { getApp } from '#src/platform/app.ts';
import { createEdition, makeCurrent, updateEdition } from './edition.ts';
import { editionIdSchema, parseEditionForm, readEditionForm } from './edition-form.ts';

export const editionActions = {
  /** Creates (no id) or changes an edition; organisers only. */
  saveEdition: access('organiser', defineAction({
    accept: 'form',
    handler: async (form, ctx) => {
      await requireOrganiser(ctx);
      const values = readEditionForm(form);
      const parsed = parseEditionForm(values);
      if (!parsed.ok) return { ok: false as const, errors: parsed.errors, values };
      const db = getApp().db;
      const rawId = form.get('id');
      const id = rawId ? editionIdSchema.safeParse(rawId) : undefined;
      if (id && !id.success) throw new ActionError({ code: 'BAD_REQUEST', message: 'Bad edition id.' });
      const current = form.get('makeCurrent') === 'on';
      const saved = id?.success ? await updateEdition(db, id.data, parsed.input) : await createEdition(db, parsed.input, { current });
      if (!saved) throw new ActionError({ code: 'NOT_FOUND', message: 'No such edition.' });
      if (current) await makeCurrent(db, saved.id);
      return { ok: true as const, id: saved.id };
    },
  })),
};
