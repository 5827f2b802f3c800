import { useRef, useState, type FormEvent } from 'react';
import { translate, type Dict } from '../i18n/index.ts';
import { CATEGORIES, ENTRY_LIMITS, entryFieldErrors, entryFormValues, entrySchema, type FieldError } from '../lib/entry.ts';

interface Props {
  lang: string;
  action: string;
  formToken: string;
  t: Dict['enter'];
  errorTexts: Dict['errors'];
  regions: { code: string; name: string }[];
  values?: Record<string, string>;
  errors?: Record<string, FieldError>;
}

/**
 * The entry form. Without JavaScript it is a plain multipart form; with it, the same zod schema
 * as the server checks every field before anything is sent, so mistakes show at once.
 */
export default function EntryForm({ lang, action, formToken, t, errorTexts, regions, values = {}, errors: initialErrors = {} }: Props) {
  const [errors, setErrors] = useState<Record<string, FieldError>>(initialErrors);
  const [sending, setSending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const hasErrors = Object.keys(errors).length > 0;

  const message = (field: string) => {
    const e = errors[field];
    return e ? translate(errorTexts as unknown as Record<string, unknown>, e.key, e.params) : undefined;
  };

  function onSubmit(ev: FormEvent<HTMLFormElement>) {
    const form = ev.currentTarget;
    const parsed = entrySchema.safeParse(entryFormValues(new FormData(form)));
    if (!parsed.success) {
      ev.preventDefault();
      const found = entryFieldErrors(parsed.error) as Record<string, FieldError>;
      setErrors(found);
      const first = Object.keys(found)[0];
      if (first) (form.elements.namedItem(first) as HTMLElement | null)?.focus?.();
      return;
    }
    setErrors({});
    setSending(true);
  }

  // Re-checks one field when the artist leaves it, so a fixed mistake clears right away.
  function onBlur(field: string) {
    if (!formRef.current || !errors[field]) return;
    const parsed = entrySchema.safeParse(entryFormValues(new FormData(formRef.current)));
    const now = parsed.success ? {} : (entryFieldErrors(parsed.error) as Record<string, FieldError>);
    setErrors((prev) => {
      const next = { ...prev };
      if (now[field]) next[field] = now[field]!;
      else delete next[field];
      return next;
    });
  }

  const describedBy = (field: string, hint = false) =>
    [hint ? `${field}-hint` : '', errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined;

  const Err = ({ field }: { field: string }) =>
    errors[field] ? (
      <p className="error" id={`${field}-error`}>
        {message(field)}
      </p>
    ) : null;

  const textField = (field: string, label: string, opts: { max: number; hint?: string; type?: string; autoComplete?: string }) => (
    <div className="field">
      <label htmlFor={field}>
        {label} <abbr title={t.required}>*</abbr>
      </label>
      {opts.hint && (
        <p className="hint" id={`${field}-hint`}>
          {opts.hint}
        </p>
      )}
      <input
        id={field}
        name={field}
        type={opts.type ?? 'text'}
        defaultValue={values[field] ?? ''}
        maxLength={opts.max}
        autoComplete={opts.autoComplete}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field, Boolean(opts.hint))}
        onBlur={() => onBlur(field)}
      />
      <Err field={field} />
    </div>
  );

  return (
    <form ref={formRef} className="form" method="post" action={action} encType="multipart/form-data" noValidate onSubmit={onSubmit}>
      {hasErrors && (
        <div className="notice error" role="alert">
          {t.fixErrors}
        </div>
      )}
      <input type="hidden" name="lang" value={lang} />
      <input type="hidden" name="formToken" value={formToken} />
      {textField('firstName', t.firstName, { max: ENTRY_LIMITS.nameMax, autoComplete: 'given-name' })}
      {textField('surname', t.surname, { max: ENTRY_LIMITS.nameMax, hint: t.surnameHint, autoComplete: 'family-name' })}
      <div className="field">
        <label htmlFor="age">
          {t.age} <abbr title={t.required}>*</abbr>
        </label>
        <input
          id="age"
          name="age"
          type="number"
          inputMode="numeric"
          min={ENTRY_LIMITS.ageMin}
          max={ENTRY_LIMITS.ageMax}
          defaultValue={values.age ?? ''}
          aria-invalid={errors.age ? true : undefined}
          aria-describedby={describedBy('age')}
          onBlur={() => onBlur('age')}
          style={{ maxWidth: '8rem' }}
        />
        <Err field="age" />
      </div>
      <div className="field">
        <label htmlFor="region">
          {t.region} <abbr title={t.required}>*</abbr>
        </label>
        <select
          id="region"
          name="region"
          defaultValue={values.region ?? ''}
          aria-invalid={errors.region ? true : undefined}
          aria-describedby={describedBy('region')}
          onBlur={() => onBlur('region')}
        >
          <option value="">{t.regionChoose}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
        <Err field="region" />
      </div>
      <fieldset className="field" aria-describedby={describedBy('category')}>
        <legend>
          {t.category} <abbr title={t.required}>*</abbr>
        </legend>
        <div className="radios">
          {CATEGORIES.map((c) => (
            <label key={c} className="check">
              <input type="radio" name="category" value={c} defaultChecked={values.category === c} onChange={() => onBlur('category')} />
              {t.categories[c]}
            </label>
          ))}
        </div>
        <Err field="category" />
      </fieldset>
      {textField('title', t.title, { max: ENTRY_LIMITS.titleMax })}
      <div className="field">
        <label htmlFor="altText">
          {t.altText} <abbr title={t.required}>*</abbr>
        </label>
        <p className="hint" id="altText-hint">
          {t.altTextHint}
        </p>
        <textarea
          id="altText"
          name="altText"
          defaultValue={values.altText ?? ''}
          maxLength={ENTRY_LIMITS.altTextMax}
          aria-invalid={errors.altText ? true : undefined}
          aria-describedby={describedBy('altText', true)}
          onBlur={() => onBlur('altText')}
        />
        <Err field="altText" />
      </div>
      <div className="field">
        <label htmlFor="image">
          {t.image} <abbr title={t.required}>*</abbr>
        </label>
        <p className="hint" id="image-hint">
          {t.imageHint}
        </p>
        <input
          id="image"
          name="image"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          aria-invalid={errors.image ? true : undefined}
          aria-describedby={describedBy('image', true)}
          onChange={() => onBlur('image')}
        />
        <Err field="image" />
      </div>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            name="consentPublish"
            defaultChecked={values.consentPublish === 'on'}
            aria-invalid={errors.consentPublish ? true : undefined}
            aria-describedby={describedBy('consentPublish')}
            onChange={() => onBlur('consentPublish')}
          />
          <span>{t.consentPublish}</span>
        </label>
        <Err field="consentPublish" />
      </div>
      <div>
        <button type="submit" disabled={sending} aria-busy={sending}>
          {sending ? t.sending : t.submit}
        </button>
      </div>
    </form>
  );
}
