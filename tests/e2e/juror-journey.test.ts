import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIn, mailTo, outbox, submitEntries } from '../helpers/backoffice.ts';
import { browser, screenshot } from '../helpers/browser.ts';
import { ADMIN, readDb, startSite, type Site } from '../helpers/site.ts';

/**
 * The whole way of a juror, in Czech and in English, through the UI only, by visible labels:
 * an organiser accepts the entries and invites a juror; the juror reads the invitation in the
 * outbox, sets a password on a page sent with `Referrer-Policy: no-referrer` and is signed in;
 * the round opens (the works leave the public gallery), the juror scores every assigned work on
 * a phone; the organiser gives an award (a draft: the winners page stays empty), closes the round,
 * publishes the results, and only now the winners page shows the award. Each mail on the way is
 * read from the outbox: recipient, language, content.
 */
const TEXTS = {
  cs: {
    signIn: 'Přihlásit se', email: 'E-mail', password: 'Heslo',
    accounts: 'Účty', inviteEmail: 'E-mail', inviteName: 'Jméno', role: 'Role', juror: 'Porotce', mailLang: 'Jazyk e-mailů', langName: 'Čeština', sendInvite: 'Poslat pozvánku',
    inviteSubject: /^Pozvánka do administrace soutěže Kreslená pravda$/, inviteRole: 'v roli porotce',
    newPassword: 'Nové heslo', passwordAgain: 'Heslo znovu', setPassword: 'Nastavit heslo', juryHeading: 'Hodnocení',
    pickAll: 'Vše', acceptSelected: 'Přijmout vybrané', decided: 'Uloženo u 3 přihlášek.',
    acceptedSubject: /^Přihláška CT-\d{4}-\d{4} je přijata do soutěže$/, acceptedText: 'tvoje dílo',
    saveRubric: 'Uložit kritéria', assignJuror: 'Porotce', assign: 'Přidělit', deadline: 'Poslední den hodnocení', openRound: 'Otevřít kolo', roundOpen: /Kolo hodnocení: otevřené/,
    assignedSubject: /^Díla k hodnocení: /, openedSubject: /^Hodnocení začalo: /, openedText: 'K ohodnocení máte 3 díla.',
    start: 'Začít hodnotit', criteria: ['Srozumitelnost sdělení', 'Nápad', 'Řemeslné provedení'], note: 'Vaše poznámka k dílu', saveNext: 'Uložit a další', allDone: /Máte ohodnoceno vše/,
    forbidden: 'Sem nemáte přístup', forbiddenLink: 'Přejít na hodnocení',
    awardNameCs: 'Název česky', awardNameEn: 'Název anglicky', addAward: 'Přidat ocenění', award: 'Ocenění', saveAward: 'Uložit ocenění', firstPlace: '1. místo',
    winnersEmpty: 'Ocenění tohoto ročníku zatím nebyla vyhlášena.', closeRound: 'Uzavřít kolo', publish: 'Zveřejnit výsledky', published: /E-mailů o ocenění odesláno: 1\./,
    awardSubject: /^Ocenění v soutěži Kreslená pravda: „1\. místo“$/, awardText: 'gratulujeme! Porota soutěže Kreslená pravda udělila tvému dílu',
  },
  en: {
    signIn: 'Sign in', email: 'E-mail', password: 'Password',
    accounts: 'Accounts', inviteEmail: 'E-mail', inviteName: 'Name', role: 'Role', juror: 'Juror', mailLang: 'Language of e-mails', langName: 'English', sendInvite: 'Send invitation',
    inviteSubject: /^Invitation to the Cartoon Truth back office$/, inviteRole: 'in the role of juror',
    newPassword: 'New password', passwordAgain: 'Password again', setPassword: 'Set password', juryHeading: 'Judging',
    pickAll: 'All', acceptSelected: 'Accept selected', decided: 'Saved for 3 entries.',
    acceptedSubject: /^Entry CT-\d{4}-\d{4} has been accepted into the competition$/, acceptedText: 'we have accepted your work',
    saveRubric: 'Save criteria', assignJuror: 'Juror', assign: 'Assign', deadline: 'Last day of judging', openRound: 'Open the round', roundOpen: /Judging round: open/,
    assignedSubject: /^Works to judge: /, openedSubject: /^Judging has started: /, openedText: 'You have 3 works to score.',
    start: 'Start judging', criteria: ['Clarity of the message', 'Idea', 'Craft'], note: 'Your note on this work', saveNext: 'Save and next', allDone: /You have judged everything/,
    forbidden: 'This page is not open to you', forbiddenLink: 'Go to judging',
    awardNameCs: 'Name in Czech', awardNameEn: 'Name in English', addAward: 'Add award', award: 'Award', saveAward: 'Save award', firstPlace: '1st place',
    winnersEmpty: 'The awards of this edition have not been announced yet.', closeRound: 'Close the round', publish: 'Publish the results', published: /Award e-mails sent: 1\./,
    awardSubject: /^An award in the Cartoon Truth competition: “1st place”$/, awardText: 'congratulations! The jury of the Cartoon Truth competition has given your work',
  },
} as const;

