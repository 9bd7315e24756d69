import { Fragment } from 'react';
import { highlightParts } from './highlight-parts.ts';

/** A search highlight rendered as text with `<mark>` elements (see highlightParts). */
export function Highlighted({ html }: { html: string }) {
  return highlightParts(html).map((part, index) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, in order
    <Fragment key={index}>{part.marked ? <mark>{part.text}</mark> : part.text}</Fragment>
  ));
}
