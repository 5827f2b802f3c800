import { useRef, useState, type FormEvent } from 'react';
import type { Lang } from '#src/i18n/config.ts';
import { fill, formatDayRangeIn, translate } from '#src/i18n/format.ts';
import type { Calendar, Namespace } from '#src/i18n/types.ts';
import { requestFieldErrors, requestFormValues, tourRequestSchema, type FieldError } from './request.ts';

/** The booking texts this form renders; the page hands over only these. */
export const REQUEST_FORM_TEXTS = [
  'address', 'ages', 'agesHint', 'alternative1', 'alternative2', 'email', 'errors', 'firstDay', 'fixErrors', 'lastDay', 'notes', 'phone', 'preferred', 'pupils', 'refused', 'region', 'regionChoose', 'required', 'school', 'sending', 'submit', 'teacher', 'town', 'useSuggestion', 'wallHint', 'wallM',
] as const satisfies readonly (keyof Namespace<'site'>['tourBook'])[];

interface Props {
  lang: Lang;
  action: string;
  t: Pick<Namespace<'site'>['tourBook'], (typeof REQUEST_FORM_TEXTS)[number]>;
  calendar: Calendar;
  regions: { code: string; name: string }[];
  values?: Record<string, string>;
  errors?: Record<string, FieldError>;
  /** Nearest free windows after a refusal: offered as choices inside the form. */
  suggestions?: { first: string; last: string }[];
}

/**
 * The teacher's request. Without JavaScript a plain form; with it, the same zod schema as the
 * Action checks every field before sending, and the availability calendar fills the dates.
 */
export default function TourRequestForm({ lang, action, t, calendar, regions, values = {}, errors: initial = {}, suggestions = [] }: Props) {
  const [errors, setErrors] = useState<Record<string, FieldError>>(initial);
  const [sending, setSending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const message = (f: string) => (errors[f] ? translate(t.errors, errors[f]!.key, errors[f]!.params) : undefined);

  function check(form: HTMLFormElement) {
    const data = new FormData(form);
    const suggestion = data.get('suggestion');
    if (typeof suggestion === 'string' && suggestion.includes('/')) {
      const [first, last] = suggestion.split('/');
      data.set('first1', first!);
      data.set('last1', last!);
    }
    const parsed = tourRequestSchema.safeParse(requestFormValues(data));
    return parsed.success ? {} : requestFieldErrors(parsed.error);
  }

  function onSubmit(ev: FormEvent<HTMLFormElement>) {
    const found = check(ev.currentTarget);
    if (Object.keys(found).length > 0) {
      ev.preventDefault();
      setErrors(found);
      const first = Object.keys(found)[0];
      if (first) (ev.currentTarget.elements.namedItem(first) as HTMLElement | null)?.focus?.();
      return;
    }
    setErrors({});
    setSending(true);
  }

  function onBlur(field: string) {
    if (!formRef.current || !errors[field]) return;
    const now = check(formRef.current);
    setErrors((prev) => {
      const next = { ...prev };
      if (now[field]) next[field] = now[field]!;
      else delete next[field];
      return next;
    });
  }

  function useSuggestion(first: string, last: string) {
    const form = formRef.current;
    if (!form) return;
    (form.elements.namedItem('first1') as HTMLInputElement).value = first;
    (form.elements.namedItem('last1') as HTMLInputElement).value = last;
  }

  const describedBy = (f: string, hint = false) => [hint ? `${f}-hint` : '', errors[f] ? `${f}-error` : ''].filter(Boolean).join(' ') || undefined;
  const Err = ({ f }: { f: string }) =>
    errors[f] ? (
      <p className="error" id={`${f}-error`}>
        {message(f)}
      </p>
    ) : null;

  const input = (f: string, label: string, opts: { type?: string; required?: boolean; hint?: string; autoComplete?: string; inputMode?: 'numeric' | 'decimal'; style?: object } = {}) => (
    <div className="field" key={f}>
      <label htmlFor={f}>
        {label} {opts.required !== false && <abbr title={t.required}>*</abbr>}
      </label>
      {opts.hint && (
        <p className="hint" id={`${f}-hint`}>
          {opts.hint}
        </p>
      )}
      <input
        id={f}
        name={f}
        type={opts.type ?? 'text'}
        defaultValue={values[f] ?? ''}
        autoComplete={opts.autoComplete}
        inputMode={opts.inputMode}
        style={opts.style}
        aria-invalid={errors[f] ? true : undefined}
        aria-describedby={describedBy(f, Boolean(opts.hint))}
        onBlur={() => onBlur(f)}
      />
      <Err f={f} />
    </div>
  );

  const dates = (n: 1 | 2 | 3, legend: string, required: boolean) => (
    <fieldset className="fieldset-dates" key={n}>
      <legend>
        {legend} {required && <abbr title={t.required}>*</abbr>}
      </legend>
      {input(`first${n}`, t.firstDay, { type: 'date', required })}
      {input(`last${n}`, t.lastDay, { type: 'date', required })}
    </fieldset>
  );

  return (
    <form ref={formRef} id="request-form" className="form" method="post" action={action} noValidate onSubmit={onSubmit}>
      {Object.keys(errors).length > 0 && (
        <div className="notice error" role="alert">
          {t.fixErrors}
        </div>
      )}
      <input type="hidden" name="lang" value={lang} />
      {suggestions.length > 0 && (
        <fieldset className="field">
          <legend>{t.refused}</legend>
          {suggestions.map((s) => (
            <label className="check" key={`${s.first}/${s.last}`}>
              <input type="radio" name="suggestion" value={`${s.first}/${s.last}`} onChange={() => useSuggestion(s.first, s.last)} />
              <span>{fill(t.useSuggestion, { range: formatDayRangeIn(calendar, s.first, s.last) })}</span>
            </label>
          ))}
        </fieldset>
      )}
      {dates(1, t.preferred, true)}
      {dates(2, t.alternative1, false)}
      {dates(3, t.alternative2, false)}
      {input('school', t.school, { autoComplete: 'organization' })}
      {input('address', t.address, { autoComplete: 'street-address' })}
      {input('town', t.town, { autoComplete: 'address-level2' })}
      <div className="field">
        <label htmlFor="region">
          {t.region} <abbr title={t.required}>*</abbr>
        </label>
        <select id="region" name="region" defaultValue={values.region ?? ''} aria-invalid={errors.region ? true : undefined} aria-describedby={describedBy('region')} onBlur={() => onBlur('region')}>
          <option value="">{t.regionChoose}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
        <Err f="region" />
      </div>
      {input('teacher', t.teacher, { autoComplete: 'name' })}
      {input('email', t.email, { type: 'email', autoComplete: 'email' })}
      {input('phone', t.phone, { type: 'tel', autoComplete: 'tel' })}
      {input('pupils', t.pupils, { type: 'number', inputMode: 'numeric', style: { maxWidth: '10rem' } })}
      {input('ages', t.ages, { hint: t.agesHint })}
      {input('wallM', t.wallM, { inputMode: 'decimal', hint: t.wallHint, style: { maxWidth: '10rem' } })}
      <div className="field">
        <label htmlFor="notes">{t.notes}</label>
        <textarea id="notes" name="notes" defaultValue={values.notes ?? ''} maxLength={2000} aria-invalid={errors.notes ? true : undefined} aria-describedby={describedBy('notes')} />
        <Err f="notes" />
      </div>
      <div>
        <button type="submit" disabled={sending}>
          {sending ? t.sending : t.submit}
        </button>
      </div>
    </form>
  );
}
