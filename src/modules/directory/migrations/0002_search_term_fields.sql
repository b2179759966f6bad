-- Which field a search term comes from, so a role that may not see phones cannot find people by them either.
ALTER TABLE search_terms ADD COLUMN field text NOT NULL DEFAULT 'name' CHECK (field IN ('name', 'phone', 'email', 'wechat'));
UPDATE search_terms SET field = 'email' WHERE term LIKE '%@%';
UPDATE search_terms SET field = 'phone' WHERE term ~ '^[0-9]+$';
UPDATE search_terms st SET field = 'wechat'
  FROM people p
  WHERE st.entity = 'person' AND p.tenant_id = st.tenant_id AND p.id = st.entity_id AND st.term = lower(p.wechat_id);
UPDATE search_terms st SET field = 'email'
  FROM people p, jsonb_array_elements(p.emails) e
  WHERE st.entity = 'person' AND p.tenant_id = st.tenant_id AND p.id = st.entity_id AND st.term = split_part(e->>'address', '@', 1);
