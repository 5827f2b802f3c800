// pagedjs-cli (a dev dependency, compared with our own renderer in `npm run bench:catalogue`) brings
// Puppeteer, whose install script would download a Chrome build. The project uses Debian's Chromium,
// and the machines it is built on cannot reach Google's download hosts.
module.exports = { skipDownload: true };
