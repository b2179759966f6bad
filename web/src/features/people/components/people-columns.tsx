/**
 * The people table's columns: one definition feeds the table, the column chooser and the CSV export. Cells draw
 * tags as plain spans styled like antd's (app/global.css): a Tag component per cell cost the first render of the
 * list a style-registration pass per instance.
 */
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { CustomField, Person } from '../../../api/client.ts';
import type { Formatters } from '../../../i18n/format.ts';
import { localLabel } from '../../settings/api/settings.ts';

export type PersonColumn = {
  key: string;
  /** Set for custom fields, whose labels come from their definitions rather than the catalogue. */
  title?: string;
  width: number;
  /** Server-side sort key, when the API can sort by it. */
  sort?: string;
  text: (person: Person) => string;
  render?: (person: Person) => React.ReactNode;
};

export const DEFAULT_COLUMNS = ['name', 'phone', 'email', 'relationshipTypes', 'tags', 'city', 'owner', 'createdAt'];

export function personColumns(t: TFunction, format: Formatters, ownerName: (id: string | null) => string): PersonColumn[] {
  return [
    { key: 'name', width: 160, sort: 'name', text: (p) => p.name, render: (p) => <Link to={`/people/${p.id}`}>{p.name}</Link> },
    { key: 'namePinyin', width: 140, text: (p) => p.namePinyin },
    { key: 'phone', width: 150, text: (p) => p.phones[0]?.original ?? '' },
    { key: 'email', width: 200, text: (p) => p.emails[0]?.address ?? '' },
    { key: 'wechatId', width: 120, text: (p) => p.wechatId ?? '' },
    { key: 'gender', width: 80, text: (p) => (p.gender ? t(`gender.${p.gender}`) : '') },
    { key: 'birthday', width: 120, sort: 'birthday', text: (p) => format.date(p.birthday) },
    {
      key: 'relationshipTypes',
      width: 150,
      text: (p) => p.relationshipTypes.map((r) => t(`relationship.${r}`)).join(' / '),
      render: (p) => p.relationshipTypes.map((r) => <span key={r} className={r === 'customer' ? 'gx-tag gx-tag-red' : 'gx-tag'}>{t(`relationship.${r}`)}</span>),
    },
    { key: 'tags', width: 160, text: (p) => p.tags.join(' / '), render: (p) => p.tags.slice(0, 3).map((tag) => <span key={tag} className="gx-tag">{tag}</span>) },
    { key: 'province', width: 100, text: (p) => p.addresses[0]?.province ?? '' },
    { key: 'city', width: 100, text: (p) => p.addresses[0]?.city ?? '' },
    { key: 'source', width: 100, text: (p) => p.source ?? '' },
    { key: 'owner', width: 110, text: (p) => ownerName(p.ownerId) },
    { key: 'createdAt', width: 130, sort: 'createdAt', text: (p) => format.date(p.createdAt) },
    { key: 'updatedAt', width: 130, sort: 'updatedAt', text: (p) => format.date(p.updatedAt) },
  ];
}

/** One column per custom field, sorted by the server (`sort=custom.<key>`). */
export function customColumns(fields: CustomField[], language: string, show: (field: CustomField, value: unknown) => string): PersonColumn[] {
  return fields.map((field) => ({
    key: `custom.${field.key}`,
    title: localLabel(field.label, language, field.key),
    width: 130,
    sort: field.type === 'multi_select' ? undefined : `custom.${field.key}`,
    text: (p) => show(field, p.custom[field.key]),
  }));
}

/** antd columns for the visible keys, with the sort order shown on the sorted one. */
export function toTableColumns(columns: PersonColumn[], visible: string[], sort: string, t: TFunction): ColumnsType<Person> {
  const field = sort.replace(/^-/, '');
  return columns
    .filter((c) => visible.includes(c.key))
    .map((c) => ({
      key: c.key,
      title: c.title ?? t(`person.fields.${c.key}`),
      width: c.width,
      ellipsis: true,
      fixed: c.key === 'name' ? ('left' as const) : undefined,
      sorter: c.sort !== undefined,
      sortOrder: c.sort === field ? (sort.startsWith('-') ? ('descend' as const) : ('ascend' as const)) : null,
      render: (_: unknown, person: Person) => (c.render ? c.render(person) : c.text(person)),
    }));
}
