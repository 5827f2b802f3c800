/** The catalogue is printed in Czech and English only (config.ts: catalogue: false): these texts are never laid out. */
export { default } from '../en/print.ts';
