import { describe, expect, it } from 'vitest';
import { dict } from '#src/i18n/index.ts';

/**
 * One address policy for every text: a child (the artist) is spoken to informally, a guardian or a
 * teacher formally; greetings are neutral, never a name in the nominative; words say exactly what
 * happened. These checks read the dictionaries the way a proof-reader would.
 */
const texts = (node: unknown): string[] =>
  typeof node === 'string' ? [node] : Array.isArray(node) ? node.flatMap(texts) : node && typeof node === 'object' ? Object.values(node).flatMap(texts) : [];

/** A whole word of any script (JavaScript's \\b knows only ASCII letters). */
const words = (list: string) => new RegExp(`(^|[^\\p{L}'’])(${list})(?![\\p{L}])`, 'u');
const CS_FORMAL = words('Vy|Vás|Vám|Vaš\\p{L}*|Váš|vás|vám|vaš\\p{L}*|váš|můžete|uvidíte|potvrďte|zrušte|napište|jste|byste');
const CS_INFORMAL = words('ty|tě|tebe|ti|tvůj|tvoje|tvé|tvou|tvého|tvých|můžeš|uvidíš|ulož|napiš|zkus|jsi|vyber|oprav');
const UK_FORMAL = words('Ви|Вас|Вам|Ваш\\p{L}*|можете|Напишіть');
const UK_INFORMAL = words('ти|тебе|тобі|твій|твоя|твою|твоєї|твоє|можеш|побачиш|збережи|напиши|спробуй');

describe('the address policy', () => {
  const cs = dict('cs');
  const uk = dict('uk');

  it('mails to the artist are informal, mails to guardians and teachers formal (Czech and Ukrainian)', () => {
    for (const [t, formal, informal] of [[cs, CS_FORMAL, CS_INFORMAL], [uk, UK_FORMAL, UK_INFORMAL]] as const) {
      const child = texts([t.mail.artist, t.mail.consentConfirmedArtist, t.mail.consentRefusedArtist]);
      const adults = texts([t.mail.guardianCopy, t.mail.guardianRequest, t.mail.consentConfirmedGuardian, t.mail.consentRefusedGuardian, t.mail.teacherBody, t.tourMail]);
      expect(child.filter((s) => formal.test(s))).toEqual([]);
      expect(child.some((s) => informal.test(s))).toBe(true);
      expect(adults.filter((s) => informal.test(s))).toEqual([]);
      expect(adults.some((s) => formal.test(s))).toBe(true);
    }
  });

  it('pages for the artist are informal, pages for guardians and teachers formal', () => {
    const artistPages = texts([cs.status, cs.enter, cs.errors, cs.help.heading, cs.help.intro]);
    const adultPages = texts([cs.consent.title, cs.consent.intro, cs.consent.uses, cs.consent.usesHint, cs.consent.participation, cs.consent.confirmed, cs.consent.refuseHeading, cs.tourBook, cs.tourVisit, cs.help.adult, cs.catalogueList]);
    expect(artistPages.filter((s) => CS_FORMAL.test(s) && !/Nezveřejňujte|Nevyplňujte/.test(s))).toEqual([]);
    expect(adultPages.filter((s) => CS_INFORMAL.test(s))).toEqual([]);
    expect(texts([uk.status, uk.enter]).filter((s) => UK_FORMAL.test(s) && !/Не оприлюднюйте|Не заповнюйте/.test(s))).toEqual([]);
    expect(texts([uk.consent.intro, uk.tourBook, uk.tourVisit, uk.help.adult]).filter((s) => UK_INFORMAL.test(s))).toEqual([]);
  });

  it('greetings are neutral and never carry a name', () => {
    for (const t of [cs, dict('en'), uk]) {
      for (const m of Object.values(t.tourMail)) {
        if (typeof m === 'string') continue;
        expect(m.body).toMatch(new RegExp(`^${t.mail.greeting}\\n\\n`));
        expect(m.body).not.toContain('{teacher}');
      }
    }
    expect(cs.mail.greeting).toBe('Dobrý den,');
  });

  it('words say exactly what happened', () => {
    // A request is received, not accepted; "vyhovět" takes the dative; cancelling your own visit is not "we cancelled".
    expect(cs.tourMail.ack.subject).not.toMatch(/přijat/);
    expect(cs.tourMail.declined.body).toContain('žádosti školy');
    expect(cs.tourMail.visitCancelled.body).toContain('jste zrušili');
    expect(cs.tourMail.cancelled.body).toContain('jste zrušili');
    expect(cs.tourVisit.cancelled).toMatch(/^Prohlídku jste zrušili/);
    expect(dict('en').tourVisit.cancelled).toMatch(/^You have cancelled/);
    // A rejected work is "not accepted", never "not public yet".
    expect(cs.status.rejected).toContain('nepřijali');
  });
});
