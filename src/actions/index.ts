import { accessRegistry } from '#src/accounts/action-access.ts';
import { accountActions } from '#src/accounts/actions.ts';
import { artworkActions } from '#src/artworks/actions.ts';
import { backofficeActions } from '#src/backoffice/actions.ts';
import { catalogueActions } from '#src/catalogue/actions.ts';
import { editionActions } from '#src/editions/actions.ts';
import { entryActions } from '#src/entries/actions.ts';
import { galleryActions } from '#src/gallery/actions.ts';
import { juryActions } from '#src/jury/actions.ts';
import { tourActions } from '#src/tour/actions.ts';
import { originalsActions } from '#src/originals/actions.ts';
import { schoolActions } from '#src/schools/actions.ts';

/** Every Action of the site; each lives in its domain's actions.ts and declares its own access there. */
export const server = {
  ...accountActions,
  ...editionActions,
  ...entryActions,
  ...artworkActions,
  ...juryActions,
  ...tourActions,
  ...galleryActions,
  ...catalogueActions,
  ...backofficeActions,
  ...schoolActions,
  ...originalsActions,
};

/** The access each Action declared, read by the middleware before the Action reads its input. */
export const actionAccess = accessRegistry(server);
