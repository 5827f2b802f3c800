/**
 * Preloaded by the print commands (`node --import ./scripts/compile-cache.ts scripts/print.ts`):
 * Node keeps the compiled code of every module it loads in its compile cache (under the system's
 * temporary directory, checked against each file's contents), so a later run does not compile
 * Playwright, pdf-lib and the rest again. About a quarter of a second of every print run's start.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
