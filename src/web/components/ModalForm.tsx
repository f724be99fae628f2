// Dialogs holding one form: the caller's fields, then the server's error (if the last attempt failed) and the
// footer (Hủy, the confirm button). `FormDialog` only draws it (the caller holds the busy state and the error, as
// a mutation does); `ModalForm` also owns them, clears the error each time it opens and closes itself once the
// caller's submit resolves — a submit that returns false (its own checks failed and are shown on the fields) or
// throws (the error is shown above the buttons) keeps it open with everything typed.
import { Alert, Button, Group, Stack } from '@mantine/core';
import { type ReactNode, useEffect, useState } from 'react';
import { errorMessage } from '../lib/api';
import { AppModal } from './common';

interface DialogFrame {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** The confirm button's label, icon and colour. */
  confirm: string;
  confirmIcon?: ReactNode;
  confirmColor?: string;
  size?: string;
  children: ReactNode;
}

/**
 * A dialog's footer: Hủy, then the confirm button (a submit button of the enclosing form unless `onConfirm` is
 * given). `sticky` keeps it at the bottom of a long form on a phone.
 */
export function DialogActions({
  onCancel,
  confirm,
  confirmIcon,
  confirmColor,
  busy,
  onConfirm,
  sticky,
}: {
  onCancel: () => void;
  confirm: string;
  confirmIcon?: ReactNode;
  confirmColor?: string;
  busy?: boolean;
  onConfirm?: () => void;
  sticky?: boolean;
}) {
  return (
    <Group justify="flex-end" gap="xs" className={sticky ? 'lt-sticky-actions' : undefined}>
      <Button variant="default" onClick={onCancel}>
        Hủy
      </Button>
      <Button type={onConfirm ? 'button' : 'submit'} onClick={onConfirm} color={confirmColor} loading={busy} leftSection={confirmIcon}>
        {confirm}
      </Button>
    </Group>
  );
}

export function FormDialog({
  opened,
  onClose,
  title,
  confirm,
  confirmIcon,
  confirmColor,
  size,
  children,
  onConfirm,
  busy,
  error,
}: DialogFrame & { onConfirm: () => void; busy: boolean; error: string | null }) {
  return (
    <AppModal opened={opened} onClose={onClose} title={title} size={size}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
        noValidate
      >
        <Stack gap="sm">
          {children}
          {error ? (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          ) : null}
          <DialogActions onCancel={onClose} confirm={confirm} confirmIcon={confirmIcon} confirmColor={confirmColor} busy={busy} />
        </Stack>
      </form>
    </AppModal>
  );
}

export function ModalForm({
  onSubmit,
  ...frame
}: DialogFrame & {
  /** Checks and sends the form; false keeps the dialog open without a server error. */
  onSubmit: () => Promise<boolean | undefined>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (frame.opened) setError(null);
  }, [frame.opened]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if ((await onSubmit()) !== false) frame.onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return <FormDialog {...frame} onConfirm={submit} busy={busy} error={error} />;
}