let chromium: Browser;
beforeAll(async () => {
  chromium = await browser();
});
afterAll(async () => {
  await chromium?.close();
});

for (const lang of ['cs', 'en'] as const) {
  const t = TEXTS[lang];
  describe(`a juror's whole way, in ${lang === 'cs' ? 'Czech' : 'English'}`, () => {
    let site: Site;
    let desk: BrowserContext;
    let page: Page;
    const titles = lang === 'cs' ? ['Zavřené dveře', 'Kdo ti píše?', 'Volej pomoc'] : ['Locked door', 'Who is writing to you?', 'Call for help'];
    const artists = titles.map((_, i) => `artist-${lang}-${i}@example.org`);
    const jurorEmail = `juror-${lang}@example.org`;

    beforeAll(async () => {
      site = await startSite({ env: { ENTRY_RATE_LIMIT: '1000' } });
      const jpeg = await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#2e6f9e' } }).jpeg().toBuffer();
      await submitEntries(site, titles.map((title, i) => ({ lang, title, age: '16', category: i === 1 ? 'comic' : 'poster', artistEmail: artists[i] })), [[jpeg]]);
      desk = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
      page = await desk.newPage();
    });
    afterAll(async () => {
      await desk?.close();
      await site?.stop();
    });

    it('an organiser accepts the entries and the artists are told in their language', async () => {
      await page.goto(`${site.base}/admin`);
      if (lang === 'en') {
        await page.getByRole('button', { name: 'English' }).click();
        await page.waitForLoadState('load');
      }
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(lang === 'cs' ? 'Přihlášení do administrace' : 'Sign in to the back office');
      await page.getByLabel(t.email).fill(ADMIN.email);
      await page.getByLabel(t.password).fill(ADMIN.password);
      await page.getByRole('button', { name: t.signIn }).click();
      await page.waitForURL('**/admin/entries');
      await page.getByRole('checkbox', { name: t.pickAll, exact: true }).check();
      await page.getByRole('button', { name: t.acceptSelected }).click();
      await page.waitForURL('**/admin/entries');
      expect(await page.getByRole('status').first().textContent()).toBe(t.decided);
      const mail = await mailTo(site, artists[0]!, t.acceptedSubject);
      expect(mail.text).toContain(t.acceptedText);
      expect(mail.text).toContain(titles[0]);
      expect(linkIn(mail, site)).toMatch(new RegExp(`/${lang}/status/`));
    });

    it('the organiser invites a juror (the least privilege by default); the invitation names who invites and to what role', async () => {
      await page.getByRole('navigation').getByRole('link', { name: t.accounts }).click();
      expect(await page.getByLabel(t.role).inputValue()).toBe('juror');
      expect(await page.getByLabel(t.role).locator('option:checked').textContent()).toBe(t.juror);
      await page.getByLabel(t.inviteEmail, { exact: true }).fill(jurorEmail);
      await page.getByLabel(t.inviteName, { exact: true }).fill('Jana Porotkyně');
      await page.getByLabel(t.mailLang).selectOption({ label: t.langName });
      await page.getByRole('button', { name: t.sendInvite }).click();
      await page.waitForURL('**/admin/accounts?invited=*');
      const invite = await mailTo(site, jurorEmail, t.inviteSubject);
      expect(invite.text).toContain(ADMIN.email);
      expect(invite.text).toContain(t.inviteRole);
    });

    it('the juror follows the link in a real browser, sets a password and is signed in (the page sends no referrer)', async () => {
      const invite = await mailTo(site, jurorEmail, t.inviteSubject);
      const phone = await chromium.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const j = await phone.newPage();
      const response = await j.goto(linkIn(invite, site));
      expect(response?.headers()['referrer-policy']).toBe('no-referrer');
      await j.getByLabel(t.newPassword).fill('juror password 12');
      await j.getByLabel(t.passwordAgain).fill('juror password 12');
      await j.getByRole('button', { name: t.setPassword }).click();
      await j.waitForURL('**/admin/jury');
      expect(await j.getByRole('heading', { level: 1 }).textContent()).toBe(t.juryHeading);
      await screenshot(j, `journey-${lang}-juror-signed-in-390`);
      // A juror is not an organiser: the rest of the back office answers with the branded 403 page.
      const forbidden = await j.goto(`${site.base}/admin/entries`);
      expect(forbidden?.status()).toBe(403);
      expect(await j.getByRole('heading', { level: 1 }).textContent()).toBe(t.forbidden);
      await j.getByRole('link', { name: t.forbiddenLink }).click();
      await j.waitForURL('**/admin/jury');
      await phone.storageState({ path: `/tmp/juror-${lang}-${process.pid}.json` });
      await phone.close();
    });

    it('the organiser sets up judging and opens the round; the juror is told, and the works leave the public gallery', async () => {
      const gallery = await chromium.newContext();
      const visitor = await gallery.newPage();
      await visitor.goto(`${site.base}/${lang}/gallery`);
      expect(await visitor.getByText(titles[0]!).count(), 'accepted and public before judging').toBeGreaterThan(0);

      await page.goto(`${site.base}/admin/judging`);
      await page.getByRole('button', { name: t.saveRubric }).click();
      await page.waitForURL('**/admin/judging*saved=1');
      await page.getByLabel(t.assignJuror, { exact: true }).selectOption({ label: `Jana Porotkyně (${jurorEmail})` });
      await page.getByRole('button', { name: t.assign, exact: true }).click();
      await page.waitForURL('**/admin/judging*saved=1');
      const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel(t.deadline).fill(deadline);
      await page.getByRole('button', { name: t.openRound }).click();
      await page.waitForURL('**/admin/judging*saved=1');
      expect(await page.getByRole('heading', { name: t.roundOpen }).count()).toBe(1);
      await screenshot(page, `journey-${lang}-judging-1280`);

      expect((await mailTo(site, jurorEmail, t.assignedSubject)).text).toContain(lang === 'cs' ? 'všechny kategorie a věkové skupiny' : 'every category and age group');
      const opened = await mailTo(site, jurorEmail, t.openedSubject);
      expect(opened.text).toContain(t.openedText);
      expect(linkIn(opened, site)).toBe(`${site.base}/admin/jury`);

      // The embargo: while the jury judges, the works are not public (page, picture, feed).
      await visitor.goto(`${site.base}/${lang}/gallery`);
      expect(await visitor.getByText(titles[0]!).count(), 'hidden while judging').toBe(0);
      const id = (await readDb<{ id: number }>(site, 'SELECT id FROM entries ORDER BY id LIMIT 1'))[0]!.id;
      expect((await visitor.goto(`${site.base}/${lang}/gallery/${id}`))?.status()).toBe(404);
      await gallery.close();
    });

    it('the juror scores every assigned work on a phone, with a note, the picture whole beside the criteria', async () => {
      const phone = await chromium.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: `/tmp/juror-${lang}-${process.pid}.json` });
      const j = await phone.newPage();
      await j.goto(`${site.base}/admin/jury`);
      await j.getByRole('link', { name: t.start }).click();
      const scores = [[9, 8, 7], [5, 6, 5], [7, 7, 7]];
      for (const [n, values] of scores.entries()) {
        await j.waitForURL(/\/admin\/jury\/w[A-Za-z0-9_-]{18}/);
        // The whole page is shown, never cropped: the picture keeps the master's proportions.
        const img = j.locator('.jury-pages .zoom-image img').first();
        const box = (await img.boundingBox())!;
        expect(box.width / box.height).toBeCloseTo(1240 / 1754, 2);
        expect(await img.evaluate((el) => getComputedStyle(el).objectFit)).toBe('contain');
        for (const [i, label] of t.criteria.entries()) await j.getByLabel(label, { exact: true }).fill(String(values[i]));
        if (n === 0) await j.getByLabel(t.note).fill(lang === 'cs' ? 'Silný nápad, zeptat se na podpis.' : 'Strong idea; ask about the signature.');
        if (n === 0) await screenshot(j, `journey-${lang}-juror-scoring-390`);
        await j.getByRole('button', { name: t.saveNext }).click();
        await j.waitForLoadState('load');
      }
      await j.waitForURL('**/admin/jury?saved=1');
      expect(await j.getByText(t.allDone).count()).toBe(1);
      await phone.close();
      // The note is the juror's alone, kept with the work.
      expect(await readDb<{ note: string }>(site, 'SELECT note FROM jury_notes')).toHaveLength(1);
    });

    it('an award is a draft: the winners page shows it only once the organiser publishes the results', async () => {
      await page.goto(`${site.base}/admin/results`);
      await page.getByLabel(t.awardNameCs).fill('1. místo');
      await page.getByLabel(t.awardNameEn).fill('1st place');
      await page.getByRole('button', { name: t.addAward }).click();
      await page.waitForURL('**/admin/results*saved=1');
      const winner = (await readDb<{ id: number; reference: string }>(site, `SELECT id, reference FROM entries WHERE title = ?`, titles[0]!))[0]!;
      const row = page.locator(`#row-${winner.id}`);
      await row.getByLabel(`${t.award}: ${winner.reference}`).selectOption({ label: t.firstPlace });
      await row.getByRole('button', { name: new RegExp(t.saveAward) }).click();
      // Back on the row the award was given on, not at the top of the page.
      await page.waitForURL(`**/admin/results*saved=${winner.id}#row-${winner.id}`);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`row-${winner.id}`);

      const visitor = await (await chromium.newContext()).newPage();
      await visitor.goto(`${site.base}/${lang}/winners`);
      expect(await visitor.getByText(t.winnersEmpty).count(), 'a draft award is not public').toBe(1);
      expect(await visitor.getByText(titles[0]!).count()).toBe(0);

      await page.goto(`${site.base}/admin/judging`);
      await page.getByRole('button', { name: t.closeRound }).click();
      await page.waitForURL('**/admin/judging*saved=1');
      await page.goto(`${site.base}/admin/results`);
      await page.getByRole('button', { name: t.publish, exact: true }).click();
      await page.waitForURL('**/admin/results*published=*');
      expect(await page.getByRole('status').first().textContent()).toMatch(t.published);
      await screenshot(page, `journey-${lang}-results-published-1280`);

      await visitor.goto(`${site.base}/${lang}/winners`);
      expect(await visitor.getByRole('heading', { name: lang === 'cs' ? '1. místo' : '1st place' }).count()).toBe(1);
      expect(await visitor.getByText(titles[0]!).count()).toBeGreaterThan(0);
      await visitor.goto(`${site.base}/${lang}/gallery`);
      expect(await visitor.getByText(titles[1]!).count(), 'public again with the results').toBeGreaterThan(0);
      await screenshot(visitor, `journey-${lang}-winners`);
      await visitor.context().close();

      const award = await mailTo(site, artists[0]!, t.awardSubject);
      expect(award.text).toContain(t.awardText);
      expect(linkIn(award, site)).toBe(`${site.base}/${lang}/winners`);
      // Nobody else got an award mail, and nothing was sent twice.
      const mails = await outbox(site);
      expect(mails.filter((m) => t.awardSubject.test(m.subject))).toHaveLength(1);
      expect(mails.filter((m) => m.to === artists[0] && t.acceptedSubject.test(m.subject))).toHaveLength(1);
    });
  });
}
