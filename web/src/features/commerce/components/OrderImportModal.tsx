/**
 * Import historical orders from CSV or Excel (one row per order line; English or Chinese headers). The server runs
 * it as a background job: the file is uploaded, then its progress is polled until it is done, and every rejected
 * row is listed with its line and reason. Orders already there (same number) are skipped, so running the same
 * file again is safe.
 */
import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Checkbox, Descriptions, Modal, Progress, Table, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../../api/client.ts';
import { useFormat } from '../../../i18n/format.ts';

type Job = Schemas['OrderImportJob'];

async function startImport(file: File, createProducts: boolean): Promise<Job> {
  const body = new FormData();
  body.append('file', file);
  const response = await fetch(`/api/v1/orders/imports${createProducts ? '?createProducts=true' : ''}`, { method: 'POST', body, credentials: 'same-origin' });
  const json = (await response.json().catch(() => ({}))) as Job & { error?: { message?: string } };
  if (!response.ok) throw new Error(json.error?.message ?? response.statusText);
  return json;
}

export function OrderImportModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const [createProducts, setCreateProducts] = useState(false);
  const [jobId, setJobId] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [uploading, setUploading] = useState(false);
  const job = useQuery({
    queryKey: ['commerce', 'order-import', jobId],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/orders/imports/{id}', { params: { path: { id: jobId ?? '' } }, signal })),
    enabled: Boolean(jobId),
    // Poll while the job runs; stop when it is finished either way.
    refetchInterval: (query) => (query.state.data && ['done', 'failed'].includes(query.state.data.state) ? false : 1000),
  });
  const j = job.data;
  const finished = j?.state === 'done' || j?.state === 'failed';
  const state = j?.state;
  useEffect(() => {
    // The orders list (and the products a job may have created) change once the job is done.
    if (state !== 'done') return;
    void client.invalidateQueries({ queryKey: ['commerce', 'orders'] });
    void client.invalidateQueries({ queryKey: ['commerce', 'products'] });
  }, [state, client]);

  const upload = async (file: File) => {
    setFailure(undefined);
    setUploading(true);
    try {
      setJobId((await startImport(file, createProducts)).id);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : t('common.error'));
    } finally {
      setUploading(false);
    }
  };

  return (
    <Modal open title={t('commerce.import.title')} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      {!jobId && (
        <>
          <Upload.Dragger accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" showUploadList={false} disabled={uploading} beforeUpload={(file) => { void upload(file); return false; }} data-testid="order-import-file">
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('commerce.import.drop')}</p>
            <p className="ant-upload-hint">{t('commerce.import.hint')}</p>
          </Upload.Dragger>
          <Checkbox checked={createProducts} onChange={(e) => setCreateProducts(e.target.checked)} style={{ marginTop: 12 }}>{t('commerce.import.createProducts')}</Checkbox>
        </>
      )}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginTop: 12 }} />}
      {j && (
        <div data-testid="order-import-job">
          <Progress percent={j.fileSize ? Math.round((j.bytesRead / j.fileSize) * 100) : 0} status={j.state === 'failed' ? 'exception' : finished ? 'success' : 'active'} />
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'state', label: t('commerce.import.state'), children: <span data-testid="order-import-state">{t(`commerce.import.states.${j.state}`)}</span> },
              { key: 'rows', label: t('commerce.import.rows'), children: format.number(j.rowsDone) },
              { key: 'imported', label: t('commerce.import.imported'), children: <span data-testid="order-import-imported">{format.number(j.ordersImported)}</span> },
              { key: 'skipped', label: t('commerce.import.skipped'), children: format.number(j.ordersSkipped) },
              { key: 'lines', label: t('commerce.import.lines'), children: format.number(j.linesImported) },
              { key: 'products', label: t('commerce.import.productsCreated'), children: format.number(j.productsCreated) },
              { key: 'rejected', label: t('commerce.import.rejectedCount'), children: <span data-testid="order-import-rejected">{format.number(j.rowsRejected)}</span> },
            ]}
          />
          {j.error && <Alert type="error" showIcon title={j.error} style={{ marginTop: 8 }} />}
          {j.rejected.length > 0 && (
            <Table
              size="small"
              style={{ marginTop: 8 }}
              rowKey={(r) => `${r.line}-${r.reason}`}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              dataSource={j.rejected}
              columns={[
                { key: 'line', title: t('commerce.import.line'), dataIndex: 'line', width: 64 },
                { key: 'order', title: t('commerce.orders.number'), render: (_, r) => r.orderNumber ?? '—' },
                { key: 'reason', title: t('commerce.import.reason'), dataIndex: 'reason' },
              ]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
