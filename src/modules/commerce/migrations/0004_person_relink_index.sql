-- A merge of two people (identity module) moves the merged person's quotes, contracts, orders, order lines and
-- receivables with `UPDATE … WHERE tenant_id = $1 AND person_id = $2`. Without these indexes each merge scans every
-- document of the tenant, table by table, inside its transaction. orders_person_idx is partial (live orders only),
-- so it cannot serve the relinker, which moves deleted documents too: orders get a full index of their own.
CREATE INDEX quotes_person_idx ON quotes (tenant_id, person_id);
CREATE INDEX contracts_person_idx ON contracts (tenant_id, person_id);
CREATE INDEX orders_person_all_idx ON orders (tenant_id, person_id);
CREATE INDEX order_lines_person_idx ON order_lines (tenant_id, person_id);
CREATE INDEX receivables_person_idx ON receivables (tenant_id, person_id);
