-- Commerce: catalogue (categories, products, price lists), quotes, contracts, orders with lines (the purchase
-- history), receivables with instalments and payments, payables. Money: numeric + ISO currency; line amounts
-- are rounded half-up to 2 decimals per line and document totals are sums of the rounded lines.

CREATE TABLE product_categories (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  parent_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE products (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  category_id uuid,
  unit text NOT NULL DEFAULT 'pcs',
  list_price numeric(18, 4) NOT NULL,
  currency char(3) NOT NULL,
  tax_rate numeric(5, 2) NOT NULL DEFAULT 13,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, sku)
);

CREATE TABLE price_lists (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  name text NOT NULL,
  currency char(3) NOT NULL,
  valid_from date,
  valid_to date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE price_list_items (
  tenant_id uuid NOT NULL,
  price_list_id uuid NOT NULL,
  product_id uuid NOT NULL,
  unit_price numeric(18, 4) NOT NULL,
  PRIMARY KEY (tenant_id, price_list_id, product_id)
);

-- Quotes and orders share the shape of a priced document with lines.
CREATE TABLE quotes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  number text NOT NULL,
  organisation_id uuid,
  person_id uuid,
  opportunity_id uuid,
  price_list_id uuid,
  currency char(3) NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'accepted', 'rejected', 'expired')),
  valid_until date,
  subtotal numeric(18, 2) NOT NULL,
  discount_total numeric(18, 2) NOT NULL,
  tax_total numeric(18, 2) NOT NULL,
  total numeric(18, 2) NOT NULL,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number)
);

CREATE TABLE quote_lines (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  quote_id uuid NOT NULL,
  position integer NOT NULL,
  product_id uuid,
  description text NOT NULL,
  quantity numeric(18, 3) NOT NULL,
  unit_price numeric(18, 4) NOT NULL,
  discount_percent numeric(5, 2) NOT NULL DEFAULT 0,
  tax_rate numeric(5, 2) NOT NULL DEFAULT 0,
  gross_amount numeric(18, 2) NOT NULL,
  discount_amount numeric(18, 2) NOT NULL,
  net_amount numeric(18, 2) NOT NULL,
  tax_amount numeric(18, 2) NOT NULL,
  total_amount numeric(18, 2) NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, quote_id) REFERENCES quotes (tenant_id, id)
);
CREATE INDEX quote_lines_quote_idx ON quote_lines (tenant_id, quote_id, position);

CREATE TABLE contracts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  number text NOT NULL,
  title text NOT NULL,
  organisation_id uuid,
  person_id uuid,
  opportunity_id uuid,
  quote_id uuid,
  value numeric(18, 2) NOT NULL,
  currency char(3) NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'expired', 'terminated')),
  signed_on date,
  starts_on date,
  ends_on date,
  renewal_on date,
  warranty_ends_on date,
  terms text,
  signed_file_name text,
  signed_file_type text,
  signed_file_key text,
  signed_file_sha256 text,
  signed_file_size bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number)
);

CREATE TABLE orders (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  number text NOT NULL,
  organisation_id uuid,
  person_id uuid,
  contract_id uuid,
  quote_id uuid,
  ordered_on date NOT NULL,
  channel text,
  region text,
  store text,
  currency char(3) NOT NULL,
  status text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'delivered', 'cancelled')),
  subtotal numeric(18, 2) NOT NULL,
  discount_total numeric(18, 2) NOT NULL,
  tax_total numeric(18, 2) NOT NULL,
  total numeric(18, 2) NOT NULL,
  source text NOT NULL DEFAULT 'api',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  -- The order number is the idempotency key of imports: a re-run finds the order already there.
  UNIQUE (tenant_id, number)
);
CREATE INDEX orders_customer_idx ON orders (tenant_id, organisation_id, ordered_on DESC) WHERE deleted_at IS NULL;
CREATE INDEX orders_person_idx ON orders (tenant_id, person_id, ordered_on DESC) WHERE deleted_at IS NULL;

-- Order lines are the purchase history: each carries the customer, date, channel, region and store of its order
-- so that analytics reads one table.
CREATE TABLE order_lines (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  order_id uuid NOT NULL,
  position integer NOT NULL,
  product_id uuid,
  sku text,
  description text NOT NULL,
  quantity numeric(18, 3) NOT NULL,
  unit_price numeric(18, 4) NOT NULL,
  discount_percent numeric(5, 2) NOT NULL DEFAULT 0,
  tax_rate numeric(5, 2) NOT NULL DEFAULT 0,
  gross_amount numeric(18, 2) NOT NULL,
  discount_amount numeric(18, 2) NOT NULL,
  net_amount numeric(18, 2) NOT NULL,
  tax_amount numeric(18, 2) NOT NULL,
  total_amount numeric(18, 2) NOT NULL,
  organisation_id uuid,
  person_id uuid,
  ordered_on date NOT NULL,
  channel text,
  region text,
  store text,
  currency char(3) NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX order_lines_order_idx ON order_lines (tenant_id, order_id, position);
CREATE INDEX order_lines_history_idx ON order_lines (tenant_id, ordered_on, id);
CREATE INDEX order_lines_product_idx ON order_lines (tenant_id, product_id, ordered_on);

CREATE TABLE receivables (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  number text NOT NULL,
  order_id uuid,
  contract_id uuid,
  organisation_id uuid,
  person_id uuid,
  currency char(3) NOT NULL,
  amount numeric(18, 2) NOT NULL,
  paid_amount numeric(18, 2) NOT NULL DEFAULT 0,
  issued_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number)
);

CREATE TABLE instalments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  receivable_id uuid NOT NULL,
  position integer NOT NULL,
  due_on date NOT NULL,
  amount numeric(18, 2) NOT NULL,
  paid_amount numeric(18, 2) NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, receivable_id) REFERENCES receivables (tenant_id, id)
);
CREATE INDEX instalments_due_idx ON instalments (tenant_id, due_on) WHERE paid_amount < amount;

CREATE TABLE payments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  receivable_id uuid NOT NULL,
  paid_on date NOT NULL,
  amount numeric(18, 2) NOT NULL,
  method text,
  reference text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, receivable_id) REFERENCES receivables (tenant_id, id)
);

-- What we owe: suppliers, and commissions to partners (dealers, agents) on orders.
CREATE TABLE payables (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('supplier', 'commission')),
  partner_organisation_id uuid NOT NULL,
  order_id uuid,
  description text NOT NULL,
  currency char(3) NOT NULL,
  amount numeric(18, 2) NOT NULL,
  due_on date,
  paid_on date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);
