import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CustomFieldsTab } from '../components/CustomFieldsTab.tsx';
import { RolesTeamsTab } from '../components/RolesTeamsTab.tsx';
import { UsersTab } from '../components/UsersTab.tsx';

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <div className="gx-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('settings.title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'users', label: t('settings.users'), children: <UsersTab /> },
          { key: 'custom-fields', label: t('settings.customFields'), children: <CustomFieldsTab /> },
          { key: 'roles', label: t('settings.rolesTeams'), children: <RolesTeamsTab /> },
        ]}
      />
    </div>
  );
}
