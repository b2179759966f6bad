-- A merge of two people (identity module) also repoints family members that name the merged person as a relative
-- (`UPDATE family_members SET related_person_id = … WHERE tenant_id = $1 AND related_person_id = $2`, directory
-- person-relink.ts), and erasure clears them. Without this index each of those reads the tenant's whole family table.
-- Partial: most family members are not people in the directory.
CREATE INDEX family_members_related_person_idx ON family_members (tenant_id, related_person_id) WHERE related_person_id IS NOT NULL;
