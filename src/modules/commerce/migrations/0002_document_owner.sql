-- Commerce documents belong to the customer's owner (they used to belong to whoever typed them in), so that the
-- customer's salesperson, their manager and finance see and act on them, and a handover moves them with the
-- customer. Existing documents keep the owner they had: their creator.
ALTER TABLE quotes ADD COLUMN owner_id uuid;
ALTER TABLE contracts ADD COLUMN owner_id uuid;
ALTER TABLE orders ADD COLUMN owner_id uuid;
ALTER TABLE receivables ADD COLUMN owner_id uuid;
ALTER TABLE payables ADD COLUMN owner_id uuid;
UPDATE quotes SET owner_id = created_by;
UPDATE contracts SET owner_id = created_by;
UPDATE orders SET owner_id = created_by;
UPDATE receivables SET owner_id = created_by;
UPDATE payables SET owner_id = created_by;
CREATE INDEX quotes_owner_idx ON quotes (tenant_id, owner_id);
CREATE INDEX contracts_owner_idx ON contracts (tenant_id, owner_id);
CREATE INDEX orders_owner_idx ON orders (tenant_id, owner_id);
CREATE INDEX receivables_owner_idx ON receivables (tenant_id, owner_id);
CREATE INDEX payables_owner_idx ON payables (tenant_id, owner_id);

-- Is an order invoiced? (Its lines may change only while it is not.)
CREATE INDEX receivables_order_idx ON receivables (tenant_id, order_id) WHERE order_id IS NOT NULL;
