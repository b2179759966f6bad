-- A merge of two organisations (directory module) moves the duplicate's opportunities and converted leads with
-- `UPDATE … WHERE tenant_id = $1 AND organisation_id = $2` (leads: converted_organisation_id). opportunities_org_idx
-- is partial (live rows only) and leads had none. Not partial: deleted rows move as well.
CREATE INDEX opportunities_organisation_all_idx ON opportunities (tenant_id, organisation_id);
CREATE INDEX leads_converted_organisation_idx ON leads (tenant_id, converted_organisation_id);
