/**
 * Create or edit a role: per record type the reach of read / change / delete (none, own, team, team and sub-teams,
 * all), how each sensitive field shows (visible, masked, hidden), administrator rights and export.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Input, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { FIELD_RULES, LEVELS, OBJECT_TYPES, SENSITIVE_FIELDS, useSaveRole, type Role, type RolePermissions } from '../api/access-admin.ts';

type Access = RolePermissions['objects'][string];
type Level = Access['read'];
const ACTIONS = ['read', 'write', 'delete'] as const;
const LANGUAGES = [['zh-CN', '简体中文'], ['zh-TW', '繁體中文'], ['en', 'English']] as const;
const EMPTY: RolePermissions = { objects: { default: { read: 'own', write: 'own', delete: 'none' } }, fields: {}, admin: false, export: false };

export function RoleEditor({ role, onClose }: { role: Role | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveRole();
  const [key, setKey] = useState(role?.key ?? '');
  const [name, setName] = useState<Record<'zh-CN' | 'zh-TW' | 'en', string>>({ 'zh-CN': role?.name['zh-CN'] ?? '', 'zh-TW': role?.name['zh-TW'] ?? '', en: role?.name.en ?? '' });
  const [permissions, setPermissions] = useState<RolePermissions>(role?.permissions ?? EMPTY);
  const [error, setError] = useState<string | undefined>();
  const keyValid = /^[a-z_]{1,40}$/.test(key);

  const objectRows = Object.entries(permissions.objects).map(([type, access]) => ({ type, ...access }));
  const setAccess = (type: string, action: (typeof ACTIONS)[number], level: Level) =>
    setPermissions((p) => ({ ...p, objects: { ...p.objects, [type]: { ...(p.objects[type] ?? { read: 'none', write: 'none', delete: 'none' }), [action]: level } } }));
  const removeType = (type: string) => setPermissions((p) => ({ ...p, objects: Object.fromEntries(Object.entries(p.objects).filter(([k]) => k !== type)) }));
  const setField = (type: string, field: string, rule: (typeof FIELD_RULES)[number]) =>
    setPermissions((p) => {
      const { [field]: _old, ...rest } = p.fields[type] ?? {};
      // "visible" is the default: leave it out rather than store it.
      return { ...p, fields: { ...p.fields, [type]: rule === 'visible' ? rest : { ...rest, [field]: rule } } };
    });
  const levelOptions = LEVELS.map((l) => ({ value: l, label: t(`accessAdmin.level.${l}`) }));
  const objectLabel = (type: string) => ((OBJECT_TYPES as readonly string[]).includes(type) ? t(`accessAdmin.objects.${type}`) : type);

  const submit = () => {
    setError(undefined);
    save.mutate(
      { key, name, permissions },
      {
        onSuccess: () => {
          message.success(t('accessAdmin.saved'));
          onClose();
        },
        // Everything typed stays in the drawer; the server's message names what it refused.
        onError: (e) => setError(isApiError(e) ? `${e.message}${e.issues.length ? `: ${e.issues.map((i) => `${i.field} ${i.message}`).join('; ')}` : ''}` : t('common.error')),
      },
    );
  };

  return (
    <Drawer
      open
      width="min(760px, 100vw)"
      title={role ? `${t('accessAdmin.editRole')} · ${role.key}` : t('accessAdmin.newRole')}
      onClose={onClose}
      extra={<Button type="primary" loading={save.isPending} disabled={!keyValid} onClick={submit} data-testid="save-role">{t('common.save')}</Button>}
      data-testid="role-editor"
    >
      <Form layout="vertical">
        {!role && (
          <Form.Item label={t('accessAdmin.roleKey')} required validateStatus={key && !keyValid ? 'error' : undefined} help={t('accessAdmin.roleKeyRule')}>
            <Input value={key} onChange={(e) => setKey(e.target.value.trim())} data-testid="role-key" />
          </Form.Item>
        )}
        <Space wrap style={{ width: '100%' }}>
          {LANGUAGES.map(([language, label]) => (
            <Form.Item key={language} label={t('accessAdmin.nameIn', { language: label })} style={{ marginBottom: 8 }}>
              <Input value={name[language]} maxLength={60} onChange={(e) => setName((n) => ({ ...n, [language]: e.target.value }))} data-testid={`role-name-${language}`} />
            </Form.Item>
          ))}
        </Space>
      </Form>
      <Typography.Title level={5}>{t('accessAdmin.objectsTitle')}</Typography.Title>
      <Table
        size="small"
        rowKey="type"
        pagination={false}
        scroll={{ x: 560 }}
        dataSource={objectRows}
        columns={[
          { key: 'type', title: t('accessAdmin.objectType'), render: (_: unknown, row) => objectLabel(row.type) },
          ...ACTIONS.map((action) => ({
            key: action,
            title: t(`accessAdmin.${action}`),
            render: (_: unknown, row: (typeof objectRows)[number]) => (
              <Select size="small" value={row[action]} options={levelOptions} onChange={(level: Level) => setAccess(row.type, action, level)} style={{ width: 130 }} data-testid={`level-${row.type}-${action}`} />
            ),
          })),
          { key: 'remove', width: 48, render: (_: unknown, row) => row.type !== 'default' && <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => removeType(row.type)} aria-label={t('common.remove')} /> },
        ]}
      />
      <Select
        style={{ marginTop: 8, width: 200 }}
        placeholder={<span><PlusOutlined /> {t('accessAdmin.addObject')}</span>}
        value={null}
        options={OBJECT_TYPES.filter((type) => !permissions.objects[type]).map((type) => ({ value: type, label: objectLabel(type) }))}
        onChange={(type: string) => setPermissions((p) => ({ ...p, objects: { ...p.objects, [type]: { ...(p.objects.default ?? { read: 'none', write: 'none', delete: 'none' }) } } }))}
        data-testid="add-object"
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('accessAdmin.fieldsTitle')}</Typography.Title>
      {Object.entries(SENSITIVE_FIELDS).map(([type, fields]) => (
        <div key={type} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{objectLabel(type)}</Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 4 }}>
            {fields.map((field) => (
              <Space.Compact key={field} size="small">
                <Button size="small" disabled autoInsertSpace={false} style={{ color: 'inherit' }}>{t(`accessAdmin.fields.${field}`)}</Button>
                <Select
                  size="small"
                  value={permissions.fields[type]?.[field] ?? 'visible'}
                  options={FIELD_RULES.map((r) => ({ value: r, label: t(`accessAdmin.rule.${r}`) }))}
                  onChange={(rule: (typeof FIELD_RULES)[number]) => setField(type, field, rule)}
                  style={{ width: 90 }}
                  data-testid={`field-${type}-${field}`}
                />
              </Space.Compact>
            ))}
          </div>
        </div>
      ))}
      <Space size="large" style={{ marginTop: 12 }}>
        <span><Switch size="small" checked={permissions.admin} onChange={(admin) => setPermissions((p) => ({ ...p, admin }))} /> {t('accessAdmin.isAdmin')}</span>
        <span><Switch size="small" checked={permissions.export} onChange={(exportAllowed) => setPermissions((p) => ({ ...p, export: exportAllowed }))} data-testid="role-export" /> {t('accessAdmin.canExport')}</span>
      </Space>
      {error && <Typography.Paragraph type="danger" style={{ marginTop: 12 }} data-testid="role-error">{error}</Typography.Paragraph>}
    </Drawer>
  );
}
