/** The identity section's two pages — the review queue and the people import — as a switch at the top of each. */
import { Segmented, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import '../identity.css';

export function IdentityNav({ current }: { current: 'review' | 'import' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="gx-identity-head">
      <Typography.Title level={3} style={{ margin: 0 }}>{t(current === 'review' ? 'identity.review.title' : 'identity.import.title')}</Typography.Title>
      <Segmented
        value={current}
        onChange={(value) => navigate(`/identity/${value}`)}
        options={[{ value: 'review', label: t('identity.review.tab') }, { value: 'import', label: t('identity.import.tab') }]}
        data-testid="identity-nav"
      />
    </div>
  );
}
