/** Users of the tenant; administrators can add one. */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, unwrap, type Schemas } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';
import { useMe } from '../../auth/api/session.ts';
import { useRoles, useSetUserRole } from '../api/access-admin.ts';
import { localLabel, useUsers } from '../api/settings.ts';

type NewUser = Schemas['UserCreateInput'];

export function UsersTab() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const roles = useRoles();
  const setRole = useSetUserRole();
  const { message } = App.useApp();
  const me = useMe();
  const users = useUsers();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewUser>();
  const create = useMutation({
    mutationFn: async (body: NewUser) => unwrap(await api.POST('/api/v1/users', { body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['users'] });
      setOpen(false);
      form.resetFields();
      message.success(t('common.saved'));
    },
    onError: (error) => {
      if (isApiError(error, 400) && error.issues.length) form.setFields(error.issues.map((i) => ({ name: i.field as keyof NewUser, errors: [i.message] })));
      else message.error(isApiError(error) ? error.message : t('common.error'));
    },
  });
  return (
    <>
      {me.data?.isAdmin && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} style={{ marginBottom: 12 }}>{t('settings.addUser')}</Button>}
      <Table
        size="small"
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          { key: 'displayName', title: t('settings.displayName'), dataIndex: 'displayName' },
          { key: 'email', title: t('auth.email'), dataIndex: 'email' },
          {
            key: 'role',
            title: t('settings.role'),
            render: (_: unknown, u: Schemas['User']) =>
              // Administrators assign roles here; your own stays as it is, so nobody locks themselves out.
              me.data?.isAdmin && u.id !== me.data.id ? (
                <Select
                  size="small"
                  value={u.role}
                  style={{ width: 130 }}
                  loading={setRole.isPending && setRole.variables?.userId === u.id}
                  options={(roles.data ?? []).map((r) => ({ value: r.key, label: localLabel(r.name, i18n.language, r.key) }))}
                  onChange={(roleKey: string) => setRole.mutate({ userId: u.id, roleKey }, { onSuccess: () => message.success(t('common.saved')), onError: (error) => message.error(isApiError(error) ? error.message : t('common.error')) })}
                  data-testid={`user-role-${u.email}`}
                />
              ) : (
                <Tag color={u.isAdmin ? 'red' : undefined}>{localLabel(roles.data?.find((r) => r.key === u.role)?.name ?? {}, i18n.language, u.isAdmin ? t('settings.admin') : u.role)}</Tag>
              ),
          },
          { key: 'status', title: t('settings.status'), render: (_: unknown, u: Schemas['User']) => t(`settings.${u.status}`) },
          { key: 'lastLoginAt', title: t('settings.lastLogin'), render: (_: unknown, u: Schemas['User']) => format.dateTime(u.lastLoginAt) || '—' },
        ]}
      />
      <Modal open={open} title={t('settings.addUser')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} forceRender>
        <Form<NewUser> form={form} layout="vertical" initialValues={{ isAdmin: false, locale: 'zh-CN' }} onFinish={(values) => create.mutate(values)}>
          <Form.Item name="displayName" label={t('settings.displayName')} rules={[{ required: true, message: t('validation.required') }]}><Input /></Form.Item>
          <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email', message: t('auth.emailInvalid') }]}><Input /></Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 10, message: t('settings.passwordRule') }]}><Input.Password autoComplete="new-password" /></Form.Item>
          <Form.Item name="locale" label={t('common.language')}>
            <Select options={[{ value: 'zh-CN', label: '简体中文' }, { value: 'zh-TW', label: '繁體中文' }, { value: 'en', label: 'English' }]} />
          </Form.Item>
          <Form.Item name="isAdmin" label={t('settings.admin')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
