-- The search box's first tier looks people up by their own name keys (as written, full pinyin, initials).
CREATE INDEX people_name_folded_idx ON people (tenant_id, name_folded) WHERE deleted_at IS NULL;
CREATE INDEX people_name_initials_idx ON people (tenant_id, name_initials) WHERE deleted_at IS NULL;
