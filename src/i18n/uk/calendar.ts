import type { Namespace } from '../types.ts';

/** Month names (genitive, as a date uses them) and how a date is written, in Ukrainian. */
const calendar: Namespace<'calendar'> = {
  months: ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'],
  dayPattern: '{d} {month} {y} р.',
  sameMonthRange: '{d1}–{last}',
  range: '{first} – {last}',
  dateTime: '{date}, {time}',
};
export default calendar;
