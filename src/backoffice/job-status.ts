import { dict, fill, type Lang } from '#src/i18n/index.ts';

/**
 * A catalogue job's progress line as organisers read it, in their language. The renderer tells its
 * progress for logs and terminals (with addresses and file paths); here it becomes a phase, and a
 * line it does not know reads as "working", never as the raw text.
 */
const PHASES: [RegExp, 'starting' | 'readiness' | 'layout' | 'pdf' | 'finishing'][] = [
  [/^starting/, 'starting'],
  [/^print readiness/, 'readiness'],
  [/^laying out/, 'layout'],
  [/^laid out .*writing PDF/, 'pdf'],
  [/^(after layout|post-processing|added \d+ blank|converting to CMYK|wrote |written with)/, 'finishing'],
];

export function jobProgressText(progress: string, lang: Lang): string {
  const t = dict(lang).admin.cat.phase;
  const counted = /^pages laid out: (\d+), pictures loaded: (\d+)/.exec(progress);
  if (counted) return fill(t.pages, { pages: counted[1]!, pictures: counted[2]! });
  const phase = PHASES.find(([re]) => re.test(progress))?.[1];
  return phase ? t[phase] : t.working;
}
