/**
 * The review queue: uncertain pairs, most likely first, each shown side by side with the match probability and
 * why. Merge (A), not the same person (N) or skip (S); a merge can be undone from the message it leaves.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Progress, Result, Row, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.ts';
import { PageLoading } from '../../../app/PageLoading.tsx';
import { afterMergeChange, decidePair, QUEUE_PAGE, usePersonIfAny, useReviewQueue, useUnmerge, type ReviewPair } from '../api/identity.ts';
import { ExplanationBars } from '../components/ExplanationBars.tsx';
import { IdentityNav } from '../components/IdentityNav.tsx';
import { ModelPanel } from '../components/ModelPanel.tsx';
import { PairComparison } from '../components/PairComparison.tsx';
import { explain, percent } from '../lib/explanation.ts';

type Decision = 'same' | 'different' | 'skip';
const KEYS: Record<string, Decision> = { a: 'same', n: 'different', s: 'skip' };

export function ReviewQueuePage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const queue = useReviewQueue();
  const unmerge = useUnmerge();
  const [skipped, setSkipped] = useState<string[]>([]);
  const [decided, setDecided] = useState(0);
  const [busy, setBusy] = useState(false);

  const remaining = useMemo(() => (queue.data ?? []).filter((pair) => !skipped.includes(pair.id)), [queue.data, skipped]);
  const pair: ReviewPair | undefined = remaining[0];
  const left = usePersonIfAny(pair?.leftId);
  const right = usePersonIfAny(pair?.rightId);

  const act = useCallback(
    async (decision: Decision) => {
      if (!pair || busy) return;
      let gone: string | undefined;
      if (decision === 'skip') {
        setSkipped((s) => [...s, pair.id]);
        return;
      }
      setBusy(true);
      try {
        const result = await decidePair(pair.id, decision);
        setDecided((n) => n + 1);
        const merged = result.merge;
        gone = merged?.mergedId;
        if (merged) {
          const key = `merged-${merged.id}`;
          message.success({
            key,
            duration: 8,
            content: (
              <span data-testid="merged-message">
                {t('identity.review.merged', { name: pair.leftName })}{' '}
                <Button size="small" type="link" onClick={() => { message.destroy(key); void unmerge.mutateAsync(merged.id).then(() => message.info(t('identity.merge.undone'))); }}>{t('common.undo')}</Button>
              </span>
            ),
          });
        } else message.info(t('identity.review.keptApart'));
      } catch (error) {
        // Decided elsewhere meanwhile (409), or the people changed: show it and move on with a fresh queue.
        modal.error({ title: t('identity.review.failed'), content: isApiError(error) ? error.message : String(error) });
      } finally {
        await afterMergeChange(client, gone);
        setBusy(false);
      }
    },
    [pair, busy, client, message, modal, t, unmerge],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const decision = KEYS[event.key.toLowerCase()];
      if (decision) {
        event.preventDefault();
        void act(decision);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act]);

  if (queue.isPending) return <PageLoading />;
  if (queue.isError) return <Result status="error" title={t('common.error')} />;

  const total = decided + (queue.data?.length ?? 0);
  const explained = pair ? explain(pair.explanation) : null;
  const key = (letter: string) => <Typography.Text keyboard>{letter}</Typography.Text>;

  return (
    <div className="gx-page">
      <IdentityNav current="review" />
      <Card size="small" style={{ marginBottom: 12 }}>
        <div data-testid="review-progress">
          <Typography.Text>
            {t('identity.review.progress', { done: decided, left: remaining.length })}
            {(queue.data?.length ?? 0) >= QUEUE_PAGE ? ` ${t('identity.review.more')}` : ''}
            {skipped.length > 0 ? ` · ${t('identity.review.skippedCount', { count: skipped.length })}` : ''}
          </Typography.Text>
          <Progress percent={total ? Math.round((decided / total) * 100) : 100} size="small" showInfo={false} />
        </div>
      </Card>
      {!pair ? (
        <Card>
          <Empty description={skipped.length ? t('identity.review.onlySkipped', { count: skipped.length }) : t('identity.review.empty')}>
            {skipped.length > 0 && <Button onClick={() => setSkipped([])}>{t('identity.review.showSkipped')}</Button>}
          </Empty>
        </Card>
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={24}>
            <Card size="small">
              <div className="gx-review-actions" data-testid="review-actions">
                <div style={{ marginRight: 'auto' }}>
                  <div className="gx-probability" data-testid="review-probability">{percent(pair.probability)}</div>
                  <Typography.Text type="secondary">{t('identity.review.probability')}</Typography.Text>
                </div>
                <Button type="primary" loading={busy} onClick={() => void act('same')} data-testid="review-merge">{t('identity.review.merge')} {key('A')}</Button>
                <Button danger disabled={busy} onClick={() => void act('different')} data-testid="review-reject">{t('identity.review.reject')} {key('N')}</Button>
                <Button disabled={busy} onClick={() => void act('skip')} data-testid="review-skip">{t('identity.review.skip')} {key('S')}</Button>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('identity.review.survivorNote')}</Typography.Text>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={<Space>{pair.leftName}<span>⇄</span>{pair.rightName}</Space>}>
              <PairComparison left={left.data} right={right.data} />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('identity.explain.title')}>
              {explained ? <ExplanationBars explained={explained} /> : <Typography.Text type="secondary">{t('identity.explain.none')}</Typography.Text>}
            </Card>
          </Col>
        </Row>
      )}
      <ModelPanel />
    </div>
  );
}
