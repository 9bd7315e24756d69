/**
 * Mentions written in a message: `@username` (letters, digits, `.`, `_`, `-`) and
 * `@unit:<code>` (a unit's identifier code, e.g. `@unit:000.00.00.H42`). A trailing dot is
 * punctuation, not part of the name. Usernames are returned lower case; codes upper case.
 */
export function parseMentions(body: string): { usernames: string[]; unitCodes: string[] } {
  const usernames = new Set<string>();
  const unitCodes = new Set<string>();
  for (const match of body.matchAll(/(?<![\p{L}\p{N}_.@-])@(unit:)?([\p{L}\p{N}_.-]+)/gu)) {
    const name = match[2]!.replace(/[.\-_]+$/, '');
    if (!name) continue;
    if (match[1]) unitCodes.add(name.toUpperCase());
    else usernames.add(name.toLowerCase());
  }
  return { usernames: [...usernames], unitCodes: [...unitCodes] };
}
