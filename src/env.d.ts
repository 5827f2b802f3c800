/// <reference types="astro/client" />
declare namespace App {
  interface Locals {
    account?: import('./lib/accounts.ts').Account;
  }
}
declare module 'pagedjs-polyfill?url' {
  const url: string;
  export default url;
}
