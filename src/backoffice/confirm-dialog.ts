/**
 * Asks before a form does something surprising. A form with `data-confirm` (or whose chosen
 * `<option>` has one) shows that text in the admin layout's dialog first; "yes" posts the form
 * with `confirm=on`, so the server does not ask a second time. Without JavaScript the server asks
 * instead (ConfirmStep.astro).
 */
export function enhanceConfirmations(doc: Document): void {
  const dialog = doc.getElementById('confirm-dialog') as HTMLDialogElement | null;
  if (!dialog) return;
  const text = dialog.querySelector<HTMLElement>('[data-confirm-text]')!;
  const yes = dialog.querySelector<HTMLButtonElement>('button[value="yes"]')!;
  let pending: { form: HTMLFormElement; submitter: HTMLElement | null } | null = null;

  doc.addEventListener('submit', (ev) => {
    const form = ev.target as HTMLFormElement;
    if (!(form instanceof HTMLFormElement) || form.querySelector('input[name="confirm"][value="on"]')) return;
    const message = form.dataset.confirm || form.querySelector<HTMLOptionElement>('option:checked[data-confirm]')?.dataset.confirm;
    if (!message) return;
    ev.preventDefault();
    pending = { form, submitter: (ev as SubmitEvent).submitter };
    text.textContent = message;
    yes.textContent = form.dataset.confirmYes ?? yes.dataset.default ?? yes.textContent;
    dialog.showModal();
    yes.focus();
  });

  dialog.addEventListener('close', () => {
    const p = pending;
    pending = null;
    if (!p) return;
    if (dialog.returnValue !== 'yes') {
      (p.submitter ?? p.form.querySelector<HTMLElement>('button, select, input'))?.focus();
      return;
    }
    const flag = doc.createElement('input');
    flag.type = 'hidden';
    flag.name = 'confirm';
    flag.value = 'on';
    p.form.append(flag);
    p.form.requestSubmit(p.submitter instanceof HTMLButtonElement ? p.submitter : null);
  });
}
