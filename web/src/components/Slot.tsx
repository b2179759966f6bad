import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** A place on a page that a later module will fill; labelled so nobody mistakes it for missing data. */
export function Slot({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <div className="gx-slot" data-testid={`slot-${name}`}>
      <h4>{t(`slots.${name}.title`)}</h4>
      <div><ClockCircleOutlined /> {t(`slots.${name}.pending`)}</div>
    </div>
  );
}
