import { useState, type ChangeEvent, type ReactNode } from 'react';
import { formatDate, parseDate } from '../lib/date';
import { useT } from '../i18n/I18nProvider';

/**
 * Form fields: every control has its visible label; the hint, the error and the warning are tied to it with
 * `aria-describedby` (read when it gets focus), and an error appearing after the field is left is announced politely.
 * An error marks the control `aria-invalid`.
 */
export interface FieldMessages {
  hint?: ReactNode;
  error?: string | null | undefined;
  warning?: string | null | undefined;
}

export function describedBy(id: string, m: FieldMessages): string | undefined {
  const ids = [m.hint ? `${id}-hint` : null, `${id}-error`, m.warning ? `${id}-warning` : null].filter(Boolean);
  return ids.join(' ') || undefined;
}

function Messages({ id, hint, error, warning }: FieldMessages & { id: string }) {
  const t = useT();
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <div id={`${id}-error`} aria-live="polite">
        {error && (
          <p className="field-error">
            <span className="visually-hidden">{t('form.errorPrefix')} </span>
            {error}
          </p>
        )}
      </div>
      {warning && (
        <p id={`${id}-warning`} className="field-warning">
          <span className="visually-hidden">{t('form.warningPrefix')} </span>
          {warning}
        </p>
      )}
    </>
  );
}

function Label({ id, label, required }: { id: string; label: ReactNode; required?: boolean | undefined }) {
  const t = useT();
  return (
    <label htmlFor={id} className="field-label">
      {label}
      {required === false && <span className="field-optional"> ({t('form.optional')})</span>}
    </label>
  );
}

interface BaseProps extends FieldMessages {
  id: string;
  label: ReactNode;
  /** `false` adds «(необовʼязково)» to the label; leave it out for fields that are plainly needed. */
  required?: boolean;
  className?: string;
  onBlur?: () => void;
  disabled?: boolean;
}

export interface TextFieldProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'search' | 'date' | 'tel' | 'number';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email' | 'search' | 'tel';
  maxLength?: number;
  spellCheck?: boolean;
  /** Width class: `short` (codes, dates), `medium` or full width. */
  width?: 'short' | 'medium' | 'full';
  readOnly?: boolean;
  min?: string;
  max?: string;
  pattern?: string;
  placeholder?: string;
  autoFocus?: boolean;
  lang?: string;
}

export function TextField(p: TextFieldProps) {
  const invalid = !!p.error;
  return (
    <div className={`field ${p.className ?? ''} ${invalid ? 'field--invalid' : ''}`}>
      <Label id={p.id} label={p.label} required={p.required} />
      <Messages id={p.id} hint={p.hint} error={p.error} warning={p.warning} />
      <input
        id={p.id}
        name={p.id}
        className={`field-input field-input--${p.width ?? 'full'}`}
        type={p.type ?? 'text'}
        value={p.value}
        onChange={(e: ChangeEvent<HTMLInputElement>) => p.onChange(e.target.value)}
        onBlur={p.onBlur}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(p.id, p)}
        aria-required={p.required === true || undefined}
        autoComplete={p.autoComplete ?? 'off'}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        spellCheck={p.spellCheck}
        readOnly={p.readOnly}
        disabled={p.disabled}
        min={p.min}
        max={p.max}
        pattern={p.pattern}
        placeholder={p.placeholder}
        autoFocus={p.autoFocus}
        lang={p.lang}
      />
    </div>
  );
}

export type DateFieldProps = Omit<TextFieldProps, 'type' | 'inputMode' | 'min' | 'max' | 'pattern'>;

/**
 * A date typed as дд.мм.рррр in every language and browser (a native date input shows the browser's own format,
 * often мм/дд/рррр). `onChange` gets the ISO date when the text is a real date, '' when it is empty, and the text as
 * typed otherwise, so the form's check can say that it is not a date.
 */
