/** A plain list of title / description / extra rows (antd 6.6 deprecated List; this is all the pages need). */
import { Empty, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type Row = { key: string; title: ReactNode; description?: ReactNode; extra?: ReactNode };

export function Rows({ rows }: { rows: Row[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.none')} />;
  return (
    <div>
      {rows.map((row, index) => (
        <div key={row.key} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '8px 4px', borderTop: index ? '1px solid #f0f0f0' : undefined }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ fontWeight: 500 }}>{row.title}</div>
            {row.description && <Typography.Text type="secondary" style={{ fontSize: 13 }}>{row.description}</Typography.Text>}
          </div>
          {row.extra}
        </div>
      ))}
    </div>
  );
}
