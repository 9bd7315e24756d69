import { Anchor } from '@mantine/core';
import { Fragment } from 'react';
import { splitLinks } from './message-text.ts';

/**
 * A message (or directive) body as text: React escapes every character, so markup someone typed
 * shows as the characters they typed. Web addresses become links that open in a new tab without
 * handing it this page (`noopener noreferrer`).
 */
export function MessageBody({ body }: { body: string }) {
  return (
    <>
      {splitLinks(body).map((part, i) =>
        part.kind === 'text' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one body never reorder
          <Fragment key={i}>{part.text}</Fragment>
        ) : (
          <Anchor
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one body never reorder
            key={i}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            inherit
            underline="always"
          >
            {part.text}
          </Anchor>
        ),
      )}
    </>
  );
}
