import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/site.ts';
import { declaredActions, sourceFiles } from '../helpers/source.ts';

/**
 * The house rules of src/: imports point downward (pages → domains → platform), never sideways
 * between domains of one layer, never in a cycle; no domain module imports a page or an Action.
 */
const LAYER: Record<string, number> = {
  i18n: 0, platform: 0.5,
  accounts: 1, artworks: 1,
  editions: 2,
  entries: 3,
  jury: 4,
  gallery: 5, tour: 5, schools: 5,
  catalogue: 6,
  originals: 6.5,
  backoffice: 7,
  operations: 8,
  components: 9, layouts: 9.5,
  actions: 10, 'middleware.ts': 10.5,
  pages: 11,
};
/** A domain's actions.ts sits above every domain: only src/actions/index.ts gathers them. */
const folderOf = (file: string) => (file.endsWith('/actions.ts') ? 'actions' : file.split('/')[1]!);

const SPEC = /(?:from\s+|import\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm;
function importsOf(file: string, { withTypes = true } = {}): string[] {
  let text = readFileSync(join(ROOT, file), 'utf8');
  // A type-only import vanishes at run time, so it cannot close a cycle.
  if (!withTypes) text = text.replace(/^import type [^;]+;/gm, '');
  return [...text.matchAll(SPEC)].flatMap(([, spec]) => {
    if (spec!.startsWith('#src/')) return [`src/${spec!.slice(5)}`];
    if (spec!.startsWith('.')) return [posix.normalize(posix.join(dirname(file), spec!))];
    return [];
  });
}
const files = sourceFiles('src');
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const runtimeGraph = new Map(files.map((f) => [f, importsOf(f, { withTypes: false })]));

describe('the structure of src/', () => {
  it('every import names a file that exists', () => {
    const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !existsSync(join(ROOT, d))).map((d) => `${f} -> ${d}`));
    expect(missing).toEqual([]);
  });

  it('imports point downward and never sideways between domains', () => {
    const wrong: string[] = [];
    for (const [file, deps] of graph) {
      const from = folderOf(file);
      for (const dep of deps) {
        const to = folderOf(dep);
        if (to === from || LAYER[to] === undefined || LAYER[from] === undefined) continue;
        if (LAYER[to]! >= LAYER[from]!) wrong.push(`${file} -> ${dep}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no module outside the pages imports a page or an Action, except the one list of Actions', () => {
    const wrong = [...graph].filter(([file]) => !file.startsWith('src/pages/')).flatMap(([file, deps]) =>
      deps.filter((d) => d.startsWith('src/pages/') || (d.endsWith('/actions.ts') && file !== 'src/actions/index.ts')).map((d) => `${file} -> ${d}`),
    );
    expect(wrong).toEqual([]);
  });

  it('has no import cycles', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') return void cycles.push([...path.slice(path.indexOf(f)), f].join(' -> '));
      state.set(f, 'open');
      for (const d of runtimeGraph.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('no folder holds more than 20 source files directly', () => {
    const count = new Map<string, number>();
    for (const f of files) if (!f.startsWith('src/pages/')) count.set(dirname(f), (count.get(dirname(f)) ?? 0) + 1);
    expect([...count].filter(([, n]) => n > 20)).toEqual([]);
  });

  it('every Action declares who may call it, next to its definition', () => {
    const actions = declaredActions();
    expect(actions.length).toBeGreaterThan(25);
    expect(actions.filter((a) => !a.access).map((a) => a.name)).toEqual([]);
    expect(actions.filter((a) => a.access === 'public').map((a) => a.name).sort()).toEqual(
      ['acceptTourOffer', 'bookVisit', 'cancelTourRequest', 'cancelVisit', 'confirmConsent', 'correctEntry', 'requestClassBatch', 'requestPasswordReset', 'requestTour', 'sendClassBatch', 'setAdminLang', 'setPassword', 'signIn', 'signOut', 'submitClassWork', 'submitEntry', 'uploadConsentForm', 'withdrawConsent'],
    );
  });
});
