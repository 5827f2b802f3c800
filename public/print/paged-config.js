// Tells the catalogue command when Paged.js has laid out every page, and puts the pages on a grey
// desk for organisers previewing in the browser (screen only: the PDF is printed with print media;
// added after Paged.js has read the stylesheets, which would otherwise drop it).
window.PagedConfig = {
  auto: true,
  after: function (flow) {
    var style = document.createElement('style');
    style.textContent =
      '@media screen { html, body { background: #d9d9d9; } .pagedjs_pages { display: flex; flex-direction: column; align-items: center; gap: 8mm; padding: 8mm 0; } .pagedjs_page { background: #fff; box-shadow: 0 1mm 4mm rgba(0,0,0,.25); } }';
    document.head.appendChild(style);
    document.documentElement.setAttribute('data-paged-pages', String(flow.total));
  },
};
