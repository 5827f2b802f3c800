import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'zod';

// The catalogue's own texts: Markdown per language in catalogue/texts/<lang>/.
const catalogueTexts = defineCollection({
  loader: glob({ pattern: '*/*.md', base: './catalogue/texts' }),
  schema: z.object({
    title: z.string(),
    kind: z.enum(['foreword', 'chapter', 'colophon']),
    // Position in the catalogue; texts of one kind are sorted by it.
    order: z.number().int(),
    author: z.string().optional(),
    role: z.string().optional(),
  }),
});

export const collections = { catalogueTexts };
