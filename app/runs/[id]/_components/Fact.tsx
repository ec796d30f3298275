import type { ComponentProps } from 'react';

/** One fact of a description list: its term, then its value (`dd` takes the rest: a class, a title, a test id). */
export function Fact({ term, children, ...dd }: { term: string } & ComponentProps<'dd'>) {
  return (
    <div>
      <dt>{term}</dt>
      <dd {...dd}>{children}</dd>
    </div>
  );
}
