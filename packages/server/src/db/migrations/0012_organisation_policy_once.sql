-- The organisation read policy called aikom_org_visible() for every row it looked at. A SQL function whose body has a
-- sub-select is never inlined, so each row paid a function call and eight setting lookups: at the national scale
-- (≈ 14 000 organisations) every join with organisation — the campaign and report roll-ups, the school lists — spent
-- most of its time there. The same condition written with sub-selects is evaluated once per query (init plans), as
-- the other tables' policies already are. Who sees what does not change.
DROP POLICY organisation_read ON organisation;
CREATE POLICY organisation_read ON organisation FOR SELECT USING (
  (SELECT aikom_scope_national())
  OR kind = 'ministry'
  OR region_id = (SELECT aikom_scope_region()) OR id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo()) OR id = (SELECT aikom_scope_ouo())
  OR id = (SELECT aikom_scope_school())
  OR id = ANY ((SELECT aikom_scope_schools())::uuid[])
  OR id = (SELECT aikom_setting('aikom.own_region')::uuid)
  OR id = (SELECT aikom_setting('aikom.own_ouo')::uuid)
);
