import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'zod';

/**
 * The catalogue's own texts: Markdown per language in catalogue/texts/<lang>/, sorted by `order`.
 *  - foreword: signed by an author with a role;
 *  - chapter: the educational chapters (what the theme is, how recruiters act, warning signs, what
 *    to do, where to get help);
 *  - activity: discussion questions and a classroom activity tied to artworks (by entry reference,
 *    or by the number at its end, and/or by category); its `questions` are also printed on the
 *    pages of those works for teachers;
 *  - colophon: the imprint at the end.
 */
const common = { title: z.string().min(1), order: z.number().int() };
const catalogueTexts = defineCollection({
  loader: glob({ pattern: '*/*.md', base: './catalogue/texts' }),
  schema: z.discriminatedUnion('kind', [
    z.object({ ...common, kind: z.literal('foreword'), author: z.string().min(1), role: z.string().min(1) }),
    z.object({ ...common, kind: z.literal('chapter'), topic: z.enum(['theme', 'recruiters', 'warning-signs', 'what-to-do', 'help']) }),
    z.object({
      ...common,
      kind: z.literal('activity'),
      works: z.array(z.string().regex(/^(CT-\d{4}-)?\d{1,6}$/)).default([]),
      categories: z.array(z.string()).default([]),
      questions: z.array(z.string().min(1)).min(1),
      minutes: z.number().int().min(5).max(240).optional(),
    }),
    z.object({ ...common, kind: z.literal('colophon') }),
  ]),
});

/** Partners with their logos (small SVGs in catalogue/partners/); organisers can override the list in the admin. */
const cataloguePartners = defineCollection({
  loader: file('./catalogue/partners/partners.json'),
  schema: z.object({
    name: z.string().min(1),
    roleCs: z.string().default(''),
    roleEn: z.string().default(''),
    web: z.url().optional(),
    logo: z.string().regex(/^[a-z0-9-]+\.svg$/).optional(),
    order: z.number().int().default(0),
  }),
});

export const collections = { catalogueTexts, cataloguePartners };
