-- A merge of two organisations (directory module) moves the duplicate's quotes, contracts, orders, order lines,
-- receivables and payables with `UPDATE … WHERE tenant_id = $1 AND organisation_id = $2` (payables:
-- partner_organisation_id). Only live orders had an index (partial, so useless to the relinker, which moves deleted
-- documents too): without these, each merge scans every document of the tenant, table by table.
CREATE INDEX quotes_organisation_idx ON quotes (tenant_id, organisation_id);
CREATE INDEX contracts_organisation_idx ON contracts (tenant_id, organisation_id);
CREATE INDEX orders_organisation_all_idx ON orders (tenant_id, organisation_id);
CREATE INDEX order_lines_organisation_idx ON order_lines (tenant_id, organisation_id);
CREATE INDEX receivables_organisation_idx ON receivables (tenant_id, organisation_id);
CREATE INDEX payables_partner_idx ON payables (tenant_id, partner_organisation_id);
