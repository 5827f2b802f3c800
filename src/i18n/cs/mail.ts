/** E-mails to artists, guardians and teachers. Czech is the reference: every other language's mail.ts has this shape. */
export default {
  mail: {
    greeting: 'Dobrý den,',
    signature: 'Tým soutěže Kreslená pravda',
    guardianSubject: 'Prosíme o souhlas: přihláška {reference} do soutěže Kreslená pravda',
    guardianBody: '{name} ({age} let) přihlásil(a) do soutěže Kreslená pravda dílo „{title}“. Protože je autorovi méně než 15 let, potřebujeme Váš souhlas. Potvrďte ho prosím do {days} dní na této adrese:',
    confirmSubject: 'Přihláška {reference} dorazila',
    confirmBody: 'děkujeme za přihlášku díla „{title}“ do soutěže Kreslená pravda. Číslo přihlášky je {reference}.',
    confirmAwaiting: 'Dílo zveřejníme až poté, co souhlas potvrdí rodič; poslali jsme mu e-mail.',
    statusLine: 'Stav přihlášky uvidíte zde:',
    withdrawLine: 'Souhlas se zveřejněním můžete kdykoli odvolat zde:',
    teacherSubject: 'Žák nebo žákyně přihlásil(a) dílo do soutěže Kreslená pravda ({reference})',
    teacherBody: '{name} uvedl(a) Vaši adresu u přihlášky díla „{title}“ do soutěže Kreslená pravda. Číslo přihlášky je {reference}. Nic dalšího od Vás nepotřebujeme.',
    ignore: 'Pokud o přihlášce nic nevíte, e-mail prosím ignorujte.',
  },
  tourMail: {
    ack: {
      subject: 'Žádost o výstavu Kreslená pravda přijata',
      body: 'Dobrý den, {teacher},\n\nděkujeme za žádost o výstavu pro školu {school} v termínu {dates}.\nTermín zatím není potvrzený; jakmile o žádosti rozhodneme, napíšeme vám.\n\nStav žádosti uvidíte a žádost zrušíte zde:\n{link}\n\nKreslená pravda',
    },
    confirmed: {
      subject: 'Výstava Kreslená pravda potvrzena: {dates}',
      body: 'Dobrý den, {teacher},\n\npotvrzujeme výstavu pro školu {school} v termínu {dates}. Pozvánka do kalendáře je v příloze.\n{message}\n\nStav a případné zrušení:\n{link}\n\nKreslená pravda',
    },
    declined: {
      subject: 'Žádost o výstavu Kreslená pravda',
      body: 'Dobrý den, {teacher},\n\nje nám líto, žádost školy {school} letos nemůžeme vyhovět.\n\n{message}\n\nPodrobnosti: {link}\n\nKreslená pravda',
    },
    waitlisted: {
      subject: 'Žádost o výstavu je na čekací listině',
      body: 'Dobrý den, {teacher},\n\nžádost školy {school} jsme zařadili na čekací listinu. Jakmile se některý z vašich termínů uvolní, nabídneme vám ho e-mailem.\n\nStav žádosti: {link}\n\nKreslená pravda',
    },
    offer: {
      subject: 'Uvolnil se termín výstavy: {dates}',
      body: 'Dobrý den, {teacher},\n\nuvolnil se termín {dates}, o který škola {school} žádala. Držíme ho pro vás; přijmete ho zde:\n{link}\n\nKreslená pravda',
    },
    cancelled: {
      subject: 'Žádost o výstavu zrušena',
      body: 'Dobrý den, {teacher},\n\nžádost školy {school} ({dates}) je zrušená, jak jste si přáli.\n\nKreslená pravda',
    },
    stopCancelled: {
      subject: 'Výstava v termínu {dates} je zrušena',
      body: 'Dobrý den, {teacher},\n\nvelmi nás mrzí, ale výstavu pro školu {school} v termínu {dates} musíme zrušit. Ozveme se vám s náhradou.\nV příloze je zrušení události pro váš kalendář.\n\nKreslená pravda',
    },
    installReminder: {
      subject: 'Připomínka: výstava přijede {dates}',
      body: 'Dobrý den, {teacher},\n\npřipomínáme, že výstava pro školu {school} začíná v termínu {dates}. Připravte prosím volnou stěnu; den předem se vám ozve dopravce.\n\nStav a zrušení: {link}\n\nKreslená pravda',
    },
    visitBooked: {
      subject: 'Prohlídka výstavy objednána: {date} v {time}',
      body: 'Dobrý den, {teacher},\n\npotvrzujeme komentovanou prohlídku pro {pupils} žáků: {venue}, {date} v {time}. Pozvánka do kalendáře je v příloze.\n\nZrušení: {link}\n\nKreslená pravda',
    },
    visitCancelled: {
      subject: 'Prohlídka výstavy zrušena: {date} v {time}',
      body: 'Dobrý den, {teacher},\n\nprohlídku {venue}, {date} v {time} jsme zrušili. V příloze je zrušení pro váš kalendář.\n\nKreslená pravda',
    },
    visitReminder: {
      subject: 'Připomínka: prohlídka výstavy {date} v {time}',
      body: 'Dobrý den, {teacher},\n\npřipomínáme prohlídku pro {pupils} žáků: {venue}, {date} v {time}.\n\nKdybyste nemohli přijít, zrušte ji prosím zde: {link}\n\nKreslená pravda',
    },
  },
};
