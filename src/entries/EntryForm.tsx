import { parse as devalueParse } from 'devalue';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { fill, translate } from '#src/i18n/format.ts';
import type { Namespace } from '#src/i18n/types.ts';
import { entryFormValues, needsGuardian, validateEntry, type EntryRules, type FieldError } from './entry.ts';
import { ENTRY_LIMITS } from '#src/editions/entry-limits.ts';
import { ACCEPT_ATTRIBUTE, DEFAULT_POLICY, UPLOAD_LIMITS } from '#src/artworks/image-policy.ts';

interface Props {
  lang: string;
  /** The Action's URL for a plain (no-JavaScript) form post */
  action: string;
  /** The Action's JSON endpoint, used with JavaScript: the entry's fields and references to uploaded pages */
  endpoint: string;
  /** Where pages are uploaded in the background (tus) */
  uploadEndpoint: string;
  formToken: string;
  rules: EntryRules;
  categories: { code: string; label: string }[];
  regions: { code: string; name: string }[];
  rulesHref: string;
  /** The entry namespace: the form's own texts and its error messages, limits filled in. */
  t: Namespace<'entry'>['enter'];
  errorTexts: Namespace<'entry'>['errors'];
  values?: Record<string, string>;
  errors?: Record<string, FieldError>;
  /** A class batch's secret (schools/): the work goes into that batch, and "another" leads back to it. */
  batchToken?: string;
  /** A class batch's texts for the guardian's consent way (formal: the teacher reads them). */
  wayTexts?: { legend: string; email: string; paper: string; paperHint: string; success: string };
  /** Where "enter another work" leads (the reference just sent is added as `?added=`, so the page loads anew), and its words. */
  another?: { href: string; label: string };
}

/** Where one chosen page is: uploading (resuming after drops), being judged, judged, refused, or stopped. */
type PageState =
  | { kind: 'uploading'; percent: number }
  | { kind: 'retrying'; percent: number }
  | { kind: 'paused'; percent: number }
  | { kind: 'checking' }
  | { kind: 'ok'; ref: string }
  | { kind: 'rejected'; error: FieldError };

interface Page {
  id: number;
  file: File;
  /** The browser's own preview of the file; a HEIC or TIFF may not show, then an icon does. */
  preview: string;
  state: PageState;
}

/** The server's verdict on an uploaded page (artworks/uploads.ts). */
type Verdict = { state: 'ok' } | { state: 'rejected'; code: string; detail?: Record<string, number> } | { state: 'uploading' | 'judging' | 'missing' };

type Phase =
  | { kind: 'editing' }
  | { kind: 'waiting' }
  | { kind: 'uploading'; percent: number }
  | { kind: 'processing' }
  | { kind: 'done'; reference: string; statusPath?: string; needsGuardian: boolean; paperForm: boolean };

const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000];
const settled = (p: Page) => p.state.kind === 'ok' || p.state.kind === 'rejected' || p.state.kind === 'paused';

/**
 * The entry form. Without JavaScript it is a plain multipart form (pages in the order chosen).
 * With it, each page starts uploading in the background as soon as it is chosen (tus: a dropped
 * connection resumes where it stopped, without choosing the file again), is judged by the server's
 * image policy right then, and shows its own progress and every problem next to it; pages can be
 * reordered and removed. The same zod schema as the server checks every field before anything is
 * sent, and the entry itself then sends only the fields and references to judged pages.
 */
