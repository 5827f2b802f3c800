/// <reference types="astro/client" />
declare namespace App {
  interface Locals {
    account?: import('#src/accounts/accounts.ts').Account;
    /** The back office's language (session, or ?lang=): Czech by default, or English (the public site has more). */
    adminLang?: import('#src/i18n/config.ts').AdminLang;
  }
}
declare module 'pagedjs-polyfill?url' {
  const url: string;
  export default url;
}
