import { z } from 'zod/mini';

/**
 * Helpers for the schemas the browser runs too (the entry form, the tour request): they use
 * zod/mini, the same checks as zod in a fraction of the bundle. Server-only schemas use zod.
 */

/** zod's preprocess, which zod/mini spells as a transform piped into the schema. */
export const preprocess = <T extends z.ZodMiniType>(fn: (v: unknown) => unknown, schema: T) => z.pipe(z.transform(fn), schema);

/** Surrounding spaces never count. */
export const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

/** What a failed parse reports, whichever flavour of zod made the schema. */
export type SchemaError = z.core.$ZodError;
