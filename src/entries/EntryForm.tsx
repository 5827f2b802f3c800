import { parse as devalueParse } from 'devalue';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { fill, translate } from '#src/i18n/format.ts';
import type { Namespace } from '#src/i18n/types.ts';
import { entryFormValues, needsGuardian, validateEntry, type EntryRules, type FieldError } from './entry.ts';
import { ENTRY_LIMITS } from '#src/editions/entry-limits.ts';
import { ACCEPT_ATTRIBUTE } from '#src/artworks/image-policy.ts';

interface Props {
  lang: string;
  /** The Action's URL for a plain (no-JavaScript) form post */
  action: string;
  /** The Action's JSON endpoint, used with JavaScript so upload progress can be shown */
  endpoint: string;
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
}

interface Page {
  id: number;
  file: File;
  preview: string;
}

type Phase = { kind: 'editing' } | { kind: 'uploading'; percent: number } | { kind: 'processing' } | { kind: 'done'; reference: string; statusPath?: string; needsGuardian: boolean };


/**
 * The entry form. Without JavaScript it is a plain multipart form (pages in the order chosen).
 * With it, pages can be previewed, reordered and removed, the same zod schema as the server checks
 * every field before anything is sent, and the upload shows its progress; a failed upload keeps
 * everything typed and chosen.
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
  const formRef = useRef<HTMLFormElement>(null);
  const nextId = useRef(1);
  const pickerRef = useRef<HTMLInputElement>(null);

  // Rendered on the server as a plain form; the enhanced picker replaces the file input once hydrated.
  useEffect(() => setEnhanced(true), []);
  useEffect(() => () => pages.forEach((p) => URL.revokeObjectURL(p.preview)), []); // eslint-disable-line react-hooks/exhaustive-deps

  const text = (e: FieldError | undefined) => (e ? translate(props.errorTexts, e.key, e.params) : undefined);
  const under15 = age !== '' && needsGuardian(Number(age));

  function currentValues(): Record<string, unknown> {
    const v = entryFormValues(new FormData(formRef.current!));
    if (enhanced) v.pages = pages.map((p) => p.file);
    return v;
  }

  function check(): Record<string, FieldError> {
    const r = validateEntry(currentValues(), rules);
    const found = r.success ? {} : (r.errors as Record<string, FieldError>);
    const total = pages.reduce((n, p) => n + p.file.size, 0);
    if (!found.pages && total > ENTRY_LIMITS.totalMaxBytes) found.pages = { key: 'tooLarge' };
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
    const el = first === 'pages' ? pickerRef.current ?? formRef.current.querySelector<HTMLElement>('#pages') : (formRef.current.elements.namedItem(first) as HTMLElement | RadioNodeList | null);
    if (el instanceof RadioNodeList) (el[0] as HTMLElement | undefined)?.focus();
    else el?.focus?.();
  }

  function addFiles(list: FileList | null) {
    if (!list || list.length === 0) return;
    const added = [...list].map((file) => ({ id: nextId.current++, file, preview: URL.createObjectURL(file) }));
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
    const data = new FormData(formRef.current!);
    data.delete('pages');
    for (const p of pages) data.append('pages', p.file, p.file.name);
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
      let result: { ok: boolean; reference?: string; statusPath?: string; needsGuardian?: boolean; errors?: Record<string, FieldError> };
      try {
        result = devalueParse(xhr.responseText);
      } catch {
        return setFormError(props.errorTexts.generic);
      }
      if (result.ok && result.reference) {
        setPhase({ kind: 'done', reference: result.reference, ...(result.statusPath ? { statusPath: result.statusPath } : {}), needsGuardian: Boolean(result.needsGuardian) });
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
        {phase.statusPath && (
          <p>
            {t.successStatus} <a href={phase.statusPath}>{t.statusLink}</a>
          </p>
        )}
        <p>
          <a href={`/${lang}/enter`}>{t.another}</a>
        </p>
      </section>
    );
  }

  const busy = phase.kind === 'uploading' || phase.kind === 'processing';
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
          {fill(t.pagesHint, { max: rules.maxPages })}
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
            <Err field="pages" />
            {pages.length === 0 ? (
              <p className="hint">{t.noPages}</p>
            ) : (
              <ol className="page-list" aria-label={t.pages}>
                {pages.map((p, i) => (
                  <li key={p.id} className="page-item">
                    <img src={p.preview} alt="" width={72} height={96} />
                    <span className="page-name">
                      <strong>{fill(t.pageN, { n: i + 1 })}</strong> <span className="file-name">{p.file.name}</span>
                    </span>
                    <span className="page-actions">
                      <button type="button" id={`page-${i}-up`} disabled={i === 0 || busy} onClick={() => move(i, -1)} aria-label={`${t.moveUp}: ${fill(t.pageN, { n: i + 1 })}`}>
                        ↑
                      </button>
                      <button type="button" id={`page-${i}-down`} disabled={i === pages.length - 1 || busy} onClick={() => move(i, 1)} aria-label={`${t.moveDown}: ${fill(t.pageN, { n: i + 1 })}`}>
                        ↓
                      </button>
                      <button type="button" disabled={busy} onClick={() => remove(i)} aria-label={`${t.remove}: ${fill(t.pageN, { n: i + 1 })}`}>
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
          {input('guardianName', t.guardianName, { max: ENTRY_LIMITS.nameMax * 2, autoComplete: 'off', required: under15 })}
          {input('guardianEmail', t.guardianEmail, { max: ENTRY_LIMITS.emailMax, type: 'email', autoComplete: 'off', required: under15 })}
        </fieldset>
      </fieldset>

      <fieldset className="group">
        <legend>{t.sectionConsents}</legend>
        {checkbox('consentPublish', t.consentPublish, true)}
        {checkbox('consentPrint', t.consentPrint, false)}
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
            <span id="upload-progress-label">{phase.kind === 'uploading' ? fill(t.uploading, { percent: phase.percent }) : t.processing}</span>
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
