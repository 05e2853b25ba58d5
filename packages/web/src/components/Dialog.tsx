import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider';

/**
 * A modal dialog on the native `<dialog>`: the browser keeps focus inside, Escape closes it and focus returns to
 * where it was. `open` drives it; `onClose` hears every way of closing (Escape included).
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
  className,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Whether the page wants the dialog open: a close the page asked for is not reported back to it.
  const wantedOpen = useRef(open);
  const id = useId();
  const t = useT();
  useEffect(() => {
    wantedOpen.current = open;
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={`${id}-title`}
      onClose={() => {
        if (wantedOpen.current) onClose();
      }}
    >
      {open && (
        <>
          <div className="dialog__head">
            <h2 id={`${id}-title`} className="dialog__title">
              {title}
            </h2>
            <button type="button" className="dialog__close" onClick={onClose} aria-label={t('dialog.close')}>
              ×
            </button>
          </div>
          <div className="dialog__body">{children}</div>
        </>
      )}
    </dialog>
  );
}
