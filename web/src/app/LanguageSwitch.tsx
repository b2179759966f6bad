import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { isLanguage, setLanguage } from '../i18n/index.ts';

// Each language named in itself, so anyone can find their own.
const OPTIONS = [
  { value: 'zh-CN', label: '简体中文', short: '简' },
  { value: 'zh-TW', label: '繁體中文', short: '繁' },
  { value: 'en', label: 'English', short: 'EN' },
];

export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { i18n, t } = useTranslation();
  return (
    <Select
      aria-label={t('common.language')}
      data-testid="language-switch"
      value={i18n.language}
      onChange={(value: string) => {
        if (isLanguage(value)) setLanguage(value);
      }}
      suffixIcon={<GlobalOutlined />}
      popupMatchSelectWidth={false}
      style={{ width: compact ? 72 : 120 }}
      options={OPTIONS.map((o) => ({ value: o.value, label: compact ? o.short : o.label, title: o.label }))}
    />
  );
}
