import type { Namespace } from '../types.ts';

/** Month names and how a date is written. */
const calendar: Namespace<'calendar'> = {
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  dayPattern: '{d} {month} {y}',
  sameMonthRange: '{d1}–{last}',
  range: '{first} – {last}',
  dateTime: '{date}, {time}',
};
export default calendar;
