/**
 * Delete a quote, contract or order (If-Match), with an Undo that restores it. The server refuses what may not
 * go — a quote an order was made from, an order an invoice bills — with a 409 saying why; that message is shown.
 * An active contract is terminated rather than deleted, and the page then shows it as such.
 */
import { DeleteOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, isApiError, unwrap } from '../../../api/client.ts';
import { refreshCommerce } from '../api/commerce.ts';

type Kind = 'quotes' | 'contracts' | 'orders';
type Props = { kind: Kind; doc: { id: string; version: number; number: string }; listPath: string };

async function remove(kind: Kind, id: string, version: number) {
  const params = { path: { id }, header: { 'if-match': `"${version}"` } };
  if (kind === 'quotes') return unwrap(await api.DELETE('/api/v1/quotes/{id}', { params }));
  if (kind === 'contracts') return unwrap(await api.DELETE('/api/v1/contracts/{id}', { params }));
  return unwrap(await api.DELETE('/api/v1/orders/{id}', { params }));
}

async function restore(kind: Kind, id: string) {
  const params = { path: { id } };
  if (kind === 'quotes') return unwrap(await api.POST('/api/v1/quotes/{id}/restore', { params }));
  if (kind === 'contracts') return unwrap(await api.POST('/api/v1/contracts/{id}/restore', { params }));
  return unwrap(await api.POST('/api/v1/orders/{id}/restore', { params }));
}

export function DeleteDocument({ kind, doc, listPath }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const confirm = async () => {
    try {
      await remove(kind, doc.id, doc.version);
      refreshCommerce(client);
      const key = `deleted-${doc.id}`;
      message.success({
        key,
        duration: 8,
        content: (
          <span>
            {t('commerce.deleted', { number: doc.number })}{' '}
            <Button size="small" type="link" onClick={() => void restore(kind, doc.id).then(() => { message.destroy(key); refreshCommerce(client); navigate(`/${kind}/${doc.id}`); }, (error: unknown) => message.error(isApiError(error) ? error.message : t('common.error')))}>
              {t('common.undo')}
            </Button>
          </span>
        ),
      });
      navigate(listPath);
    } catch (error) {
      if (isApiError(error, 412)) void client.invalidateQueries({ queryKey: ['commerce'] });
      message.error(isApiError(error) ? error.message : t('common.error'));
    }
  };
  return (
    <Popconfirm title={t('commerce.confirmDelete', { number: doc.number })} okButtonProps={{ danger: true }} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => void confirm()}>
      <Button danger icon={<DeleteOutlined />}>{t('common.delete')}</Button>
    </Popconfirm>
  );
}
