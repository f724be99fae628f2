// Minimal form state: values, per-field validation on blur, error summary on submit.
import { useCallback, useId, useMemo, useRef, useState } from 'react';

type Rules<T> = { [K in keyof T]?: (value: T[K], values: T) => string | null };

export interface FormApi<T extends Record<string, unknown>> {
  values: T;
  errors: Partial<Record<keyof T, string>>;
  /** Messages shown at the top after a failed submit. */
  summary: string[];
  setValue: <K extends keyof T>(key: K, value: T[K]) => void;
  setValues: (values: Partial<T>) => void;
  reset: (values?: T) => void;
  /** Props for Mantine inputs: value, onChange, onBlur, error, id. */
  text: (key: keyof T) => {
    value: string;
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
    onBlur: () => void;
    error: string | undefined;
    id: string;
  };
  field: <K extends keyof T>(
    key: K,
  ) => { value: T[K]; onChange: (value: T[K]) => void; onBlur: () => void; error: string | undefined; id: string };
  /** Validates everything; returns true when the form can be sent. */
  validate: () => boolean;
  setFieldError: (key: keyof T, message: string | null) => void;
}

export function useForm<T extends Record<string, unknown>>(initial: T, rules: Rules<T>): FormApi<T> {
  const idPrefix = useId();
  const [values, setAll] = useState<T>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof T, string>>>({});
  const [showSummary, setShowSummary] = useState(false);
  const initialRef = useRef(initial);
  const valuesRef = useRef(values);
  valuesRef.current = values;
  const rulesRef = useRef(rules);
  rulesRef.current = rules;

  const check = useCallback((key: keyof T, vals: T): string | null => {
    const rule = rulesRef.current[key];
    return rule ? rule(vals[key], vals) : null;
  }, []);

  const setFieldError = useCallback((key: keyof T, message: string | null) => {
    setErrors((prev) => {
      const next = { ...prev };
      if (message) next[key] = message;
      else delete next[key];
      return next;
    });
  }, []);

  const setValue = useCallback(
    <K extends keyof T>(key: K, value: T[K]) => {
      setAll((prev) => {
        const next = { ...prev, [key]: value };
        valuesRef.current = next;
        return next;
      });
      // Clear a shown error as soon as the value becomes valid.
      setErrors((prev) => {
        if (!prev[key]) return prev;
        const next = { ...prev };
        const msg = check(key, { ...valuesRef.current, [key]: value });
        if (msg) next[key] = msg;
        else delete next[key];
        return next;
      });
    },
    [check],
  );

  const blur = useCallback(
    (key: keyof T) => {
      setFieldError(key, check(key, valuesRef.current));
    },
    [check, setFieldError],
  );

  const validate = useCallback(() => {
    const next: Partial<Record<keyof T, string>> = {};
    const messages: string[] = [];
    for (const key of Object.keys(rulesRef.current) as (keyof T)[]) {
      const msg = check(key, valuesRef.current);
      if (msg) {
        next[key] = msg;
        messages.push(msg);
      }
    }
    setErrors(next);
    setShowSummary(messages.length > 0);
    return messages.length === 0;
  }, [check]);

  return useMemo<FormApi<T>>(
    () => ({
      values,
      errors,
      summary: showSummary ? (Object.values(errors).filter(Boolean) as string[]) : [],
      setValue,
      setValues: (partial) => setAll((prev) => ({ ...prev, ...partial })),
      reset: (v) => {
        setAll(v ?? initialRef.current);
        setErrors({});
        setShowSummary(false);
      },
      text: (key) => ({
        value: (values[key] as string | null | undefined) ?? '',
        onChange: (e) => setValue(key, e.currentTarget.value as T[keyof T]),
        onBlur: () => blur(key),
        error: errors[key],
        id: `${idPrefix}-${String(key)}`,
      }),
      field: (key) => ({
        value: values[key],
        onChange: (v) => setValue(key, v),
        onBlur: () => blur(key),
        error: errors[key],
        id: `${idPrefix}-${String(key)}`,
      }),
      validate,
      setFieldError,
    }),
    [values, errors, showSummary, setValue, blur, validate, setFieldError, idPrefix],
  );
}
