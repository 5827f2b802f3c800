import type { Namespace } from '../types.ts';

/** The back office's mails in English (the shape of ../cs/notify.ts). */
const notify: Namespace<'notify'> = {
  notify: {
    greeting: 'Hello,',
    signature: 'The Cartoon Truth competition team',
    ignore: 'If you know nothing about this, please ignore this e-mail.',
    days: { one: '{n} day', few: '{n} days', other: '{n} days' },
    hours: { one: '{n} hour', few: '{n} hours', other: '{n} hours' },
    works: { one: '{n} work', few: '{n} works', other: '{n} works' },
    roles: { organiser: 'organiser', juror: 'juror' },
    invite: {
      subject: 'Invitation to the Cartoon Truth back office',
      body: '{inviter} invites you to the Cartoon Truth competition back office in the role of {role}.',
      organiser: 'Organisers manage the entries, the jury, the results, the exhibition and the catalogue.',
      juror: 'Jurors score the works assigned to them blind, without the artists’ names; they see no other part of the back office.',
      link: 'Please set your password within {days} at this address (the link works once):',
    },
    reset: {
      subject: 'A new password for the Cartoon Truth back office',
      body: 'someone, most likely you, asked for a new password for the account {email} in the Cartoon Truth back office.',
      link: 'Set your new password at this address; the link is valid for {hours} and works once:',
      ignore: 'If you did not ask for a new password, ignore this e-mail: your current password still works.',
    },
    decision: {
      acceptedSubject: 'Entry {reference} has been accepted into the competition',
      rejectedSubject: 'Entry {reference} has not been accepted',
      acceptedArtist: 'we have accepted your work “{title}” (entry {reference}) into the Cartoon Truth competition. The jury will now judge it; we will let you know the results by e-mail.',
      acceptedGuardian: 'we have accepted the work “{title}” (entry {reference}) into the Cartoon Truth competition. The jury will now judge it; we will let you know the results by e-mail.',
      rejectedArtist: 'thank you for your work “{title}” (entry {reference}). Unfortunately we cannot accept it into the competition. The reason:',
      rejectedGuardian: 'thank you for entering the work “{title}” (entry {reference}). Unfortunately we cannot accept it into the competition. The reason:',
      statusArtist: 'You can see the status of the entry here:',
      statusGuardian: 'You can see the status of the entry here:',
      acceptedTeacher: 'we have accepted {name}’s work “{title}” (entry {reference}) from your class into the Cartoon Truth competition. The jury will now judge it.',
      rejectedTeacher: 'unfortunately we cannot accept {name}’s work “{title}” (entry {reference}) from your class into the competition. The reason:',
      classPage: 'You can follow all of your class’s works on the class’s page, linked from the e-mail you received when you entered the class.',
    },
    award: {
      subject: 'An award in the Cartoon Truth competition: “{award}”',
      artist: 'congratulations! The jury of the Cartoon Truth competition has given your work “{title}” the award “{award}”.',
      guardian: 'congratulations! The jury of the Cartoon Truth competition has given the work “{title}” (entry {reference}) the award “{award}”.',
      linkArtist: 'All the awarded works are here:',
      linkGuardian: 'All the awarded works are here:',
    },
    juror: {
      assignedSubject: 'Works to judge: {edition}',
      assigned: 'the organisers of {edition} have assigned you works to judge: {scope}.',
      assignedWait: 'We will send you an e-mail as soon as they open the judging round.',
      allScope: 'every category and age group',
      category: 'category {category}',
      ageGroup: 'age group {group}',
      openedSubject: 'Judging has started: {edition}',
      opened: 'the judging round of {edition} is open. You have {works} to score.',
      deadline: 'You can score until {date} inclusive.',
      closingSubject: 'Reminder: judging ends on {date}',
      closing: 'judging in {edition} ends on {date}. You still have {works} of {total} to score.',
      link: 'Sign in and start here:',
    },
    digest: {
      subject: 'Cartoon Truth: what is new ({date})',
      intro: 'what is new in the Cartoon Truth competition since {since}:',
      entries: 'New entries: {n}',
      consents: 'Waiting for a guardian’s consent: {n}',
      requests: 'New exhibition requests from schools: {n}',
      bookings: 'New guided visit bookings: {n}',
      review: 'Entries to review:',
      tour: 'School requests:',
      optOut: 'Organisers receive this digest every morning when there is something to report. You can switch it off in your account settings:',
    },
  },
};

export default notify;
