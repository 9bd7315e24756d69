/** '' → null for optional text fields (clears the value on update). */
export const nullIfEmpty = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** '' → undefined (leaves the field out of a create request). */
export const undefinedIfEmpty = (value: string): string | undefined =>
  value.trim() === '' ? undefined : value.trim();
