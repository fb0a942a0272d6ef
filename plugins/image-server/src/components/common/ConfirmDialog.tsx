import { Button, Dialog, DialogBody, DialogFooter, DialogHeader, Text } from '@backstage/ui';
import { useState } from 'react';
import type { ReactNode } from 'react';

/**
 * Asks before something irreversible. The action runs only after the user confirms; a failure
 * stays in the dialog so the user sees why nothing happened.
 */
export function ConfirmDialog(props: {
  isOpen: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog isOpen={props.isOpen} onOpenChange={(open) => !open && props.onClose()}>
      <DialogHeader>{props.title}</DialogHeader>
      <DialogBody>
        {props.children}
        {error && (
          <Text as="p" color="danger" role="alert">
            {error}
          </Text>
        )}
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={props.onClose} isDisabled={busy}>
          Cancel
        </Button>
        <Button variant="primary" destructive onPress={confirm} loading={busy}>
          {props.confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
