import type { Namespace } from '../types.ts';

/** The page every request gets while the database or the picture storage is out of reach. */
const service: Namespace<'service'> = {
  unavailable: {
    title: 'Сайт тимчасово не працює',
    body: 'Зараз не вдається з’єднатися з нашою базою даних або зі сховищем зображень. Ми знаємо про це й уже працюємо над цим.',
    again: 'Сторінка сама спробує завантажитися знову за пів хвилини.',
    notSaved: 'Надіслану форму не збережено. Її можна буде надіслати знову за кілька хвилин.',
    help: 'Потрібна допомога просто зараз?',
  },
};

export default service;
