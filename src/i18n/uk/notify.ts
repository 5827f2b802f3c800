import type { Namespace } from '../types.ts';
import en from '../en/notify.ts';

/**
 * The back office's mails in Ukrainian, where they reach artists and guardians (decisions and
 * awards); what reaches organisers and jurors stays English, as the back office does.
 */
const notify: Namespace<'notify'> = {
  notify: {
    ...en.notify,
    greeting: 'Добрий день,',
    signature: 'Команда конкурсу Cartoon Truth',
    ignore: 'Якщо Ви нічого про це не знаєте, просто не зважайте на цей лист.',
    decision: {
      acceptedSubject: 'Заявку {reference} прийнято до конкурсу',
      rejectedSubject: 'Заявку {reference} не прийнято',
      acceptedArtist: 'ми прийняли твою роботу «{title}» (заявка {reference}) до конкурсу Cartoon Truth. Тепер її оцінить журі; про результати ми повідомимо тобі електронною поштою.',
      acceptedGuardian: 'ми прийняли роботу «{title}» (заявка {reference}) до конкурсу Cartoon Truth. Тепер її оцінить журі; про результати ми повідомимо Вам електронною поштою.',
      rejectedArtist: 'дякуємо за твою роботу «{title}» (заявка {reference}). На жаль, ми не можемо прийняти її до конкурсу. Причина:',
      rejectedGuardian: 'дякуємо, що Ви подали роботу «{title}» (заявка {reference}). На жаль, ми не можемо прийняти її до конкурсу. Причина:',
      statusArtist: 'Стан заявки можна переглянути тут:',
      statusGuardian: 'Стан заявки можна переглянути тут:',
      acceptedTeacher: 'ми прийняли роботу учня {name} «{title}» (заявка {reference}) з Вашого класу до конкурсу Cartoon Truth. Тепер її оцінить журі.',
      rejectedTeacher: 'на жаль, ми не можемо прийняти до конкурсу роботу учня {name} «{title}» (заявка {reference}) з Вашого класу. Причина:',
      classPage: 'Стан усіх робіт класу Ви бачите на сторінці класу, посилання на яку є в листі, отриманому під час подання класу.',
    },
    award: {
      subject: 'Нагорода в конкурсі Cartoon Truth: «{award}»',
      artist: 'вітаємо! Журі конкурсу Cartoon Truth присудило твоїй роботі «{title}» нагороду «{award}».',
      guardian: 'вітаємо! Журі конкурсу Cartoon Truth присудило роботі «{title}» (заявка {reference}) нагороду «{award}».',
      linkArtist: 'Усі нагороджені роботи тут:',
      linkGuardian: 'Усі нагороджені роботи тут:',
    },
  },
};

export default notify;
