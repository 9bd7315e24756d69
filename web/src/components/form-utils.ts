/** '' → null for optional text fields (clears the value on update). */
export const nullIfEmpty = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** '' → undefined (leaves the field out of a create request). */
export const undefinedIfEmpty = (value: string): string | undefined =>
  value.trim() === '' ? undefined : value.trim();

/**
 * `value`, `onChange` and `error` for a text input bound to a string field of a form's values
 * (optionally transformed as typed, e.g. upper-cased).
 */
export function textBinder<V>(
  values: V,
  set: <K extends keyof V>(key: K, value: V[K]) => void,
  err: (field: string) => string | undefined,
) {
  return (key: keyof V & string, transform: (typed: string) => string = (typed) => typed) => ({
    value: values[key] as string,
    onChange: (event: { currentTarget: { value: string } }) =>
      set(key, transform(event.currentTarget.value) as V[typeof key]),
    error: err(key),
  });
}
