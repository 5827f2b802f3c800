import type { Namespace } from '../types.ts';

/** E-mails to artists, guardians and teachers. */
const mail: Namespace<'mail'> = {
  mail: {
    greeting: 'Hello,',
    signature: 'The Cartoon Truth team',
    guardianSubject: 'Your consent, please: entry {reference} to the Cartoon Truth competition',
    guardianBody: '{name} (aged {age}) has entered the work “{title}” in the Cartoon Truth competition. As the artist is under 15, we need your consent. Please confirm it within {days} days here:',
    confirmSubject: 'Entry {reference} has arrived',
    confirmBody: 'thank you for entering the work “{title}” in the Cartoon Truth competition. Your entry number is {reference}.',
    confirmAwaiting: 'We will publish the work only after a parent confirms their consent; we have e-mailed them.',
    statusLine: 'You can see the status of the entry here:',
    withdrawLine: 'You can withdraw consent to publication at any time here:',
    teacherSubject: 'A pupil has entered the Cartoon Truth competition ({reference})',
    teacherBody: '{name} gave your address with their entry “{title}” to the Cartoon Truth competition. The entry number is {reference}. Nothing else is needed from you.',
    ignore: 'If you know nothing about this entry, please ignore this e-mail.',
  },
  tourMail: {
    ack: {
      subject: 'Your request for the Cartoon Truth exhibition has arrived',
      body: 'Dear {teacher},\n\nthank you for requesting the exhibition for {school} on {dates}.\nThe dates are not confirmed yet; we will write to you once we have decided.\n\nSee the status of your request or cancel it here:\n{link}\n\nCartoon Truth',
    },
    confirmed: {
      subject: 'Cartoon Truth exhibition confirmed: {dates}',
      body: 'Dear {teacher},\n\nwe confirm the exhibition for {school} on {dates}. A calendar invitation is attached.\n{message}\n\nStatus and cancellation:\n{link}\n\nCartoon Truth',
    },
    declined: {
      subject: 'Your request for the Cartoon Truth exhibition',
      body: 'Dear {teacher},\n\nwe are sorry, we cannot meet the request of {school} this time.\n\n{message}\n\nDetails: {link}\n\nCartoon Truth',
    },
    waitlisted: {
      subject: 'Your exhibition request is on the waiting list',
      body: 'Dear {teacher},\n\nwe have put the request of {school} on the waiting list. As soon as one of your windows becomes free we will offer it to you by e-mail.\n\nStatus: {link}\n\nCartoon Truth',
    },
    offer: {
      subject: 'Exhibition dates have become free: {dates}',
      body: 'Dear {teacher},\n\nthe window {dates} that {school} asked for has become free. We are holding it for you; accept it here:\n{link}\n\nCartoon Truth',
    },
    cancelled: {
      subject: 'Exhibition request cancelled',
      body: 'Dear {teacher},\n\nthe request of {school} ({dates}) is cancelled as you asked.\n\nCartoon Truth',
    },
    stopCancelled: {
      subject: 'The exhibition on {dates} is cancelled',
      body: 'Dear {teacher},\n\nwe are very sorry, but we have to cancel the exhibition for {school} on {dates}. We will be in touch about another date.\nThe attached file removes the event from your calendar.\n\nCartoon Truth',
    },
    installReminder: {
      subject: 'Reminder: the exhibition arrives for {dates}',
      body: 'Dear {teacher},\n\na reminder that the exhibition for {school} starts on {dates}. Please have the wall ready; the carrier will call a day ahead.\n\nStatus and cancellation: {link}\n\nCartoon Truth',
    },
    visitBooked: {
      subject: 'Exhibition visit booked: {date} at {time}',
      body: 'Dear {teacher},\n\nwe confirm the guided visit for {pupils} pupils: {venue}, {date} at {time}. A calendar invitation is attached.\n\nCancel: {link}\n\nCartoon Truth',
    },
    visitCancelled: {
      subject: 'Exhibition visit cancelled: {date} at {time}',
      body: 'Dear {teacher},\n\nthe visit {venue}, {date} at {time} is cancelled. The attached file removes it from your calendar.\n\nCartoon Truth',
    },
    visitReminder: {
      subject: 'Reminder: exhibition visit on {date} at {time}',
      body: 'Dear {teacher},\n\na reminder of the visit for {pupils} pupils: {venue}, {date} at {time}.\n\nIf you cannot come, please cancel it here: {link}\n\nCartoon Truth',
    },
  },
};
export default mail;
