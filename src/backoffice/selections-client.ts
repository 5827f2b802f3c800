/**
 * The selections page without a page load per step. Every change stays a plain form post (so the
 * page works without JavaScript); here the post is sent with fetch, the page the server answers
 * with (after its redirect) replaces the list in place, the keyboard focus returns to the same
 * control of the same work, and a live region says what happened. Works are also reordered by
 * dragging, which posts the work's "move to position" form, and the search updates as one types.
 */
const ROOT = 'selection-root';

function swap(doc: Document, html: string): void {
  const next = new DOMParser().parseFromString(html, 'text/html').getElementById(ROOT);
  const root = doc.getElementById(ROOT);
  if (next && root) root.innerHTML = next.innerHTML;
}

/** Where the focus should go back to: the same control (by name and value, or id) in the same work's row. */
function focusKey(form: HTMLFormElement, submitter: HTMLElement | null): { entry?: string; selector: string } {
  const entry = form.querySelector<HTMLInputElement>('input[name="entry"]')?.value;
  const op = form.querySelector<HTMLInputElement>('input[name="op"]')?.value;
  if (submitter instanceof HTMLButtonElement && submitter.name === 'op') return { entry, selector: `button[name="op"][value="${submitter.value}"]` };
  if (op === 'moveTo') return { entry, selector: 'input[name="position"]' };
  if (op === 'section') return { entry, selector: 'input[name="section"]' };
  return { entry, selector: '#sel-q' };
}

function restoreFocus(doc: Document, key: { entry?: string; selector: string }, removedIndex: number): void {
  const row = key.entry ? doc.getElementById(`sel-${key.entry}`) : null;
  const inRow = row?.querySelector<HTMLElement>(key.selector);
  if (row && inRow && !(inRow as HTMLButtonElement).disabled) return inRow.focus();
  if (row) return row.focus();
  // The work left the list: the work now in its place, else the search box.
  const rows = [...doc.querySelectorAll<HTMLElement>('#selection-list > li')];
  (rows[Math.min(removedIndex, rows.length - 1)] ?? doc.getElementById('sel-q'))?.focus();
}

export function enhanceSelections(doc: Document): void {
  const root = doc.getElementById(ROOT);
  if (!root) return;
  const failed = (doc.getElementById('selection-texts') as HTMLTemplateElement | null)?.dataset.failed ?? '';
  const live = () => doc.getElementById('selection-live');
  let busy = false;

  const post = async (form: HTMLFormElement, submitter: HTMLElement | null) => {
    if (busy) return;
    busy = true;
    const key = focusKey(form, submitter);
    const rowsBefore = [...doc.querySelectorAll<HTMLElement>('#selection-list > li')];
    const removedIndex = rowsBefore.findIndex((r) => r.dataset.entry === key.entry);
    const message = form.dataset.live;
    try {
      const body = new FormData(form, submitter instanceof HTMLButtonElement ? submitter : null);
      const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' });
      swap(doc, await response.text());
      const url = new URL(response.url);
      url.searchParams.delete('saved');
      history.replaceState(null, '', url);
      restoreFocus(doc, key, Math.max(0, removedIndex));
      const position = key.entry ? [...doc.querySelectorAll<HTMLElement>('#selection-list > li')].findIndex((r) => r.dataset.entry === key.entry) + 1 : 0;
      const text = response.ok && message ? message.replace('{n}', String(position)) : response.ok ? '' : failed;
      const region = live();
      if (region) region.textContent = text;
    } catch {
      const region = live();
      if (region) region.textContent = failed;
    } finally {
      busy = false;
    }
  };

  root.addEventListener('submit', (ev) => {
    const form = ev.target as HTMLFormElement;
    if (form.method.toLowerCase() !== 'post') return;
    ev.preventDefault();
    void post(form, (ev as SubmitEvent).submitter);
  });

  // The search answers as one types (the form still works with Enter and without JavaScript).
  let timer: ReturnType<typeof setTimeout> | undefined;
  root.addEventListener('input', (ev) => {
    const input = ev.target as HTMLInputElement;
    if (input.id !== 'sel-q') return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const form = input.form!;
      const url = new URL(location.href);
      url.search = new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString();
      const html = await (await fetch(url, { credentials: 'same-origin' })).text();
      const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('candidates');
      const list = doc.getElementById('candidates');
      if (fresh && list) list.innerHTML = fresh.innerHTML;
      history.replaceState(null, '', url);
    }, 250);
  });

  // Dragging a work onto another puts it before or after that one.
  let dragged: HTMLElement | null = null;
  const clearMarks = () => doc.querySelectorAll('#selection-list > li').forEach((li) => li.classList.remove('drop-before', 'drop-after', 'dragging'));
  root.addEventListener('dragstart', (ev) => {
    const li = (ev.target as HTMLElement).closest<HTMLElement>('#selection-list > li');
    if (!li || !ev.dataTransfer) return;
    dragged = li;
    li.classList.add('dragging');
    ev.dataTransfer.effectAllowed = 'move';
    ev.dataTransfer.setData('text/plain', li.dataset.entry ?? '');
  });
  root.addEventListener('dragover', (ev) => {
    const li = (ev.target as HTMLElement).closest<HTMLElement>('#selection-list > li');
    if (!li || !dragged || li === dragged) return;
    ev.preventDefault();
    const box = li.getBoundingClientRect();
    const after = ev.clientY > box.top + box.height / 2;
    clearMarks();
    dragged.classList.add('dragging');
    li.classList.add(after ? 'drop-after' : 'drop-before');
  });
  root.addEventListener('dragend', () => {
    clearMarks();
    dragged = null;
  });
  root.addEventListener('drop', (ev) => {
    const li = (ev.target as HTMLElement).closest<HTMLElement>('#selection-list > li');
    const source = dragged;
    clearMarks();
    dragged = null;
    if (!li || !source || li === source) return;
    ev.preventDefault();
    const rows = [...doc.querySelectorAll<HTMLElement>('#selection-list > li')].filter((r) => r !== source);
    const box = li.getBoundingClientRect();
    const position = rows.indexOf(li) + (ev.clientY > box.top + box.height / 2 ? 2 : 1);
    const form = source.querySelector<HTMLFormElement>('form.move-to');
    const input = form?.querySelector<HTMLInputElement>('input[name="position"]');
    if (!form || !input) return;
    input.value = String(position);
    void post(form, null);
  });

  doc.querySelector<HTMLElement>('#selection-list > li[data-focus="1"]')?.focus();
}
