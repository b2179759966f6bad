/**
 * People import: choose a CSV or Excel file, see which field each column fills (the server's own header
 * dictionary, 姓名/手机/电话/邮箱/地址/公司/生日 and English) and change it, upload with progress; the server imports
 * it as a background job whose progress (bytes and rows) is followed here; then the report — created, matched,
 * queued for review, rejected rows with line and reason, downloadable. Leaving the page does not stop the job.
 */
import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Input, Progress, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { download } from '../../people/lib/csv.ts';
import { uploadPeopleFile, useImportJob, type UploadProgress } from '../api/identity.ts';
import { IdentityNav } from '../components/IdentityNav.tsx';
import { IMPORT_FIELDS, mappingParameter, previewFile, previewMapping, type FilePreview, type TouchpointField } from '../lib/header-preview.ts';
import { reasonText } from '../lib/reasons.ts';
import { rejectedReportCsv } from '../lib/rejected-report.ts';

const SOURCE_NAME = /^[\p{L}\p{N}_.-]{1,60}$/u;

export function PeopleImportPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<FilePreview>();
  const [choices, setChoices] = useState<Record<string, TouchpointField>>({});
  const [sourceName, setSourceName] = useState('');
  const [upload, setUpload] = useState<UploadProgress>();
  const [jobId, setJobId] = useState<string>();
  const [uploadFailure, setUploadFailure] = useState<string>();
  const abort = useRef<AbortController | undefined>(undefined);
  const job = useImportJob(jobId);
  const report = job.data?.status === 'done' ? (job.data.report ?? undefined) : undefined;
  const failure = uploadFailure ?? (job.data?.status === 'failed' ? (job.data.error ?? t('common.error')) : undefined);

  // Only the upload is cancelled when leaving: a job the server has accepted goes on.
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (!report) return;
    void Promise.all([client.invalidateQueries({ queryKey: ['people'] }), client.invalidateQueries({ queryKey: ['identity', 'review'] })]);
    // The report opens below the mapping: bring it into view.
    requestAnimationFrame(() => document.querySelector('[data-testid="import-report"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  }, [report, client]);

  const fields = useMemo(() => (preview?.kind === 'table' ? previewMapping(preview.headers, choices) : []), [preview, choices]);
  const sourceOk = sourceName === '' || SOURCE_NAME.test(sourceName);
  const noName = preview?.kind === 'table' && !fields.includes('name');
  const running = (upload !== undefined || jobId !== undefined) && !report && !failure;

  const choose = async (chosen: File) => {
    setFile(chosen);
    setChoices({});
    setJobId(undefined);
    setUploadFailure(undefined);
    setUpload(undefined);
    setPreview(await previewFile(chosen));
  };

  const start = async () => {
    if (!file) return;
    setUploadFailure(undefined);
    setJobId(undefined);
    abort.current = new AbortController();
    setUpload({ loaded: 0, total: file.size });
    try {
      const mapping = mappingParameter(choices);
      const accepted = await uploadPeopleFile(file, { source: sourceName ? `import:${sourceName}` : 'import', ...(mapping ? { mapping } : {}), onProgress: setUpload, signal: abort.current.signal });
      setJobId(accepted.id);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return setUpload(undefined);
      setUploadFailure(isApiError(error) ? error.message : String(error));
    }
  };

  const downloadRejected = async () => {
    if (!report) return;
    const rejected = report.rejected.map((row) => ({ line: row.line, reason: reasonText(t, i18n.language, row.reason) }));
    const csv = await rejectedReportCsv(rejected, [t('identity.import.reportLine'), t('identity.import.reportReason'), t('identity.import.reportRow')], file);
    download(`${(file?.name ?? 'people').replace(/\.[^.]+$/, '')}.rejected.csv`, csv);
  };

  const fieldOptions = IMPORT_FIELDS.map((field) => ({ value: field, label: t(`identity.importField.${field}`) }));
  const status = job.data;
  const percent = status ? (status.fileSize ? Math.min(100, Math.round((status.bytesRead / status.fileSize) * 100)) : 0) : upload && upload.total > 0 ? Math.round((upload.loaded / upload.total) * 100) : 0;

  return (
    <div className="gx-page">
      <IdentityNav current="import" />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Upload.Dragger
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={running}
          beforeUpload={(chosen) => {
            void choose(chosen);
            return false; // uploaded on "start", with the mapping the user confirmed
          }}
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">{file ? file.name : t('identity.import.drop')}</p>
          <p className="ant-upload-hint">{t('identity.import.hint')}</p>
        </Upload.Dragger>
      </Card>

      {preview?.kind === 'unreadable' && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('identity.import.excelMapping')} />}
      {preview?.kind === 'table' && (
        <Card size="small" title={t('identity.import.mapping')} style={{ marginBottom: 12 }} data-testid="import-mapping">
          {noName && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('identity.import.noName')} data-testid="import-no-name" />}
          <div className="gx-mapping">
            {preview.headers.map((header, i) => {
              const field = fields[i];
              return (
                <div key={`${header}-${i}`} className={field ? 'gx-mapping-item' : 'gx-mapping-item gx-unmapped'} data-testid="mapping-column">
                  <Typography.Text strong>{header || t('identity.import.untitled', { n: i + 1 })}</Typography.Text>
                  <Select
                    size="small"
                    style={{ width: '100%', marginTop: 4 }}
                    value={field}
                    placeholder={t('identity.import.ignored')}
                    options={fieldOptions}
                    allowClear={Boolean(choices[header])}
                    onChange={(value: TouchpointField | undefined) => setChoices((c) => {
                      const next = { ...c };
                      if (value) next[header] = value;
                      else delete next[header];
                      return next;
                    })}
                    aria-label={header}
                  />
                  {choices[header] && <Tag color="blue" style={{ marginTop: 4 }}>{t('identity.import.byHand')}</Tag>}
                </div>
              );
            })}
          </div>
          {preview.rows.length > 0 && (
            <Table
              size="small"
              style={{ marginTop: 12 }}
              pagination={false}
              scroll={{ x: 'max-content' }}
              rowKey={(_, index) => String(index)}
              dataSource={preview.rows.map((cells) => ({ cells }))}
              columns={preview.headers.map((header, i) => ({
                key: String(i),
                title: <span>{header}{fields[i] ? <Tag style={{ marginLeft: 4 }}>{t(`identity.importField.${fields[i]}`)}</Tag> : null}</span>,
                render: (_: unknown, row: { cells: string[] }) => row.cells[i] ?? '',
              }))}
            />
          )}
        </Card>
      )}

      {file && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space wrap align="start">
            <div>
              <Input
                addonBefore={t('identity.import.source')}
                placeholder={t('identity.import.sourcePlaceholder')}
                value={sourceName}
                status={sourceOk ? undefined : 'error'}
                onChange={(e) => setSourceName(e.target.value.trim())}
                style={{ maxWidth: 340 }}
                data-testid="import-source"
              />
              {!sourceOk && <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{t('identity.import.sourceInvalid')}</Typography.Text></div>}
            </div>
            <Button type="primary" onClick={() => void start()} loading={running} disabled={!sourceOk || noName} data-testid="import-start">{t('identity.import.start')}</Button>
            {running && !jobId && <Button onClick={() => abort.current?.abort()}>{t('common.cancel')}</Button>}
          </Space>
          {running && (
            <div style={{ marginTop: 12 }} data-testid="import-progress">
              <Progress percent={percent} status="active" />
              <Typography.Text type="secondary">
                {!status ? t('identity.import.uploading')
                  : status.status === 'queued' ? t('identity.import.queued')
                    : t('identity.import.processing', { rows: status.rowsRead, created: status.created, matched: status.matched, review: status.review, rejected: status.rejected })}
              </Typography.Text>
            </div>
          )}
          {failure && <Alert type="error" showIcon style={{ marginTop: 12 }} message={t('identity.import.failed')} description={failure} data-testid="import-error" />}
        </Card>
      )}

      {report && (
        <Card size="small" title={t('identity.import.done', { seconds: report.seconds.toFixed(1) })} data-testid="import-report">
          <Row gutter={[12, 12]}>
            {(['rowsRead', 'created', 'matched', 'review', 'skipped', 'rejectedCount'] as const).map((key) => (
              <Col key={key} xs={12} sm={8} md={4}>
                <Statistic title={t(`identity.import.count.${key}`)} value={report[key]} valueStyle={key === 'rejectedCount' && report[key] > 0 ? { color: '#cf1322' } : undefined} />
              </Col>
            ))}
          </Row>
          {report.resumed > 0 && <Typography.Paragraph type="secondary">{t('identity.import.resumed', { count: report.resumed })}</Typography.Paragraph>}
          {report.review > 0 && <Typography.Paragraph style={{ marginTop: 8 }}><Link to="/identity/review">{t('identity.import.toReview', { count: report.review })}</Link></Typography.Paragraph>}
          {report.rejectedCount > 0 && (
            <>
              <Space style={{ margin: '12px 0 8px' }} wrap>
                <Typography.Text strong>{t('identity.import.rejected', { count: report.rejectedCount })}</Typography.Text>
                <Button size="small" onClick={() => void downloadRejected()} data-testid="download-rejected">{t('identity.import.downloadRejected')}</Button>
              </Space>
              {report.rejectedCount > report.rejected.length && <Typography.Paragraph type="secondary">{t('identity.import.rejectedCut', { shown: report.rejected.length })}</Typography.Paragraph>}
              <Table<{ line: number; reason: string }>
                size="small"
                rowKey={(row) => `${row.line}-${row.reason}`}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                dataSource={report.rejected}
                data-testid="rejected-rows"
                columns={[
                  { key: 'line', title: t('identity.import.reportLine'), dataIndex: 'line', width: 80 },
                  { key: 'reason', title: t('identity.import.reportReason'), render: (_, row) => <Tooltip title={row.reason}>{reasonText(t, i18n.language, row.reason)}</Tooltip> },
                ]}
              />
            </>
          )}
        </Card>
      )}
    </div>
  );
}