export function DateField({ value, onChange, hint, ...rest }: DateFieldProps) {
  const t = useT();
  const [text, setText] = useState(() => formatDate(value) || value);
  const [shown, setShown] = useState(value);
  // A value set from outside (a reloaded record) replaces what was typed.
  if (value !== shown) {
    setShown(value);
    if ((parseDate(text) ?? text.trim()) !== value) setText(formatDate(value) || value);
  }
  const change = (next: string) => {
    setText(next);
    const parsed = next.trim() === '' ? '' : (parseDate(next) ?? next);
    setShown(parsed);
    onChange(parsed);
  };
  return (
    <TextField
      {...rest}
      value={text}
      onChange={change}
      onBlur={() => {
        // The typed date is shown back in the canonical form once it is left.
        const parsed = parseDate(text);
        if (parsed) setText(formatDate(parsed));
        rest.onBlur?.();
      }}
      inputMode="numeric"
      placeholder={t('form.datePlaceholder')}
      hint={
        <>
          {hint ? <>{hint} </> : null}
          {t('form.dateFormat')}
        </>
      }
      maxLength={10}
      width="short"
    />
  );
}

export interface TextAreaProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  maxLength?: number;
  rows?: number;
}

export function TextArea(p: TextAreaProps) {
  const invalid = !!p.error;
  return (
    <div className={`field ${p.className ?? ''} ${invalid ? 'field--invalid' : ''}`}>
      <Label id={p.id} label={p.label} required={p.required} />
      <Messages id={p.id} hint={p.hint} error={p.error} warning={p.warning} />
      <textarea
        id={p.id}
        name={p.id}
        className="field-input"
        value={p.value}
        rows={p.rows ?? 3}
        onChange={(e) => p.onChange(e.target.value)}
        onBlur={p.onBlur}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(p.id, p)}
        maxLength={p.maxLength}
        disabled={p.disabled}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  lang?: string;
}

export interface SelectFieldProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** The empty first option, e.g. «— оберіть —»; none when every value is a choice. */
  placeholder?: string;
  width?: 'short' | 'medium' | 'full';
}

export function SelectField(p: SelectFieldProps) {
  const invalid = !!p.error;
  return (
    <div className={`field ${p.className ?? ''} ${invalid ? 'field--invalid' : ''}`}>
      <Label id={p.id} label={p.label} required={p.required} />
      <Messages id={p.id} hint={p.hint} error={p.error} warning={p.warning} />
      <select
        id={p.id}
        name={p.id}
        className={`field-input field-select field-input--${p.width ?? 'full'}`}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        onBlur={p.onBlur}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(p.id, p)}
        disabled={p.disabled}
      >
        {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
        {p.options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface CheckboxFieldProps extends Omit<BaseProps, 'required'> {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckboxField(p: CheckboxFieldProps) {
  return (
    <div className={`field field--checkbox ${p.className ?? ''}`}>
      <input
        id={p.id}
        name={p.id}
        type="checkbox"
        className="field-checkbox"
        checked={p.checked}
        onChange={(e) => p.onChange(e.target.checked)}
        onBlur={p.onBlur}
        aria-describedby={describedBy(p.id, p)}
        aria-invalid={!!p.error || undefined}
        disabled={p.disabled}
      />
      <label htmlFor={p.id} className="field-checkbox-label">
        {p.label}
      </label>
      <Messages id={p.id} hint={p.hint} error={p.error} warning={p.warning} />
    </div>
  );
}

export interface RadioGroupProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  inline?: boolean;
}

/** Choices as radio buttons in a fieldset whose legend is the question; the group's id is its first button's. */
export function RadioGroup(p: RadioGroupProps) {
  const invalid = !!p.error;
  return (
    <fieldset
      className={`field fieldset ${p.className ?? ''} ${invalid ? 'field--invalid' : ''}`}
      aria-describedby={describedBy(p.id, p)}
    >
      <legend className="field-label">{p.label}</legend>
      <Messages id={p.id} hint={p.hint} error={p.error} warning={p.warning} />
      <div className={p.inline ? 'radios radios--inline' : 'radios'}>
        {p.options.map((o, i) => {
          const optionId = i === 0 ? p.id : `${p.id}-${o.value}`;
          return (
            <div key={o.value} className="radio">
              <input
                id={optionId}
                type="radio"
                name={p.id}
                value={o.value}
                checked={p.value === o.value}
                onChange={() => p.onChange(o.value)}
                onBlur={p.onBlur}
                aria-invalid={invalid || undefined}
                disabled={p.disabled}
              />
              <label htmlFor={optionId} lang={o.lang}>
                {o.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** A labelled value in a description list (cards and detail pages). */
export function Fact({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
