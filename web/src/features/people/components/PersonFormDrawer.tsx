/** Create or edit a person. Validates with the server's zod schema; a stale edit (412) opens the merge dialog. */
import { App, Button, Drawer, Form, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError, type Person, type PersonPatch } from '../../../api/client.ts';
import { fetchPerson, useCreatePerson, useUpdatePerson } from '../api/people.ts';
import { changedFields, formPath, toFormValues, toPayload, validate, type PersonFormValues } from '../lib/person-form.ts';
import { ConflictDialog, type Conflict } from './ConflictDialog.tsx';
import { PersonFormFields } from './PersonFormFields.tsx';

type Props = { open: boolean; onClose: () => void; person?: Person };

export function PersonFormDrawer({ open, onClose, person }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<PersonFormValues>();
  const create = useCreatePerson();
  const update = useUpdatePerson(person?.id ?? '');
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const busy = create.isPending || update.isPending;
  const client = useQueryClient();

  // Each time the drawer opens, start from the record as it is now (not from a previous, abandoned edit).
  useEffect(() => {
    if (open && person) {
      form.resetFields();
      form.setFieldsValue(toFormValues(person));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on opening; a refetch must not wipe typing
  }, [open]);

  const showServerErrors = (error: unknown): boolean => {
    if (!isApiError(error, 400) || error.issues.length === 0) return false;
    form.setFields(error.issues.map((issue) => ({ name: formPath(issue.field), errors: [issue.message] })));
    return true;
  };

  const savePatch = async (patch: PersonPatch, version: number) => {
    if (!person) return;
    try {
      const saved = await update.mutateAsync({ patch, version });
      setConflict(null);
      form.setFieldsValue(toFormValues(saved));
      message.success(t('common.saved'));
      onClose();
    } catch (error) {
      if (isApiError(error, 412)) {
        // Someone saved first. Keep what the user typed and show it beside what is on the server now.
        const server = await fetchPerson(person.id);
        setConflict({ mine: patch, server });
      } else if (!showServerErrors(error)) {
        message.error(isApiError(error) ? error.message : t('common.error'));
      }
    }
  };

  const submit = async (values: PersonFormValues) => {
    const payload = toPayload(values, person);
    const problems = validate(payload);
    if (problems.length > 0) {
      form.setFields(problems.map((p) => ({ name: p.name, errors: [t(`validation.${p.code}`, { defaultValue: p.message })] })));
      return;
    }
    if (!person) {
      try {
        const created = await create.mutateAsync(payload);
        form.resetFields();
        onClose();
        navigate(`/people/${created.id}`);
      } catch (error) {
        if (!showServerErrors(error)) message.error(isApiError(error) ? error.message : t('common.error'));
      }
      return;
    }
    const fields = changedFields(payload, person);
    if (fields.length === 0) return onClose();
    await savePatch(Object.fromEntries(fields.map((f) => [f, payload[f]])) as PersonPatch, person.version);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={person ? t('people.edit') : t('people.new')}
      size={Math.min(560, window.innerWidth)}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="save-person">{t('common.save')}</Button>
        </Space>
      }
    >
      <Form<PersonFormValues> form={form} layout="vertical" initialValues={person ? toFormValues(person) : { phones: [{}], emails: [{}], relationshipTypes: ['customer'] }} onFinish={(values) => void submit(values)}>
        <PersonFormFields restricted={person?.restrictedFields} />
      </Form>
      {conflict && person && (
        <ConflictDialog
          conflict={conflict}
          saving={update.isPending}
          onKeep={(patch) => void savePatch(patch, conflict.server.version)}
          onReload={() => {
            client.setQueryData(['people', 'one', person.id], conflict.server);
            form.setFieldsValue(toFormValues(conflict.server));
            setConflict(null);
          }}
        />
      )}
    </Drawer>
  );
}
