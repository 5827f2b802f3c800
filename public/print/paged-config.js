// Paged.js for every print product. After layout:
//  - page references become real text: every <span data-page-of="ID"> gets the number of the page
//    the element with that id starts on (contents, indexes, "continues on page …"). Real text is
//    tagged in the PDF; CSS-generated numbers would not be.
//  - the pages get a grey desk for organisers previewing in the browser (screen only: the PDF is
//    printed with print media; added after Paged.js has read the stylesheets, which would drop it);
//  - <html data-paged-pages> tells the print command that layout is done.
// Before layout, every picture is loaded (the page's load event), as pagedjs-cli does: Paged.js
// then lays out page after page without stopping to wait for the picture each page holds.
// Until Paged.js has taken the content, it is not shown: otherwise Chromium lays out and paints the
// whole book once as one long page while the pictures load, only for Paged.js to lay it out again
// in pages (about a second of the renderer's time for 200 works). Pictures still load (they are
// not lazy), and Paged.js loads the fonts itself. The style is one Paged.js leaves alone. An
// organiser previewing on screen reads what is happening (the print document's
// <meta name="print-laying-out">, in its language) until the last page is laid out.
(function () {
  var meta = document.querySelector('meta[name="print-laying-out"]');
  var note = meta ? meta.getAttribute('content') : '';
  var hide = document.createElement('style');
  hide.id = 'paged-waiting';
  hide.setAttribute('data-pagedjs-ignore', '');
  hide.textContent = 'body > :not(.pagedjs_pages) { display: none !important; }' + (note
    ? ' @media screen { body::before { content: ' + JSON.stringify(note) + '; display: block; padding: 2rem 1rem; font: 1.25rem/1.5 "Noto Sans", sans-serif; text-align: center; } }'
    : '');
  document.head.appendChild(hide);
})();
(function () {
  // The pictures the page has loaded, held until layout is done (see keepPictures).
  var held = [];

  // Paged.js copies each picture onto its page as a new <img>. Chromium gives the copy the picture
  // it already has only while something in the document still holds it; the originals move out of
  // the document when Paged.js takes the content, and once they are garbage, the copy asks the
  // site again (print pictures are `no-store`) and Paged.js waits for it on its page: for 200 works,
  // up to 267 more requests and 40 MB, about 3 s, depending on when V8 collects garbage. Holding one
  // image per address keeps them all.
  function keepPictures() {
    var seen = {};
    for (var i = 0; i < document.images.length; i++) {
      var src = document.images[i].currentSrc || document.images[i].src;
      if (!src || seen[src]) continue;
      seen[src] = true;
      var copy = new Image();
      copy.src = src;
      held.push(copy);
    }
  }

  // Paged.js lays out one page per task of its queue, and starts each task on the next animation
  // frame: up to a frame's 16 ms of waiting after every page, about 2 s for 284 pages. The next page
  // starts on a message instead, which still lets the browser answer and paint between pages. The
  // pages come out the same. If a Paged.js update moves its queue, layout only waits for frames again.
  function startPagesOnMessages() {
    var queue = window.PagedPolyfill && window.PagedPolyfill.chunker && window.PagedPolyfill.chunker.q;
    if (!queue || typeof MessageChannel !== 'function') return;
    var channel = new MessageChannel();
    var next = [];
    channel.port1.onmessage = function () {
      var task = next.shift();
      if (task) task();
    };
    queue.tick = function (task) {
      next.push(task);
      channel.port2.postMessage(0);
    };
  }

  window.PagedConfig = {
    auto: true,
    before: function () {
      startPagesOnMessages();
      return new Promise(function (resolve) {
        var ready = function () {
          keepPictures();
          resolve();
        };
        if (document.readyState === 'complete') ready();
        else window.addEventListener('load', ready, { once: true });
      });
    },
    after: function (flow) {
      held = [];
      var refs = document.querySelectorAll('.pagedjs_pages [data-page-of]');
      for (var i = 0; i < refs.length; i++) {
        var id = refs[i].getAttribute('data-page-of');
        var target = document.getElementById(id);
        var page = target && target.closest('.pagedjs_page');
        refs[i].textContent = page ? page.getAttribute('data-page-number') : '?';
      }
      var style = document.createElement('style');
      style.textContent =
        '@media screen { html, body { background: #d9d9d9; } .pagedjs_pages { display: flex; flex-direction: column; align-items: safe center; gap: 8mm; padding: 8mm 0; } .pagedjs_page { background: #fff; box-shadow: 0 1mm 4mm rgba(0,0,0,.25); } }';
      document.head.appendChild(style);
      var waiting = document.getElementById('paged-waiting');
      if (waiting) waiting.remove();
      document.documentElement.setAttribute('data-paged-pages', String(flow.total));
    },
  };
})();
