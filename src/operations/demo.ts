import sharp from 'sharp';
import type { App } from '#src/platform/app.ts';
import { beginUpload } from '#src/artworks/storage.ts';
import { addDays, todayInPrague } from '#src/platform/calendar-date.ts';
import { createEdition, currentEdition, defaultEdition } from '#src/editions/edition.ts';
import { needsGuardian, type Category, type EntryStatus } from '#src/entries/entry.ts';
import { countEntries, insertEntry, reserveEntryId } from '#src/entries/entry-store.ts';
import { processImage, type ProcessedImage } from '#src/artworks/images.ts';
import type { RegionCode } from '#src/platform/regions.ts';
import type { Db } from '#src/platform/db.ts';
import { createSlot } from '#src/tour/visits.ts';
import { createSet, createStop } from '#src/tour/tour.ts';
import type { Lang } from '#src/i18n/config.ts';

/**
 * The demo edition: made-up artists and artworks the project draws itself (no real child's work),
 * so a fresh site shows a gallery, a tour and a catalogue.
 */
export interface DemoArtist {
  firstName: string;
  surname: string;
  age: number;
  region: RegionCode;
  category: Category;
  title: [string, string];
  status: EntryStatus;
}

export const ARTISTS: DemoArtist[] = [
  { firstName: 'Eliška', surname: 'Vondráčková', age: 14, region: 'PHA', category: 'poster', title: ['Práce snů?', 'Dream job?'], status: 'accepted' },
  { firstName: 'Tomáš', surname: 'Křížek', age: 16, region: 'JHM', category: 'comic', title: ['Nabídka z internetu', 'An offer from the internet'], status: 'accepted' },
  { firstName: 'Anežka', surname: 'Šťastná', age: 13, region: 'ULK', category: 'poster', title: ['Neber si cizí pas', 'Don’t hand over your passport'], status: 'accepted' },
  { firstName: 'Jakub', surname: 'Řezníček', age: 17, region: 'MSK', category: 'comic', title: ['Řetězy', 'Chains'], status: 'accepted' },
  { firstName: 'Barbora', surname: 'Žďárská', age: 15, region: 'OLK', category: 'poster', title: ['Kdo tě hlídá?', 'Who is watching you?'], status: 'accepted' },
  { firstName: 'Matyáš', surname: 'Dvořáček', age: 12, region: 'VYS', category: 'comic', title: ['Kamarád z chatu', 'A friend from the chat'], status: 'accepted' },
  { firstName: 'Klára', surname: 'Hůlková', age: 18, region: 'LBK', category: 'poster', title: ['Zavolej', 'Make the call'], status: 'accepted' },
  { firstName: 'Vojtěch', surname: 'Čermák', age: 14, region: 'PLK', category: 'comic', title: ['Dluh', 'The debt'], status: 'accepted' },
  { firstName: 'Tereza', surname: 'Málková', age: 16, region: 'HKK', category: 'poster', title: ['Příliš dobré', 'Too good to be true'], status: 'accepted' },
  { firstName: 'Ondřej', surname: 'Pešťák', age: 19, region: 'ZLK', category: 'comic', title: ['Brigáda v zahraničí', 'A summer job abroad'], status: 'accepted' },
  { firstName: 'Natálie', surname: 'Bílková', age: 13, region: 'PAK', category: 'poster', title: ['Nejsi na prodej', 'You are not for sale'], status: 'accepted' },
  { firstName: 'Šimon', surname: 'Jelínek', age: 15, region: 'KVK', category: 'comic', title: ['Modelka', 'The model'], status: 'accepted' },
  { firstName: 'Adéla', surname: 'Kopečná', age: 17, region: 'STC', category: 'poster', title: ['Varovné signály', 'Warning signs'], status: 'accepted' },
  { firstName: 'Filip', surname: 'Ouředník', age: 14, region: 'JHC', category: 'comic', title: ['Ztracený telefon', 'The lost phone'], status: 'accepted' },
  { firstName: 'Kristýna', surname: 'Úlehlová', age: 16, region: 'JHM', category: 'poster', title: ['Svoboda', 'Freedom'], status: 'accepted' },
  { firstName: 'Lukáš', surname: 'Třeštík', age: 18, region: 'PHA', category: 'comic', title: ['Večírek', 'The party'], status: 'accepted' },
  { firstName: 'Zuzana', surname: 'Heřmanová', age: 12, region: 'MSK', category: 'poster', title: ['Důvěřuj, ale prověřuj', 'Trust, but check'], status: 'accepted' },
  { firstName: 'David', surname: 'Ňachal', age: 15, region: 'ULK', category: 'comic', title: ['Cesta autobusem', 'The bus ride'], status: 'accepted' },
  { firstName: 'Julie', surname: 'Sýkorová', age: 17, region: 'OLK', category: 'poster', title: ['Zlatá klec', 'The golden cage'], status: 'accepted' },
  { firstName: 'Marek', surname: 'Zbořil', age: 16, region: 'ZLK', category: 'comic', title: ['Nový život', 'A new life'], status: 'accepted' },
  { firstName: 'Sofie', surname: 'Lišková', age: 14, region: 'VYS', category: 'poster', title: ['Tvůj hlas', 'Your voice'], status: 'received' },
  { firstName: 'Adam', surname: 'Bečvář', age: 13, region: 'HKK', category: 'comic', title: ['Tajemství', 'The secret'], status: 'received' },
  { firstName: 'Ema', surname: 'Fürstová', age: 18, region: 'PAK', category: 'poster', title: ['Lež', 'The lie'], status: 'received' },
  { firstName: 'Daniel', surname: 'Gregor', age: 15, region: 'PLK', category: 'poster', title: ['Bez názvu', 'Untitled'], status: 'rejected' },
];