export default function EntryForm(props: Props) {
  const { lang, t, rules, values = {} } = props;
  const [errors, setErrors] = useState<Record<string, FieldError>>(props.errors ?? {});
  const [formError, setFormError] = useState<string | undefined>();
  const [pages, setPages] = useState<Page[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [enhanced, setEnhanced] = useState(false);
  const [announce, setAnnounce] = useState('');
  const [age, setAge] = useState(values.age ?? '');
  // A class batch's pupil under 15: the guardian's e-mail or a printed form, as the edition allows.
  const ways = rules.consentWays;
  const [consentWay, setConsentWay] = useState<'email' | 'paper'>(values.consentWay === 'paper' || (ways && !ways.email) ? 'paper' : 'email');
  const formRef = useRef<HTMLFormElement>(null);
  const nextId = useRef(1);
  const pickerRef = useRef<HTMLInputElement>(null);
  const uploads = useRef(new Map<number, { start(): void; abort(terminate?: boolean): Promise<void>; url: string | null }>());

  // Rendered on the server as a plain form; the enhanced picker replaces the file input once hydrated.
  useEffect(() => setEnhanced(true), []);
  useEffect(() => () => pages.forEach((p) => URL.revokeObjectURL(p.preview)), []); // eslint-disable-line react-hooks/exhaustive-deps

  const text = (e: FieldError | undefined) => (e ? translate(props.errorTexts, e.key, e.params) : undefined);
  const under15 = age !== '' && needsGuardian(Number(age));
  const pageText = (p: Page, i: number) => (p.state.kind === 'rejected' ? text({ ...p.state.error, params: { ...p.state.error.params, page: i + 1 } }) : undefined);

  function currentValues(): Record<string, unknown> {
    const v = entryFormValues(new FormData(formRef.current!));
    if (enhanced) v.pages = pages.map((p) => p.file);
    return v;
  }

  function check(): Record<string, FieldError> {
    const r = validateEntry(currentValues(), rules);
    const found = r.success ? {} : (r.errors as Record<string, FieldError>);
    if (!enhanced) {
      // A plain post sends every picture in one request, which has a size limit.
      const total = pages.reduce((n, p) => n + p.file.size, 0);
      if (!found.pages && total > ENTRY_LIMITS.totalMaxBytes) found.pages = { key: 'tooLarge' };
    }
    // The server already judged the uploaded pages; every refusal counts.
    if (!found.pages && pages.some((p) => p.state.kind === 'rejected' || p.state.kind === 'paused')) found.pages = { key: 'generic' };
    return found;
  }

  // Re-checks one field when the artist leaves it, so a fixed mistake clears right away.
  function recheck(field: string) {
    if (!formRef.current || !errors[field]) return;
    const now = check();
    setErrors((prev) => {
      const next = { ...prev };
      if (now[field]) next[field] = now[field]!;
      else delete next[field];
      return next;
    });
  }

  function focusFirst(found: Record<string, FieldError>) {
    const first = Object.keys(found)[0];
    if (!first || !formRef.current) return;
    if (first === 'pages') {
      const bad = formRef.current.querySelector<HTMLElement>('.page-item.rejected .page-remove, .page-item.paused .page-resume');
      return (bad ?? pickerRef.current ?? formRef.current.querySelector<HTMLElement>('#pages'))?.focus();
    }
    const el = formRef.current.elements.namedItem(first) as HTMLElement | RadioNodeList | null;
    if (el instanceof RadioNodeList) (el[0] as HTMLElement | undefined)?.focus();
    else el?.focus?.();
  }

  const setPageState = (id: number, state: PageState) => setPages((prev) => prev.map((p) => (p.id === id ? { ...p, state } : p)));

  /** Asks the server for an upload's verdict until it is judged (a busy server judges it a little later). */
  async function verdictOf(url: string, first?: string): Promise<Verdict> {
    let body = first;
    for (let attempt = 0; attempt < 60; attempt++) {
      let v: Verdict | undefined;
      try {
        v = body ? (JSON.parse(body) as Verdict) : undefined;
      } catch {
        v = undefined;
      }
      if (v && v.state !== 'uploading' && v.state !== 'judging' && !(v.state === 'rejected' && v.code === 'busy')) return v;
      if (attempt > 0 || !v) await new Promise((r) => setTimeout(r, attempt === 0 ? 0 : 2000));
      body = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' })
        .then((r) => r.text())
        .catch(() => undefined);
    }
    return { state: 'missing' };
  }

  function applyVerdict(page: Page, url: string, v: Verdict, index: () => number) {
    if (v.state === 'ok') {
      setPageState(page.id, { kind: 'ok', ref: url.slice(url.lastIndexOf('/') + 1) });
      setAnnounce(`${fill(t.pageN, { n: index() + 1 })}: ${t.pageOk}`);
    } else {
      const error: FieldError = v.state === 'rejected' ? { key: `image.${v.code}` as FieldError['key'], params: v.detail ?? {} } : { key: 'uploadMissing' };
      setPageState(page.id, { kind: 'rejected', error });
      setAnnounce(text({ ...error, params: { ...error.params, page: index() + 1 } }) ?? '');
    }
  }

  /** Uploads one page in the background (tus, loaded only when a page is chosen). */
  async function startUpload(page: Page) {
    const indexOf = () => pagesRef.current.findIndex((p) => p.id === page.id);
    if (page.file.size === 0) return setPageState(page.id, { kind: 'rejected', error: { key: 'image.empty' } });
    if (page.file.size > DEFAULT_POLICY.maxBytes) return setPageState(page.id, { kind: 'rejected', error: { key: 'image.too-large-file' } });
    const { Upload } = await import('tus-js-client');
    const upload = new Upload(page.file, {
      endpoint: props.uploadEndpoint,
      chunkSize: UPLOAD_LIMITS.chunkBytes,
      retryDelays: RETRY_DELAYS,
      metadata: { filetype: page.file.type || 'application/octet-stream' },
      storeFingerprintForResuming: false,
      onProgress: (sent, total) => setPageState(page.id, { kind: 'uploading', percent: total ? Math.min(99, Math.round((sent / total) * 100)) : 0 }),
      onShouldRetry: (err) => {
        const status = (err as { originalResponse?: { getStatus(): number } | null }).originalResponse?.getStatus() ?? 0;
        // No answer at all (the connection dropped) or a passing server trouble: resume from the last byte the server holds.
        const retry = status === 0 || status >= 500 || status === 409 || status === 423;
        if (retry) setPages((prev) => prev.map((p) => (p.id === page.id && 'percent' in p.state ? { ...p, state: { kind: 'retrying', percent: p.state.percent } } : p)));
        return retry;
      },
      onError: (err) => {
        const res = (err as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
        const status = res?.getStatus() ?? 0;
        if (status === 429) {
          let minutes = 60;
          try {
            minutes = Number((JSON.parse(res!.getBody()) as { minutes?: number }).minutes) || 60;
          } catch {
            // keep the hour
          }
          return setPageState(page.id, { kind: 'rejected', error: { key: 'uploadsBusy', params: { minutes } } });
        }
        if (status === 413) return setPageState(page.id, { kind: 'rejected', error: { key: 'image.too-large-file' } });
        setPages((prev) => prev.map((p) => (p.id === page.id ? { ...p, state: { kind: 'paused', percent: 'percent' in p.state ? p.state.percent : 0 } } : p)));
        setAnnounce(`${fill(t.pageN, { n: indexOf() + 1 })}: ${t.pagePaused}`);
      },
      onSuccess: async ({ lastResponse }) => {
        setPageState(page.id, { kind: 'checking' });
        const url = upload.url!;
        applyVerdict(page, url, await verdictOf(url, lastResponse.getBody() || undefined), indexOf);
      },
    });
    uploads.current.set(page.id, upload);
    upload.start();
  }

  // The latest pages for callbacks that outlive a render.
  const pagesRef = useRef(pages);
  pagesRef.current = pages;

  function resume(page: Page) {
    setPageState(page.id, { kind: 'retrying', percent: 'percent' in page.state ? page.state.percent : 0 });
    uploads.current.get(page.id)?.start();
  }

  function addFiles(list: FileList | null) {
    if (!list || list.length === 0) return;
    const added: Page[] = [...list].map((file) => ({ id: nextId.current++, file, preview: URL.createObjectURL(file), state: { kind: 'uploading', percent: 0 } }));
    setPages((prev) => {
      const next = [...prev, ...added];
      setAnnounce(fill(t.pagesCount, { n: next.length, max: rules.maxPages }));
      return next;
    });
    setErrors((prev) => {
      const next = { ...prev };
      delete next.pages;
      return next;
    });
    for (const page of added) void startUpload(page);
    if (pickerRef.current) pickerRef.current.value = '';
  }

  function move(index: number, by: -1 | 1) {
    setPages((prev) => {
      const next = [...prev];
      const [p] = next.splice(index, 1);
      next.splice(index + by, 0, p!);
      setAnnounce(`${p!.file.name}: ${fill(t.pageOf, { n: index + by + 1, total: next.length })}`);
      return next;
    });
    // Keep the keyboard on the same button of the page that moved.
    requestAnimationFrame(() => document.getElementById(`page-${index + by}-${by < 0 ? 'up' : 'down'}`)?.focus());
  }

  function remove(index: number) {
    const page = pages[index]!;
    // The server forgets the upload too (tus termination), finished or not.
    void uploads.current.get(page.id)?.abort(true).catch(() => undefined);
    uploads.current.delete(page.id);
    setPages((prev) => {
      const next = prev.filter((_, i) => i !== index);
      URL.revokeObjectURL(prev[index]!.preview);
      setAnnounce(`${t.remove}: ${prev[index]!.file.name}. ${fill(t.pagesCount, { n: next.length, max: rules.maxPages })}`);
      return next;
    });
    requestAnimationFrame(() => pickerRef.current?.focus());
  }

  function onSubmit(ev: FormEvent<HTMLFormElement>) {
    setFormError(undefined);
    const found = check();
    if (Object.keys(found).length > 0) {
      ev.preventDefault();
      setErrors(found);
      focusFirst(found);
      return;
    }
    setErrors({});
    if (!enhanced) return; // the browser posts the plain form
    ev.preventDefault();
    // Pages still on their way: the entry goes as soon as they are judged.
    if (!pages.every(settled)) return setPhase({ kind: 'waiting' });
    sendEntry();
  }

  // While waiting for uploads, send once every page is judged, or stop at the first problem.
  useEffect(() => {
    if (phase.kind !== 'waiting' || !pages.every(settled)) return;
    if (pages.some((p) => p.state.kind !== 'ok')) {
      setPhase({ kind: 'editing' });
      const found = { pages: { key: 'generic' } as FieldError };
      setErrors(found);
      requestAnimationFrame(() => focusFirst(found));
      return;
    }
    sendEntry();
  }, [phase, pages]); // eslint-disable-line react-hooks/exhaustive-deps

  function sendEntry() {
    const data = new FormData(formRef.current!);
    data.delete('pages');
    for (const p of pages) if (p.state.kind === 'ok') data.append('pageRefs', p.state.ref);
    send(data);
  }

  function send(data: FormData) {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', props.endpoint);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPhase({ kind: 'uploading', percent: Math.min(100, Math.round((e.loaded / e.total) * 100)) });
    };
    xhr.upload.onload = () => setPhase({ kind: 'processing' });
    xhr.onerror = () => {
      setPhase({ kind: 'editing' });
      setFormError(t.uploadFailed);
    };
    xhr.onload = () => {
      setPhase({ kind: 'editing' });
      if (xhr.status === 413) return setFormError(text({ key: 'tooLarge' }));
      if (xhr.status !== 200) return setFormError(props.errorTexts.generic);
      let result: { ok: boolean; reference?: string; statusPath?: string; needsGuardian?: boolean; paperForm?: boolean; errors?: Record<string, FieldError> };
      try {
        result = devalueParse(xhr.responseText);
      } catch {
        return setFormError(props.errorTexts.generic);
      }
      if (result.ok && result.reference) {
        setPhase({ kind: 'done', reference: result.reference, ...(result.statusPath ? { statusPath: result.statusPath } : {}), needsGuardian: Boolean(result.needsGuardian), paperForm: Boolean(result.paperForm) });
        requestAnimationFrame(() => document.getElementById('entry-done')?.focus());
        return;
      }
      const { form, ...fieldErrors } = result.errors ?? {};
      setErrors(fieldErrors);
      if (form) setFormError(text(form));
      requestAnimationFrame(() => focusFirst(fieldErrors));
    };
    setPhase({ kind: 'uploading', percent: 0 });
    xhr.send(data);
  }

  if (phase.kind === 'done') {
    return (
      <section className="notice success" id="entry-done" tabIndex={-1} aria-live="polite">
        <h2>{t.successTitle}</h2>
        <p>{t.successRef}</p>
        <p className="reference">{phase.reference}</p>
        <p>{t.successNext}</p>
        {phase.needsGuardian && <p>{t.successGuardian}</p>}
        {phase.paperForm && <p>{props.wayTexts?.success}</p>}
        {phase.statusPath && (
          <p>
            {t.successStatus} <a href={phase.statusPath}>{t.statusLink}</a>
          </p>
        )}
        <p>
          <a href={props.another ? `${props.another.href}?added=${encodeURIComponent(phase.reference)}#add` : `/${lang}/enter`}>{props.another?.label ?? t.another}</a>
        </p>
      </section>
    );
  }

  const busy = phase.kind === 'uploading' || phase.kind === 'processing' || phase.kind === 'waiting';
  const hasErrors = Object.keys(errors).length > 0;
  const describedBy = (field: string, hint = false) => [hint ? `${field}-hint` : '', errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  const Err = ({ field }: { field: string }) =>
    errors[field] ? (
      <p className="error" id={`${field}-error`}>
        {text(errors[field])}
      </p>
    ) : null;
  const Label = ({ field, children, required = true }: { field: string; children: ReactNode; required?: boolean }) => (
    <label htmlFor={field}>
      {children} {required ? <abbr title={t.required}>*</abbr> : <span className="optional">({t.optional})</span>}
    </label>
  );

  const input = (field: string, label: string, o: { max: number; hint?: string; type?: string; autoComplete?: string; required?: boolean; inputMode?: 'numeric' | 'email' }) => (
    <div className="field">
      <Label field={field} required={o.required ?? true}>
        {label}
      </Label>
      {o.hint && (
        <p className="hint" id={`${field}-hint`}>
          {o.hint}
        </p>
      )}
      <input
        id={field}
        name={field}
        type={o.type ?? 'text'}
        defaultValue={values[field] ?? ''}
        maxLength={o.max}
        autoComplete={o.autoComplete}
        inputMode={o.inputMode}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field, Boolean(o.hint))}
        onBlur={() => recheck(field)}
      />
      <Err field={field} />
    </div>
  );

  const textarea = (field: string, label: string, max: number, hint: string) => (
    <div className="field">
      <Label field={field}>{label}</Label>
      <p className="hint" id={`${field}-hint`}>
        {hint}
      </p>
      <textarea
        id={field}
        name={field}
        defaultValue={values[field] ?? ''}
        maxLength={max}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field, true)}
        onBlur={() => recheck(field)}
      />
      <Err field={field} />
    </div>
  );

  const checkbox = (field: string, label: ReactNode, required: boolean) => (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          name={field}
          defaultChecked={values[field] === 'on'}
          aria-invalid={errors[field] ? true : undefined}
          aria-describedby={describedBy(field)}
          aria-required={required || undefined}
          onChange={() => recheck(field)}
        />
        <span>
          {label} {required && <abbr title={t.required}>*</abbr>}
        </span>
      </label>
      <Err field={field} />
    </div>
  );

  return (
    <form ref={formRef} className="form entry-form" method="post" action={props.action} encType="multipart/form-data" noValidate onSubmit={onSubmit} aria-busy={busy}>
      {hasErrors && (
        <div className="notice error" role="alert">
          {t.fixErrors}
        </div>
      )}
      {formError && (
        <div className="notice error" role="alert">
          {formError}
        </div>
      )}
      <input type="hidden" name="lang" value={lang} />
      <input type="hidden" name="formToken" value={props.formToken} />
      {props.batchToken && <input type="hidden" name="batchToken" value={props.batchToken} />}
      {/* A field people never see: bots fill it in and are refused. */}
      <div className="hp" aria-hidden="true">
        <label htmlFor="website">{t.website}</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <fieldset className="group">
        <legend>{t.sectionArtist}</legend>
        {input('firstName', t.firstName, { max: ENTRY_LIMITS.nameMax, autoComplete: 'given-name' })}
        {input('surname', t.surname, { max: ENTRY_LIMITS.nameMax, hint: t.surnameHint, autoComplete: 'family-name' })}
        <div className="field">
          <Label field="age">{t.age}</Label>
          <p className="hint" id="age-hint">
            {t.ageHint}
          </p>
          <input
            id="age"
            name="age"
            type="number"
            inputMode="numeric"
            min={rules.ageMin}
            max={rules.ageMax}
            defaultValue={values.age ?? ''}
            aria-invalid={errors.age ? true : undefined}
            aria-describedby={describedBy('age', true)}
            onChange={(e) => setAge(e.currentTarget.value)}
            onBlur={() => recheck('age')}
            className="short"
          />
          <Err field="age" />
        </div>
        {input('school', t.school, { max: ENTRY_LIMITS.schoolMax, hint: t.schoolHint, required: false, autoComplete: 'organization' })}
        {input('town', t.town, { max: ENTRY_LIMITS.townMax, autoComplete: 'address-level2' })}
        <div className="field">
          <Label field="region">{t.region}</Label>
          <select id="region" name="region" defaultValue={values.region ?? ''} aria-invalid={errors.region ? true : undefined} aria-describedby={describedBy('region')} onBlur={() => recheck('region')}>
            <option value="">{t.regionChoose}</option>
            {props.regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
          <Err field="region" />
        </div>
      </fieldset>

      <fieldset className="group">
        <legend>{t.sectionWork}</legend>
        <fieldset className="field" aria-describedby={describedBy('category')}>
          <legend>
            {t.category} <abbr title={t.required}>*</abbr>
          </legend>
          <div className="radios">
            {props.categories.map((c) => (
              <label key={c.code} className="check">
                <input type="radio" name="category" value={c.code} defaultChecked={values.category === c.code} onChange={() => recheck('category')} />
                {c.label}
              </label>
            ))}
          </div>
          <Err field="category" />
        </fieldset>
        {input('title', t.title, { max: ENTRY_LIMITS.titleMax })}
        {textarea('statement', t.statement, ENTRY_LIMITS.statementMax, fill(t.statementHint, { max: ENTRY_LIMITS.statementMax }))}
        {textarea('altText', t.altText, ENTRY_LIMITS.altTextMax, t.altTextHint)}
      </fieldset>

      <fieldset className="group" aria-describedby="pages-hint">
        <legend>{t.sectionPages}</legend>
        <p className="hint" id="pages-hint">
          {t.pagesHint}
        </p>
        {enhanced ? (
          <div className="field">
            <label htmlFor="pages-picker">
              {t.addPages} <abbr title={t.required}>*</abbr>
            </label>
            <input
              id="pages-picker"
              ref={pickerRef}
              type="file"
              multiple
              accept={ACCEPT_ATTRIBUTE}
              aria-invalid={errors.pages ? true : undefined}
              aria-describedby={describedBy('pages', true)}
              onChange={(e) => addFiles(e.currentTarget.files)}
            />
            {errors.pages && (
              <p className="error" id="pages-error">
                {errors.pages.key === 'generic' ? t.pagesHaveProblems : text(errors.pages)}
              </p>
            )}
            {pages.length === 0 ? (
              <p className="hint">{t.noPages}</p>
            ) : (
              <ol className="page-list" aria-label={t.pages}>
                {pages.map((p, i) => (
                  <li key={p.id} className={`page-item ${p.state.kind}`} aria-describedby={`page-${p.id}-state`}>
                    <PageThumb page={p} uploadEndpoint={props.uploadEndpoint} />
                    <span className="page-name">
                      <strong>{fill(t.pageN, { n: i + 1 })}</strong> <span className="file-name">{p.file.name}</span>
                    </span>
                    <span className="page-state" id={`page-${p.id}-state`}>
                      {p.state.kind === 'uploading' || p.state.kind === 'retrying' ? (
                        <>
                          <span>{p.state.kind === 'retrying' ? t.pageRetrying : fill(t.pageUploading, { percent: p.state.percent })}</span>
                          <progress max={100} value={p.state.percent} aria-label={`${fill(t.pageN, { n: i + 1 })}: ${fill(t.pageUploading, { percent: p.state.percent })}`} />
                        </>
                      ) : p.state.kind === 'checking' ? (
                        <span>{t.pageChecking}</span>
                      ) : p.state.kind === 'ok' ? (
                        <span>✓ {t.pageOk}</span>
                      ) : p.state.kind === 'paused' ? (
                        <span className="error">{t.pagePaused}</span>
                      ) : (
                        <span className="error">{pageText(p, i)}</span>
                      )}
                    </span>
                    <span className="page-actions">
                      {p.state.kind === 'paused' && (
                        <button type="button" className="page-resume" onClick={() => resume(p)} aria-label={`${t.pageRetry}: ${fill(t.pageN, { n: i + 1 })}`}>
                          {t.pageRetry}
                        </button>
                      )}
                      <button type="button" id={`page-${i}-up`} disabled={i === 0 || busy} onClick={() => move(i, -1)} aria-label={`${t.moveUp}: ${fill(t.pageN, { n: i + 1 })}`}>
                        ↑
                      </button>
                      <button type="button" id={`page-${i}-down`} disabled={i === pages.length - 1 || busy} onClick={() => move(i, 1)} aria-label={`${t.moveDown}: ${fill(t.pageN, { n: i + 1 })}`}>
                        ↓
                      </button>
                      <button type="button" className="page-remove" disabled={busy} onClick={() => remove(i)} aria-label={`${t.remove}: ${fill(t.pageN, { n: i + 1 })}`}>
                        {t.remove}
                      </button>
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        ) : (
          <div className="field">
            <label htmlFor="pages">
              {t.pages} <abbr title={t.required}>*</abbr>
            </label>
            <input id="pages" name="pages" type="file" multiple accept={ACCEPT_ATTRIBUTE} aria-invalid={errors.pages ? true : undefined} aria-describedby={describedBy('pages', true)} />
            <Err field="pages" />
          </div>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>{t.sectionContacts}</legend>
        {input('artistEmail', t.artistEmail, { max: ENTRY_LIMITS.emailMax, hint: t.artistEmailHint, type: 'email', autoComplete: 'email', required: false })}
        {input('teacherEmail', t.teacherEmail, { max: ENTRY_LIMITS.emailMax, hint: t.teacherEmailHint, type: 'email', autoComplete: 'off', required: false })}
        <fieldset className="group inner" aria-describedby="guardian-hint">
          <legend>{t.guardianTitle}</legend>
          <p className="hint" id="guardian-hint">
            {t.guardianHint}
          </p>
          {ways && props.wayTexts && under15 && (
            <fieldset className="field" aria-describedby={describedBy('consentWay')}>
              <legend>
                {props.wayTexts?.legend} <abbr title={t.required}>*</abbr>
              </legend>
              <div className="radios">
                {(['email', 'paper'] as const).filter((w) => ways[w]).map((w) => (
                  <label key={w} className="check">
                    <input type="radio" name="consentWay" value={w} checked={consentWay === w} onChange={() => setConsentWay(w)} />
                    {w === 'email' ? props.wayTexts?.email : props.wayTexts?.paper}
                  </label>
                ))}
              </div>
              {consentWay === 'paper' && <p className="hint">{props.wayTexts?.paperHint}</p>}
              <Err field="consentWay" />
            </fieldset>
          )}
          {!(ways && under15 && consentWay === 'paper') && (
            <>
              {input('guardianName', t.guardianName, { max: ENTRY_LIMITS.nameMax * 2, autoComplete: 'off', required: under15 })}
              {input('guardianEmail', t.guardianEmail, { max: ENTRY_LIMITS.emailMax, type: 'email', autoComplete: 'off', required: under15 })}
            </>
          )}
        </fieldset>
      </fieldset>

      <fieldset className="group">
        <legend>{t.sectionConsents}</legend>
        {checkbox('consentPublish', t.consentPublish, true)}
        {checkbox('consentPrint', t.consentPrint, false)}
        {checkbox('consentExhibit', t.consentExhibit, false)}
        {checkbox('hideName', t.hideName, false)}
        {checkbox(
          'agreeRules',
          <>
            {t.agreeRules} (<a href={props.rulesHref} target="_blank" rel="noopener">{t.rulesLink}</a>)
          </>,
          true,
        )}
      </fieldset>

      <div className="submit-row">
        <button type="submit" disabled={busy} aria-describedby={busy ? 'upload-progress-label' : undefined}>
          {busy ? t.sending : t.submit}
        </button>
        {busy && (
          <div className="upload-progress" role="status">
            <span id="upload-progress-label">{phase.kind === 'waiting' ? t.waitingForPages : phase.kind === 'uploading' ? fill(t.uploading, { percent: phase.percent }) : t.processing}</span>
            <progress max={100} value={phase.kind === 'uploading' ? phase.percent : undefined} aria-labelledby="upload-progress-label" />
          </div>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
    </form>
  );
}

/** "HEIC" for "IMG_0042.heic": what shows in place of a picture the browser cannot draw. */
const extension = (name: string) => (/\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1] ?? '?').toUpperCase();

/** A page's picture in the list: the server's judged preview, else the browser's own, else the file's type (HEIC, TIFF). */
function PageThumb({ page, uploadEndpoint }: { page: Page; uploadEndpoint: string }) {
  const [broken, setBroken] = useState(false);
  const src = page.state.kind === 'ok' ? `${uploadEndpoint}/${page.state.ref}/preview.webp` : page.preview;
  return (
    <span className="page-thumb" aria-hidden="true">
      {broken && page.state.kind !== 'ok' ? extension(page.file.name) : <img src={src} alt="" width={72} height={96} onError={() => setBroken(true)} />}
    </span>
  );
}
