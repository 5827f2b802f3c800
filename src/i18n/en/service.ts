import type { Namespace } from '../types.ts';

/** The page every request gets while the database or the picture storage is out of reach. */
const service: Namespace<'service'> = {
  unavailable: {
    title: 'The site is briefly out of service',
    body: 'We cannot reach our database or our picture storage right now. We know, and we are working on it.',
    again: 'This page will try again by itself in half a minute.',
    notSaved: 'The form you just sent was not saved. You will be able to send it again in a few minutes.',
    help: 'Need help right now?',
  },
};

export default service;
