'use client';

import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import styles from './Transcript.module.css';

/*
 * Model output is data. HTML in it is shown as text (react-markdown turns raw HTML into text nodes;
 * rehype-raw is deliberately not used), links open in a new tab without referrer, and images are not
 * loaded (a remote image in model output is a tracking or exfiltration channel): they show as text.
 */
const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
  img: ({ src, alt }) => (
    <span className={styles.imageRef}>
      [image{alt ? `: ${alt}` : ''}
      {typeof src === 'string' && src ? ` — ${src}` : ''}]
    </span>
  ),
};

const remarkPlugins = [remarkGfm];

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} components={components}>
      {text}
    </ReactMarkdown>
  );
});
