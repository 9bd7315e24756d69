import { diffWords } from 'diff';
import { htmlToText } from '../sanitise.ts';

/** One part of a word diff: common text, or text added / removed between two revisions. */
export interface DiffPart {
  value: string;
  added?: true;
  removed?: true;
}

export interface RevisionText {
  title: string;
  summary: string;
  bodyHtml: string;
}

function words(before: string, after: string): DiffPart[] {
  return diffWords(before.normalize('NFC'), after.normalize('NFC')).map((c) => ({
    value: c.value,
    ...(c.added ? { added: true as const } : {}),
    ...(c.removed ? { removed: true as const } : {}),
  }));
}

/**
 * Word diff of two revisions: title, summary and the body's text (not its markup — editors
 * compare what readers read; a change of formatting alone shows no difference).
 */
export function diffRevisions(from: RevisionText, to: RevisionText) {
  return {
    title: words(from.title, to.title),
    summary: words(from.summary, to.summary),
    body: words(htmlToText(from.bodyHtml), htmlToText(to.bodyHtml)),
  };
}
