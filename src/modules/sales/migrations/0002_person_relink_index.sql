-- A merge of two people (identity module) moves the merged person's opportunities and converted leads with
-- `UPDATE … WHERE tenant_id = $1 AND person_id = $2` (leads: converted_person_id). Without these indexes each merge
-- scans all the tenant's opportunities and leads inside its transaction. Not partial: deleted rows move as well.
CREATE INDEX opportunities_person_idx ON opportunities (tenant_id, person_id);
CREATE INDEX leads_converted_person_idx ON leads (tenant_id, converted_person_id);
