/** Month names and how a date is written. Czech is the reference: every other language's calendar.ts has this shape. */
export default {
  /** Month names as a date uses them (genitive in Czech). */
  months: ['ledna', 'února', 'března', 'dubna', 'května', 'června', 'července', 'srpna', 'září', 'října', 'listopadu', 'prosince'],
  /** A day: {d} day of the month, {month} its name, {y} year. */
  dayPattern: '{d}. {month} {y}',
  /** Two days of one month: {d1} the first day's number, {last} the last day written out. */
  sameMonthRange: '{d1}.–{last}',
  /** Two days further apart, both written out. */
  range: '{first} – {last}',
  /** A day and a wall-clock time. */
  dateTime: '{date}, {time}',
};
