/**
 * E-mails to artists, guardians and teachers. Czech is the reference: every other language's
 * mail.ts has this shape. One address policy: the artist (a child) is written to informally
 * ("ty"), a guardian or teacher formally ("Vy", capitalised as in a letter). Every mail opens with
 * the neutral "Dobrý den," and never with a name, which Czech would have to put in the vocative.
 */
export default {
  mail: {
    greeting: 'Dobrý den,',
    signature: 'Tým soutěže Kreslená pravda',
    /** To the artist. */
    artist: {
      subject: 'Tvoje přihláška {reference} do soutěže Kreslená pravda dorazila',
      body: 'děkujeme za přihlášku tvého díla „{title}“ do soutěže Kreslená pravda. Číslo přihlášky je {reference}, ulož si ho.',
      awaiting: 'Dílo zveřejníme, až s účastí souhlasí tvůj rodič nebo zákonný zástupce. Poslali jsme mu e-mail s odkazem.',
      statusLine: 'Co se s přihláškou děje, uvidíš tady:',
      withdrawLine: 'Souhlas se zveřejněním můžeš kdykoli odvolat tady:',
    },
    /** To a guardian given on the form of an artist aged 15 or over (nothing to confirm). */
    guardianCopy: {
      subject: 'Přihláška {reference} do soutěže Kreslená pravda dorazila',
      body: 'u přihlášky díla „{title}“ do soutěže Kreslená pravda byla uvedena Vaše adresa. Číslo přihlášky je {reference}.',
      statusLine: 'Stav přihlášky uvidíte zde:',
      withdrawLine: 'Souhlas se zveřejněním můžete kdykoli odvolat zde:',
    },
    /** To the guardian of an artist under 15: please decide. */
    guardianRequest: {
      subject: 'Prosíme o souhlas: přihláška {reference} do soutěže Kreslená pravda',
      body: '{name} ({age}) přihlásil(a) do soutěže Kreslená pravda dílo „{title}“ a uvedl(a) Vás jako rodiče nebo zákonného zástupce. Autorům mladším 15 let musí účast potvrdit rodič. Na této stránce uvidíte dílo i to, jak ho chceme zveřejnit, a můžete souhlasit, nebo účast odmítnout (do {date}):',
      statusLine: 'Stav přihlášky uvidíte zde:',
    },
    /** The artist learns what the guardian decided. */
    consentConfirmedArtist: {
      subject: 'Rodič souhlasí s tvou přihláškou {reference}',
      body: 'tvůj rodič nebo zákonný zástupce potvrdil souhlas s účastí díla „{title}“ v soutěži Kreslená pravda. Dílo může být zveřejněno takto: {uses}. Teď ho ještě zkontrolují organizátoři.',
      statusLine: 'Co se s přihláškou děje, uvidíš tady:',
    },
    consentRefusedArtist: {
      subject: 'Rodič nesouhlasí s tvou přihláškou {reference}',
      body: 'tvůj rodič nebo zákonný zástupce nesouhlasí s účastí díla „{title}“ v soutěži Kreslená pravda. Dílo jsme proto ze soutěže vyřadili a nikde ho nezveřejníme. Když si myslíš, že jde o omyl, promluv si s ním; přihlášku pak můžeš poslat znovu.',
    },
    /** The guardian's own record of the decision. */
    consentConfirmedGuardian: {
      subject: 'Potvrzení souhlasu: přihláška {reference}',
      body: 'potvrzujeme, že jste {date} souhlasili s účastí díla „{title}“ (číslo {reference}) v soutěži Kreslená pravda a s tímto zveřejněním: {uses}.',
      withdrawLine: 'Souhlas se zveřejněním můžete kdykoli odvolat zde:',
    },
    consentRefusedGuardian: {
      subject: 'Potvrzení: s přihláškou {reference} nesouhlasíte',
      body: 'potvrzujeme, že jste {date} odmítli účast díla „{title}“ (číslo {reference}) v soutěži Kreslená pravda. Dílo jsme ze soutěže vyřadili a nikde ho nezveřejníme.',
    },
    uses: { gallery: 'v online galerii', catalogue: 'v tištěném katalogu', exhibition: 'na putovní výstavě', none: 'nikde' },
    age: { one: '{n} rok', few: '{n} roky', many: '{n} roku', other: '{n} let' },
    teacherSubject: 'Žák nebo žákyně přihlásil(a) dílo do soutěže Kreslená pravda ({reference})',
    teacherBody: '{name} uvedl(a) Vaši adresu u přihlášky díla „{title}“ do soutěže Kreslená pravda. Číslo přihlášky je {reference}. Nic dalšího od Vás nepotřebujeme.',
    ignore: 'Pokud o přihlášce nic nevíte, e-mail prosím ignorujte.',
  },
  tourMail: {
    ack: {
      subject: 'Žádost o výstavu Kreslená pravda dorazila',
      body: 'Dobrý den,\n\nděkujeme, Vaši žádost o výstavu pro školu {school} jsme dostali. Žádáte o termín {dates}{set}.\nTermín zatím není potvrzený; jakmile o žádosti rozhodneme, napíšeme Vám.\n\nStav žádosti uvidíte a žádost zrušíte zde:\n{link}\n\nTým soutěže Kreslená pravda',
    },
    setPart: ' (sada {name})',
    confirmed: {
      subject: 'Výstava Kreslená pravda potvrzena: {dates}',
      body: 'Dobrý den,\n\npotvrzujeme výstavu pro školu {school} v termínu {dates}. Pozvánka do kalendáře je v příloze.\n{message}\n\nStav a případné zrušení:\n{link}\n\nTým soutěže Kreslená pravda',
    },
    declined: {
      subject: 'Žádost o výstavu Kreslená pravda',
      body: 'Dobrý den,\n\nje nám líto, ale žádosti školy {school} letos nemůžeme vyhovět.\n\n{message}\n\nPodrobnosti: {link}\n\nTým soutěže Kreslená pravda',
    },
    waitlisted: {
      subject: 'Žádost o výstavu je na čekací listině',
      body: 'Dobrý den,\n\nžádost školy {school} jsme zařadili na čekací listinu. Jakmile se některý z Vašich termínů uvolní, nabídneme Vám ho e-mailem.\n\nStav žádosti: {link}\n\nTým soutěže Kreslená pravda',
    },
    offer: {
      subject: 'Uvolnil se termín výstavy: {dates}',
      body: 'Dobrý den,\n\nuvolnil se termín {dates}, o který škola {school} žádala. Držíme ho pro Vás; přijmete ho zde:\n{link}\n\nTým soutěže Kreslená pravda',
    },
    cancelled: {
      subject: 'Žádost o výstavu zrušena',
      body: 'Dobrý den,\n\npotvrzujeme, že jste zrušili žádost školy {school} ({dates}). Dál ji nevyřizujeme.\n\nTým soutěže Kreslená pravda',
    },
    cancelledConfirmed: {
      subject: 'Výstava v termínu {dates} zrušena',
      body: 'Dobrý den,\n\npotvrzujeme, že jste zrušili výstavu pro školu {school} v termínu {dates}. Zrušení události pro Váš kalendář je v příloze.\n\nTým soutěže Kreslená pravda',
    },
    stopCancelled: {
      subject: 'Výstava v termínu {dates} je zrušena',
      body: 'Dobrý den,\n\nvelmi nás mrzí, ale výstavu pro školu {school} v termínu {dates} musíme zrušit. Ozveme se Vám s náhradou.\nZrušení události pro Váš kalendář je v příloze.\n\nTým soutěže Kreslená pravda',
    },
    stopChanged: {
      subject: 'Změna výstavy Kreslená pravda: {dates}',
      body: 'Dobrý den,\n\nvýstava pro školu {school} se mění. Nový termín a místo: {dates}, {venue}. Upravená pozvánka do kalendáře je v příloze a nahradí tu původní.\n\nStav a případné zrušení:\n{link}\n\nTým soutěže Kreslená pravda',
    },
    installReminder: {
      subject: 'Připomínka: výstava k Vám přijede {dates}',
      body: 'Dobrý den,\n\npřipomínáme, že výstava pro školu {school} začíná v termínu {dates}. Připravte prosím volnou stěnu; den předem se Vám ozve dopravce.\n\nStav a zrušení: {link}\n\nTým soutěže Kreslená pravda',
    },
    visitBooked: {
      subject: 'Prohlídka výstavy objednána: {date} v {time}',
      body: 'Dobrý den,\n\npotvrzujeme komentovanou prohlídku pro {pupils}: {venue}, {date} v {time}. Pozvánka do kalendáře je v příloze.\n\nPodrobnosti a zrušení: {link}\n\nTým soutěže Kreslená pravda',
    },
    visitCancelled: {
      subject: 'Prohlídka výstavy zrušena: {date} v {time}',
      body: 'Dobrý den,\n\npotvrzujeme, že jste zrušili prohlídku {venue}, {date} v {time}. Zrušení události pro Váš kalendář je v příloze.\n\nTým soutěže Kreslená pravda',
    },
    visitCancelledByUs: {
      subject: 'Prohlídka výstavy se neuskuteční: {date} v {time}',
      body: 'Dobrý den,\n\nvelmi nás mrzí, ale prohlídku {venue}, {date} v {time} musíme zrušit, protože výstava v tomto místě odpadá. Zrušení události pro Váš kalendář je v příloze.\n\nTým soutěže Kreslená pravda',
    },
    visitReminder: {
      subject: 'Připomínka: prohlídka výstavy {date} v {time}',
      body: 'Dobrý den,\n\npřipomínáme prohlídku pro {pupils}: {venue}, {date} v {time}.\n\nKdybyste nemohli přijít, zrušte ji prosím zde: {link}\n\nTým soutěže Kreslená pravda',
    },
  },
};
