// Tells the catalogue command when Paged.js has laid out every page.
window.PagedConfig = {
  auto: true,
  after: function (flow) {
    document.documentElement.setAttribute('data-paged-pages', String(flow.total));
  },
};