const PALETTES = [
  ['#1d3557', '#e63946', '#f1faee', '#a8dadc'],
  ['#264653', '#e9c46a', '#f4a261', '#2a9d8f'],
  ['#3d405b', '#e07a5f', '#f4f1de', '#81b29a'],
  ['#22223b', '#c9ada7', '#f2e9e4', '#9a8c98'],
  ['#003049', '#d62828', '#fcbf49', '#eae2b7'],
  ['#2b2d42', '#ef233c', '#edf2f4', '#8d99ae'],
];

/** A deterministic pseudo-random sequence so the demo looks the same every time. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Draws a poster (portrait, big shapes) or a comic page (panels with figures) as SVG. */
export function demoArtworkSvg(index: number, category: Category, width: number, height: number): string {
  const r = rng(index * 7919 + 13);
  const [ink, accent, paper, soft] = PALETTES[index % PALETTES.length]!;
  const shapes: string[] = [];
  if (category === 'poster') {
    shapes.push(`<rect width="${width}" height="${height}" fill="${paper}"/>`);
    for (let i = 0; i < 9; i++) {
      const cx = r() * width;
      const cy = r() * height;
      const rad = 60 + r() * 260;
      shapes.push(`<circle cx="${cx.toFixed(0)}" cy="${cy.toFixed(0)}" r="${rad.toFixed(0)}" fill="${i % 2 ? soft : accent}" opacity="0.55"/>`);
    }
    // A figure behind bars: the recurring motif of the competition.
    const fx = width / 2;
    const fy = height * 0.55;
    shapes.push(`<circle cx="${fx}" cy="${fy - 220}" r="90" fill="${ink}"/>`);
    shapes.push(`<path d="M ${fx - 160} ${fy + 260} Q ${fx} ${fy - 200} ${fx + 160} ${fy + 260} Z" fill="${ink}"/>`);
    for (let x = width * 0.2; x < width * 0.8; x += width / 14) {
      shapes.push(`<rect x="${x.toFixed(0)}" y="${(height * 0.25).toFixed(0)}" width="18" height="${(height * 0.55).toFixed(0)}" fill="${accent}"/>`);
    }
    shapes.push(`<rect x="${width * 0.1}" y="${height * 0.86}" width="${width * 0.8}" height="${height * 0.07}" rx="20" fill="${ink}"/>`);
  } else {
    shapes.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
    const cols = 2;
    const rows = 3;
    const gap = 30;
    const pw = (width - gap * (cols + 1)) / cols;
    const ph = (height - gap * (rows + 1)) / rows;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const x = gap + col * (pw + gap);
        const y = gap + row * (ph + gap);
        shapes.push(`<rect x="${x}" y="${y}" width="${pw}" height="${ph}" fill="${r() > 0.5 ? paper : soft}" stroke="${ink}" stroke-width="8"/>`);
        const hx = x + pw * (0.25 + r() * 0.5);
        const hy = y + ph * 0.55;
        shapes.push(`<circle cx="${hx.toFixed(0)}" cy="${(hy - 60).toFixed(0)}" r="40" fill="${ink}"/>`);
        shapes.push(`<rect x="${(hx - 45).toFixed(0)}" y="${(hy - 15).toFixed(0)}" width="90" height="${(ph * 0.35).toFixed(0)}" rx="30" fill="${accent}"/>`);
        shapes.push(`<ellipse cx="${(x + pw * 0.3).toFixed(0)}" cy="${(y + ph * 0.2).toFixed(0)}" rx="${(pw * 0.22).toFixed(0)}" ry="${(ph * 0.12).toFixed(0)}" fill="#fff" stroke="${ink}" stroke-width="5"/>`);
      }
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${shapes.join('')}</svg>`;
}

/** Renders a demo artwork as PNG bytes, as if an artist had uploaded it. */
export async function demoArtworkPng(index: number, category: Category): Promise<Buffer> {
  const [w, h] = category === 'poster' ? [1240, 1754] : [1240, 1754];
  return sharp(Buffer.from(demoArtworkSvg(index, category, w, h))).png({ compressionLevel: 1 }).toBuffer();
}

/** Pages of a demo work: posters one, comics two or three. */
export function demoPageCount(index: number, category: Category): number {
  return category === 'comic' ? (index % 4 === 1 ? 3 : 2) : 1;
}

function altText(a: DemoArtist, lang: Lang): string {
  if (a.category === 'comic') {
    return lang === 'cs'
      ? `Komiks o šesti okénkách: postava dostává lákavou nabídku, odjíždí a ocitá se v pasti, v posledním okénku volá o pomoc.`
      : `A six-panel comic: a character receives a tempting offer, travels away, ends up trapped and in the last panel calls for help.`;
  }
  return lang === 'cs'
    ? `Plakát: tmavá postava za barevnými mřížemi, kolem ní barevné kruhy, dole pruh pro telefonní číslo pomoci.`
    : `A poster: a dark figure behind coloured bars surrounded by circles, with a band at the bottom for a help line number.`;
}

/** The main town of each region, as the demo artists' home towns. */
export const DEMO_TOWNS: Record<RegionCode, string> = {
  PHA: 'Praha', STC: 'Kladno', JHC: 'České Budějovice', PLK: 'Plzeň', KVK: 'Karlovy Vary', ULK: 'Ústí nad Labem',
  LBK: 'Liberec', HKK: 'Hradec Králové', PAK: 'Pardubice', VYS: 'Jihlava', JHM: 'Brno', OLK: 'Olomouc', ZLK: 'Zlín', MSK: 'Ostrava',
};

/** A distinctive, never-deliverable address (RFC 2606 domain) so the privacy crawl can look for it. */
export function demoEmail(a: Pick<DemoArtist, 'surname'>, who: string): string {
  const ascii = a.surname.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
  return `${who}.${ascii}@example.invalid`;
}

function statement(a: DemoArtist, lang: Lang): string {
  if (a.category === 'comic') {
    return lang === 'cs'
      ? 'Chtěl(a) jsem ukázat, jak rychle se z lákavé nabídky může stát past, a že i z ní vede cesta ven: stačí zavolat.'
      : 'I wanted to show how quickly a tempting offer can become a trap, and that there is a way out: you just have to call.';
  }
  return lang === 'cs'
    ? 'Plakát říká, že nikdo nemá právo vzít ti pas, telefon ani svobodu. Když se to stane, existuje pomoc.'
    : 'The poster says that nobody has the right to take your passport, your phone or your freedom. If it happens, help exists.';
}

/** Seeds an empty database with the demo edition. Returns how many entries it made. */
export async function seedDemo(app: App, log: (msg: string) => void = () => {}): Promise<number> {
  const { db, config } = app;
  if (await countEntries(db) > 0) return 0;
  if (!await currentEdition(db)) await createEdition(db, defaultEdition());
  const today = todayInPrague();
  for (const [i, a] of ARTISTS.entries()) {
    // Comics get two or three pages, so the gallery's comic reader has something to turn.
    const processed: ProcessedImage[] = [];
    for (let p = 0; p < demoPageCount(i, a.category); p++) {
      processed.push(await processImage(new Uint8Array(await demoArtworkPng(i + p * 101, a.category))));
    }
    const upload = await beginUpload(app.storage, config.dataDir, () => reserveEntryId(db));
    for (const [p, page] of processed.entries()) await upload.writePage(p + 1, page);
    await db.tx(async (db) => {
      const lang = i % 3 === 0 ? 'en' : 'cs';
      const created = await insertEntry(
        db,
        {
          firstName: a.firstName,
          surname: a.surname,
          age: a.age,
          region: a.region,
          category: a.category,
          title: a.title[lang === 'en' ? 1 : 0],
          altText: altText(a, lang),
          statement: statement(a, lang),
          town: DEMO_TOWNS[a.region],
          school: `ZŠ ${a.surname}ova`,
          ...(needsGuardian(a.age)
            ? { guardianName: `Rodič ${a.surname}`, guardianEmail: demoEmail(a, 'rodic') }
            : { artistEmail: demoEmail(a, 'autor') }),
          consentPublish: true,
          consentPrint: true,
          hideName: false,
        },
        processed.map((p) => ({ width: p.width, height: p.height, widths: [...new Set(p.derivatives.map((d) => d.width))], placeholder: p.placeholder })),
        {
          lang,
          status: a.status,
          consentState: needsGuardian(a.age) ? 'confirmed' : 'not_needed',
          createdAt: new Date(Date.now() - (ARTISTS.length - i) * 36e5 * 7).toISOString(),
          ...(upload.entryId ? { id: upload.entryId } : {}),
        },
      );
      await upload.commit(created.id);
    });
    log(`demo: entry ${i + 1}/${ARTISTS.length}`);
  }
  await seedDemoTour(db, today);
  return ARTISTS.length;
}

/** The demo tour: two exhibition sets, public stops with class-visit slots and a school-only stop. */
export async function seedDemoTour(db: Db, today: string = todayInPrague()): Promise<void> {
  const a = await createSet(db, { name: 'A', panels: 24, wallM: 18, notes: 'Hlavní sada, rámy 70 × 100 cm', bufferBefore: 2, bufferAfter: 2 });
  const b = await createSet(db, { name: 'B', panels: 16, wallM: 12, notes: 'Lehká sada pro školy', bufferBefore: 1, bufferAfter: 1 });
  const prague = await createStop(db, {
    setId: a.id,
    venue: 'Galerie U Františkánů',
    address: 'Jungmannovo náměstí 18',
    town: 'Praha',
    region: 'PHA',
    firstDay: addDays(today, -20),
    lastDay: addDays(today, 10),
    openingHours: 'út–ne 10–18 h',
    accessibility: 'Bezbariérový vstup z Jungmannova náměstí, výtah do 1. patra.',
    contact: 'Lektorské oddělení, +420 224 000 111',
  });
  const usti = await createStop(db, {
    setId: a.id,
    venue: 'Severočeská vědecká knihovna',
    address: 'W. Churchilla 3',
    town: 'Ústí nad Labem',
    region: 'ULK',
    firstDay: addDays(today, 16),
    lastDay: addDays(today, 40),
    openingHours: 'po–pá 9–19 h, so 9–13 h',
    accessibility: 'Bezbariérový vstup, indukční smyčka u pultu.',
  });
  await createStop(db, {
    setId: a.id,
    venue: 'Gymnázium Brno, Křenová',
    address: 'Křenová 36',
    town: 'Brno',
    region: 'JHM',
    firstDay: addDays(today, 46),
    lastDay: addDays(today, 60),
    openingHours: 'po–pá 8–15 h, pro školy po domluvě',
  });
  await createStop(db, {
    setId: b.id,
    venue: 'ZŠ Holečkova',
    address: 'Holečkova 10',
    town: 'Olomouc',
    region: 'OLK',
    firstDay: addDays(today, 20),
    lastDay: addDays(today, 33),
    isPublic: false,
  });
  for (const [stop, offsets] of [[prague, [2, 3, 7]], [usti, [17, 18, 24]]] as const) {
    for (const d of offsets) {
      for (const time of ['09:00', '11:00']) await createSlot(db, stop.id, { day: addDays(today, d), startTime: time, minutes: 60, capacity: 30 });
    }
  }
}
