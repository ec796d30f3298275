'use client';

import { useEffect, useId, useRef } from 'react';
import styles from './LineageActions.module.css';

/**
 * A modal dialog (the native `<dialog>`: focus kept inside, Esc closes it) that exists while it is
 * open: its form mounts fresh each time, with a new idempotency key.
 */
export function ActionDialog({ title, onClose, children }: { title: string; onClose: () => void; children: React.ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className={styles.dialog} aria-labelledby={headingId} onClose={onClose}>
      <div className={styles.dialogHead}>
        <h2 id={headingId}>{title}</h2>
        <button type="button" className={styles.close} onClick={() => ref.current?.close()} aria-label="Close">
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
