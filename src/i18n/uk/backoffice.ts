/** The back office is in Czech and English only: a Ukrainian-speaking organiser reads it in English. */
export { default } from '../en/backoffice.ts';
