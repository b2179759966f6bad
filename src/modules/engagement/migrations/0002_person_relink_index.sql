-- A merge of two people (identity module) moves the merged person's tasks with
-- `UPDATE tasks … WHERE tenant_id = $1 AND person_id = $2`, and un-merge checks them back by id. Without an index on
-- person_id that update scans every task of the tenant inside the merge transaction (and the person page's task
-- list by person scans too). Not partial: the relinker moves deleted tasks as well.
CREATE INDEX tasks_person_idx ON tasks (tenant_id, person_id);
