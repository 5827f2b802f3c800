import type { Namespace } from '../types.ts';

/** E-mails to artists, guardians and teachers: the artist is written to as a young person, guardians and teachers as adults; no name in the greeting. */
const mail: Namespace<'mail'> = {
  mail: {
    greeting: 'Hello,',
    signature: 'The Cartoon Truth team',
    artist: {
      subject: 'Your entry {reference} to the Cartoon Truth competition has arrived',
      body: 'Thank you for entering your work “{title}” in the Cartoon Truth competition. Your entry number is {reference}; keep it safe.',
      awaiting: 'We will publish the work once your parent or guardian agrees to you taking part. We have e-mailed them a link.',
      statusLine: 'See what is happening with your entry here:',
      withdrawLine: 'You can withdraw consent to publication at any time here:',
    },
    guardianCopy: {
      subject: 'Entry {reference} to the Cartoon Truth competition has arrived',
      body: 'Your address was given with the entry of the work “{title}” to the Cartoon Truth competition. The entry number is {reference}.',
      statusLine: 'You can see the status of the entry here:',
      withdrawLine: 'You can withdraw consent to publication at any time here:',
    },
    guardianRequest: {
      subject: 'Your consent, please: entry {reference} to the Cartoon Truth competition',
      body: '{name} ({age}) has entered the work “{title}” in the Cartoon Truth competition and named you as their parent or guardian. For artists under 15 a parent must confirm the entry. This page shows the work and how we would publish it, and lets you agree or refuse (by {date}):',
      statusLine: 'You can see the status of the entry here:',
    },
    consentConfirmedArtist: {
      subject: 'Your parent agreed to your entry {reference}',
      body: 'Your parent or guardian has agreed to your work “{title}” taking part in the Cartoon Truth competition. It may be published {uses}. The organisers will now check it.',
      statusLine: 'See what is happening with your entry here:',
    },
    consentRefusedArtist: {
      subject: 'Your parent did not agree to your entry {reference}',
      body: 'Your parent or guardian did not agree to your work “{title}” taking part in the Cartoon Truth competition. So we have removed it from the competition and will not publish it anywhere. If you think this is a mistake, talk to them; you can then send your entry again.',
    },
    consentConfirmedGuardian: {
      subject: 'Consent confirmed: entry {reference}',
      body: 'This confirms that on {date} you agreed to the work “{title}” (number {reference}) taking part in the Cartoon Truth competition and to it being published {uses}.',
      withdrawLine: 'You can withdraw consent to publication at any time here:',
    },
    consentRefusedGuardian: {
      subject: 'Confirmation: you did not agree to entry {reference}',
      body: 'This confirms that on {date} you refused the work “{title}” (number {reference}) taking part in the Cartoon Truth competition. We have removed it from the competition and will not publish it anywhere.',
    },
    uses: { gallery: 'in the online gallery', catalogue: 'in the printed catalogue', exhibition: 'in the touring exhibition', none: 'nowhere' },
    age: { one: 'aged {n}', few: 'aged {n}', many: 'aged {n}', other: 'aged {n}' },
    teacherSubject: 'A pupil has entered the Cartoon Truth competition ({reference})',
    teacherBody: '{name} gave your address with their entry “{title}” to the Cartoon Truth competition. The entry number is {reference}. Nothing else is needed from you.',
    ignore: 'If you know nothing about this entry, please ignore this e-mail.',
  },
  tourMail: {
    ack: {
      subject: 'Your request for the Cartoon Truth exhibition has arrived',
      body: 'Hello,\n\nThank you, we have received your request for the exhibition for {school}. You asked for {dates}{set}.\nThe dates are not confirmed yet; we will write to you once we have decided.\n\nSee the status of your request or cancel it here:\n{link}\n\nThe Cartoon Truth team',
    },
    setPart: ' (set {name})',
    confirmed: {
      subject: 'Cartoon Truth exhibition confirmed: {dates}',
      body: 'Hello,\n\nWe confirm the exhibition for {school} on {dates}. A calendar invitation is attached.\n{message}\n\nStatus and cancellation:\n{link}\n\nThe Cartoon Truth team',
    },
    declined: {
      subject: 'Your request for the Cartoon Truth exhibition',
      body: 'Hello,\n\nWe are sorry, but we cannot meet the request of {school} this time.\n\n{message}\n\nDetails: {link}\n\nThe Cartoon Truth team',
    },
    waitlisted: {
      subject: 'Your exhibition request is on the waiting list',
      body: 'Hello,\n\nWe have put the request of {school} on the waiting list. As soon as one of your windows becomes free we will offer it to you by e-mail.\n\nStatus: {link}\n\nThe Cartoon Truth team',
    },
    offer: {
      subject: 'Exhibition dates have become free: {dates}',
      body: 'Hello,\n\nThe window {dates} that {school} asked for has become free. We are holding it for you; accept it here:\n{link}\n\nThe Cartoon Truth team',
    },
    cancelled: {
      subject: 'Exhibition request cancelled',
      body: 'Hello,\n\nThis confirms that you cancelled the request of {school} ({dates}). We are no longer handling it.\n\nThe Cartoon Truth team',
    },
    cancelledConfirmed: {
      subject: 'The exhibition on {dates} is cancelled',
      body: 'Hello,\n\nThis confirms that you cancelled the exhibition for {school} on {dates}. The attached file removes the event from your calendar.\n\nThe Cartoon Truth team',
    },
    stopCancelled: {
      subject: 'The exhibition on {dates} is cancelled',
      body: 'Hello,\n\nWe are very sorry, but we have to cancel the exhibition for {school} on {dates}. We will be in touch about another date.\nThe attached file removes the event from your calendar.\n\nThe Cartoon Truth team',
    },
    stopChanged: {
      subject: 'Change to the Cartoon Truth exhibition: {dates}',
      body: 'Hello,\n\nThe exhibition for {school} has changed. New dates and place: {dates}, {venue}. The attached calendar invitation replaces the earlier one.\n\nStatus and cancellation:\n{link}\n\nThe Cartoon Truth team',
    },
    installReminder: {
      subject: 'Reminder: the exhibition arrives for {dates}',
      body: 'Hello,\n\nA reminder that the exhibition for {school} starts on {dates}. Please have the wall ready; the carrier will call a day ahead.\n\nStatus and cancellation: {link}\n\nThe Cartoon Truth team',
    },
    visitBooked: {
      subject: 'Exhibition visit booked: {date} at {time}',
      body: 'Hello,\n\nWe confirm the guided visit for {pupils}: {venue}, {date} at {time}. A calendar invitation is attached.\n\nDetails and cancellation: {link}\n\nThe Cartoon Truth team',
    },
    visitCancelled: {
      subject: 'Exhibition visit cancelled: {date} at {time}',
      body: 'Hello,\n\nThis confirms that you cancelled the visit {venue}, {date} at {time}. The attached file removes it from your calendar.\n\nThe Cartoon Truth team',
    },
    visitCancelledByUs: {
      subject: 'Exhibition visit will not take place: {date} at {time}',
      body: 'Hello,\n\nWe are very sorry, but we have to cancel the visit {venue}, {date} at {time}, because the exhibition will not take place there. The attached file removes it from your calendar.\n\nThe Cartoon Truth team',
    },
    visitReminder: {
      subject: 'Reminder: exhibition visit on {date} at {time}',
      body: 'Hello,\n\nA reminder of the visit for {pupils}: {venue}, {date} at {time}.\n\nIf you cannot come, please cancel it here: {link}\n\nThe Cartoon Truth team',
    },
  },
};
export default mail;
