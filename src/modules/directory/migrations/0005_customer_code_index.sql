-- The order import finds customers by the custom field customer_code, once per batch of 200 orders; without an
-- index each lookup read every live person and organisation of the tenant. Partial on the records that have a code,
-- so customers without one (most of them) cost nothing; the lookup says `IS NOT NULL` so the planner can use it.
CREATE INDEX people_customer_code_idx ON people (tenant_id, (custom ->> 'customer_code')) WHERE deleted_at IS NULL AND (custom ->> 'customer_code') IS NOT NULL;
CREATE INDEX organisations_customer_code_idx ON organisations (tenant_id, (custom ->> 'customer_code')) WHERE deleted_at IS NULL AND (custom ->> 'customer_code') IS NOT NULL;
