-- The customer master: organisations, people, who works where, family, key dates, custom fields, search terms.

CREATE TABLE organisations (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  name_folded text NOT NULL,
  name_pinyin text NOT NULL,
  legal_name text,
  industry_code text,
  relationship_types text[] NOT NULL DEFAULT '{}',
  owner_id uuid,
  source text,
  tags text[] NOT NULL DEFAULT '{}',
  phones jsonb NOT NULL DEFAULT '[]',
  emails jsonb NOT NULL DEFAULT '[]',
  website text,
  address jsonb,
  province text,
  city text,
  notes text,
  custom jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX organisations_name_idx ON organisations (tenant_id, name_pinyin, id) WHERE deleted_at IS NULL;
CREATE INDEX organisations_created_idx ON organisations (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX organisations_owner_idx ON organisations (tenant_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX organisations_tags_idx ON organisations USING gin (tags);

CREATE TABLE people (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  name_folded text NOT NULL,
  name_pinyin text NOT NULL,
  name_initials text NOT NULL,
  gender text CHECK (gender IN ('female', 'male', 'other', 'unknown')),
  birthday date,
  phones jsonb NOT NULL DEFAULT '[]',
  emails jsonb NOT NULL DEFAULT '[]',
  wechat_id text,
  addresses jsonb NOT NULL DEFAULT '[]',
  province text,
  city text,
  relationship_types text[] NOT NULL DEFAULT '{}',
  owner_id uuid,
  source text,
  tags text[] NOT NULL DEFAULT '{}',
  notes text,
  custom jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX people_name_idx ON people (tenant_id, name_pinyin, id) WHERE deleted_at IS NULL;
CREATE INDEX people_created_idx ON people (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX people_owner_idx ON people (tenant_id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX people_region_idx ON people (tenant_id, province, city) WHERE deleted_at IS NULL;
CREATE INDEX people_tags_idx ON people USING gin (tags);

-- A person can work at several organisations, each with a title and role.
CREATE TABLE memberships (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  organisation_id uuid NOT NULL,
  title text,
  role text,
  is_primary boolean NOT NULL DEFAULT false,
  started_on date,
  ended_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id),
  UNIQUE (tenant_id, person_id, organisation_id)
);
CREATE INDEX memberships_organisation_idx ON memberships (tenant_id, organisation_id);

-- Family members and key dates feed the relationship engine (customer–care: birthdays, anniversaries).
CREATE TABLE family_members (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  name text NOT NULL,
  relation text NOT NULL CHECK (relation IN ('spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other')),
  gender text CHECK (gender IN ('female', 'male', 'other', 'unknown')),
  birthday date,
  related_person_id uuid,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX family_members_person_idx ON family_members (tenant_id, person_id);

CREATE TABLE key_dates (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  person_id uuid,
  organisation_id uuid,
  kind text NOT NULL CHECK (kind IN ('birthday', 'anniversary', 'wedding', 'contract_start', 'contract_end', 'renewal', 'warranty_end', 'founding', 'other')),
  label text,
  date date NOT NULL,
  recurring boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id),
  CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX key_dates_person_idx ON key_dates (tenant_id, person_id);
CREATE INDEX key_dates_organisation_idx ON key_dates (tenant_id, organisation_id);

CREATE TABLE custom_field_definitions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  object_type text NOT NULL CHECK (object_type IN ('person', 'organisation')),
  key text NOT NULL,
  label jsonb NOT NULL,
  type text NOT NULL CHECK (type IN ('text', 'number', 'date', 'select', 'multi_select', 'boolean', 'money', 'reference')),
  options jsonb NOT NULL DEFAULT '[]',
  reference_type text CHECK (reference_type IN ('person', 'organisation')),
  required boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, object_type, key)
);

-- Search terms: every prefix-searchable form of a record (folded name and its suffixes, pinyin and initials in
-- both name orders, phone-digit suffixes, e-mails). A b-tree prefix scan answers in milliseconds at 1M people,
-- including the 2-character queries (张伟, zw) that trigram indexes cannot serve.
CREATE TABLE search_terms (
  tenant_id uuid NOT NULL,
  entity text NOT NULL CHECK (entity IN ('person', 'organisation')),
  entity_id uuid NOT NULL,
  term text NOT NULL
);
CREATE INDEX search_terms_term_idx ON search_terms (tenant_id, entity, term text_pattern_ops);
CREATE INDEX search_terms_entity_idx ON search_terms (tenant_id, entity_id);
