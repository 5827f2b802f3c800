/**
 * npm run catalogue -- --lang cs|en --format a4|a5 --edition print|screen --out FILE.pdf [--force] [--cmyk]
 *
 * The printed catalogue from the command line, as it always was: the same as
 * `npm run print -- catalogue --variant print|screen` (scripts/print.ts), whose site handling and
 * rendering it uses. Here --edition names the print or screen edition, not the competition's year.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EDITIONS, FORMATS, isCatalogueEdition, isFormat } from '#src/artworks/print-size.ts';
import { CATALOGUE_LANGS, isLang } from '#src/i18n/config.ts';
import { fail, parseOptions, printCommand, setCommandName } from './print.ts';

setCommandName('catalogue');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lang: { type: 'string', default: 'cs' },
      format: { type: 'string', default: 'a4' },
      edition: { type: 'string', default: 'print' },
      year: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      cmyk: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '600' },
      // A JSON summary (pages, size, entries, report) for scripts that run this command.
      'summary-json': { type: 'string' },
    },
  });
  const { lang, format, edition } = values;
  if (!isLang(lang) || !CATALOGUE_LANGS.includes(lang)) fail(`--lang must be one of ${CATALOGUE_LANGS.join(', ')}`);
  if (!isFormat(format)) fail(`--format must be one of ${FORMATS.join(', ')}`);
  if (!isCatalogueEdition(edition)) fail(`--edition must be one of ${EDITIONS.join(', ')}`);
  const options = parseOptions({ product: 'catalogue', lang, format, edition, year: values.year, force: values.force });
  const out = resolve(values.out ?? `catalogue-${lang}-${format}-${edition}.pdf`);
  await printCommand(options, { out, cmyk: values.cmyk, timeout: Number(values.timeout), ...(values['summary-json'] ? { summaryJson: values['summary-json'] } : {}) });
}

main().catch((err: Error) => fail(err.message));
