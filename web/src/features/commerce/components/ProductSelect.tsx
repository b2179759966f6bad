/** Pick a catalogue product by SKU or name; choosing one fills the line's description, price and tax rate. */
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProducts, type Product } from '../api/commerce.ts';

type Props = { value?: string | null; onChange?: (value: string | null) => void; onProduct?: (product: Product | undefined) => void; 'data-testid'?: string };

export function ProductSelect({ value, onChange, onProduct, 'data-testid': testId }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const products = useProducts(q);
  return (
    <Select
      data-testid={testId}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      placeholder={t('commerce.lines.pickProduct')}
      loading={products.isFetching}
      options={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}` }))}
      onChange={(id) => {
        onChange?.(id ?? null);
        onProduct?.(products.data?.find((p) => p.id === id));
      }}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}
