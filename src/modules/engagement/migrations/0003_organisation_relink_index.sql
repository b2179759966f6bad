-- A merge of two organisations (directory module) moves the duplicate's interactions and tasks with
-- `UPDATE … WHERE tenant_id = $1 AND organisation_id = $2`. interactions_org_idx is partial (live rows only) and
-- tasks had none, so each merge would scan the tenant's interactions and tasks inside its transaction. Not partial:
-- the relinker moves deleted rows as well.
CREATE INDEX interactions_organisation_all_idx ON interactions (tenant_id, organisation_id);
CREATE INDEX tasks_organisation_idx ON tasks (tenant_id, organisation_id);
