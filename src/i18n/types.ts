import type cs from './cs/index.ts';
import type { namespaces } from './cs/index.ts';

/**
 * The shape of a language's texts: Czech is the reference, and every other language must have
 * exactly its keys (a missing or extra key fails the type check), with any wording.
 */
type Widen<T> = T extends string ? string : T extends readonly (infer U)[] ? Widen<U>[] : { [K in keyof T]: Widen<T[K]> };

export type NamespaceName = keyof typeof namespaces;
export type Namespace<N extends NamespaceName> = Widen<(typeof namespaces)[N]>;
/** Every text of one language. */
export type Dict = Widen<typeof cs>;
export type Calendar = Namespace<'calendar'>;

/** The dotted keys of a section that lead to a text, e.g. 'image.too-large-file' in the entry errors. */
export type TextKey<S> = {
  [K in keyof S & string]: S[K] extends string ? K : S[K] extends readonly unknown[] ? never : S[K] extends object ? `${K}.${TextKey<S[K]>}` : never;
}[keyof S & string];
