/** Ctrl/⌘+K anywhere: find a person by any spelling of their name, pinyin, initials, phone or e-mail. */
import { SearchOutlined } from '@ant-design/icons';
import { Empty, Input, Modal, Tag, Typography } from 'antd';
import { useDeferredValue, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePeopleSearch } from '../api/search.ts';

type Props = { open: boolean; onOpenChange: (open: boolean) => void };

export function GlobalSearch({ open, onOpenChange }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const deferred = useDeferredValue(q);
  const [active, setActive] = useState(0);
  const search = usePeopleSearch(deferred);
  const results = deferred.trim() ? (search.data ?? []) : [];

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        onOpenChange(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onOpenChange]);

  useEffect(() => setActive(0), [deferred]);

  const go = (id: string) => {
    onOpenChange(false);
    setQ('');
    navigate(`/people/${id}`);
  };

  return (
    <Modal open={open} onCancel={() => onOpenChange(false)} footer={null} closable={false} destroyOnHidden title={null} width={560} styles={{ body: { padding: 0 } }}>
      <Input
        autoFocus
        size="large"
        variant="borderless"
        prefix={<SearchOutlined />}
        placeholder={t('search.hint')}
        value={q}
        data-testid="search-input"
        onChange={(event) => setQ(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1));
          else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (event.key === 'Enter' && results[active]) go(results[active].id);
          else return;
          event.preventDefault();
        }}
        style={{ padding: 12 }}
      />
      <div style={{ borderTop: '1px solid #f0f0f0', maxHeight: 400, overflowY: 'auto' }}>
        {deferred.trim() && !search.isFetching && results.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.noResults')} />
        ) : (
          <div data-testid="search-results" role="listbox">
            {results.map((person, index) => (
              <div
                key={person.id}
                role="option"
                aria-selected={index === active}
                onClick={() => go(person.id)}
                onMouseEnter={() => setActive(index)}
                style={{ display: 'flex', alignItems: 'center', gap: 8, cursor: 'pointer', padding: '8px 16px', background: index === active ? '#fff1f0' : undefined }}
              >
                <div style={{ flex: 1, minWidth: 0 }}>
                  <div>{person.name} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{person.namePinyin}</Typography.Text></div>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>{[person.phones[0]?.original, person.emails[0]?.address].filter(Boolean).join(' · ')}</Typography.Text>
                </div>
                {person.relationshipTypes.slice(0, 2).map((type) => <Tag key={type}>{t(`relationship.${type}`)}</Tag>)}
              </div>
            ))}
          </div>
        )}
      </div>
    </Modal>
  );
}
