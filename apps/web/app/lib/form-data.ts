/** A text field of a submitted form, or `fallback` when the form has no such field (or holds a file there). */
export function formText(form: FormData, name: string, fallback = ''): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : fallback;
}
