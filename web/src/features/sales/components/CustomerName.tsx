/**
 * The customer of a sales or commerce record, by name and linked to its 360 page. Records carry only ids; each
 * name is one cached read shared with the organisation and person pages (same query keys), so a board of cards
 * for the same few customers asks once per customer.
 */
import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useRef } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client.ts';
import { useSeen } from '../lib/use-seen.ts';

/**
 * `whenSeen`: ask for the name only once the name is near the screen. `knownName`: the name came with the record
 * (the kanban's cards carry it; null = the caller may not see the customer), so nothing is asked.
 */
type Props = { organisationId?: string | null; personId?: string | null; link?: boolean; whenSeen?: boolean; knownName?: string | null };

export function CustomerName({ organisationId, personId, link = true, whenSeen = false, knownName }: Props) {
  const anchor = useRef<HTMLSpanElement>(null);
  const seen = useSeen(anchor, whenSeen) && knownName === undefined;
  const organisation = useQuery({
    queryKey: ['organisations', 'one', organisationId],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/organisations/{id}', { params: { path: { id: organisationId ?? '' } }, signal })),
    enabled: Boolean(organisationId) && seen,
    staleTime: 5 * 60_000,
  });
  const person = useQuery({
    queryKey: ['people', 'one', personId],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/people/{id}', { params: { path: { id: personId ?? '' } }, signal })),
    enabled: Boolean(personId) && !organisationId && seen,
    staleTime: 5 * 60_000,
  });
  const name = knownName !== undefined ? knownName ?? undefined : organisationId ? organisation.data?.name : person.data?.name;
  const to = organisationId ? `/organisations/${organisationId}` : personId ? `/people/${personId}` : undefined;
  if (!to) return <Typography.Text type="secondary">—</Typography.Text>;
  // A customer the caller may not see answers 404: show a dash rather than an id.
  const label = name ?? (knownName === undefined && (organisationId ? organisation.isPending : person.isPending) ? '…' : '—');
  return <span ref={anchor}>{link && name ? <Link to={to} draggable={false} onClick={(e) => e.stopPropagation()}>{label}</Link> : label}</span>;
}
